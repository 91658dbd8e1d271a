/**
 * TUF repositories (domain.md §9): upload, list and view; plus the pagination machinery every list in
 * this API shares (dropshot's `PaginationParams` and page tokens; trust roots use it too).
 */
import { parseSemver } from "../../../src/rules/semver.js";
import type { HandlerContext } from "./context.js";
import { denyUnlessReader } from "../http/auth.js";
import { badPathParameter, badRequest, conflict, forbidden, internalError, jsonResponse, objectNotFound } from "../dropshot/errors.js";
import type { MockResponse } from "../http/message.js";
import type { Repository } from "../simulator/state.js";
import { readRepositoryArchive, type RepositoryArtifact } from "../tuf/archive.js";

// ---------------------------------------------------------------------------------------------------
// Pagination: the query (`limit`, `page_token`, scan parameters) and tokens, with dropshot's texts.
// ---------------------------------------------------------------------------------------------------

/** A scan mode enum (`VersionSortMode`, `IdSortMode`) and how its page token names the last item. */
export interface ScanSpec<Mode extends string> {
  /** Variants in declaration order: serde lists them so in "unknown variant" messages. */
  readonly modes: readonly [Mode, ...Mode[]];
  readonly defaultMode: Mode;
  /** The token's `last_seen` (already JSON) as its canonical text, or undefined when it does not parse. */
  parseLastSeen(value: unknown): string | undefined;
}

export interface PageRequest<Mode extends string> {
  readonly limit: number;
  readonly mode: Mode;
  /** The last item of the previous page (canonical text); null on the first page. */
  readonly lastSeen: string | null;
}

const QUERY_ERROR = "unable to parse query string: ";
const TOKEN_ERROR = "failed to parse pagination token: ";
/** Dropshot's server defaults, which Nexus does not override: larger limits are clamped, not refused. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;
const MAX_TOKEN_LENGTH = 512;

/** Rust's `u32::from_str` messages, as serde_urlencoded passes them on. */
function parseU32(text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (text === "") return { ok: false, message: "cannot parse integer from empty string" };
  const digits = text.startsWith("+") ? text.slice(1) : text;
  if (digits === "") return { ok: false, message: "invalid digit found in string" };
  // Digit by digit, as Rust does: an overflow is reported even if a bad character follows it.
  let value = 0;
  for (const ch of digits) {
    if (ch < "0" || ch > "9") return { ok: false, message: "invalid digit found in string" };
    value = value * 10 + Number(ch);
    if (value > 0xffffffff) return { ok: false, message: "number too large to fit in target type" };
  }
  return { ok: true, value };
}

/**
 * Parses the pagination query as dropshot does (serde_urlencoded into `PaginationParams`): `limit` is a
 * plain field, checked while the pairs are read; `page_token` or the scan parameters are a flattened
 * field, looked at afterwards. So a bad limit is reported first; with a token, `sort_by` is ignored
 * (the token carries the mode); a repeated `limit` is a duplicate field, other repeats keep the last.
 */
export function parsePageQuery<Mode extends string>(
  query: URLSearchParams,
  spec: ScanSpec<Mode>,
): { ok: true; page: PageRequest<Mode> } | { ok: false; message: string } {
  const limits = query.getAll("limit");
  let limit = DEFAULT_LIMIT;
  if (limits.length > 1) return { ok: false, message: `${QUERY_ERROR}duplicate field \`limit\`` };
  const rawLimit = limits[0];
  if (rawLimit !== undefined) {
    const parsed = parseU32(rawLimit);
    if (!parsed.ok) return { ok: false, message: QUERY_ERROR + parsed.message };
    // serde's NonZeroU32: `invalid value: integer `0`, expected a nonzero u32` (serde 1.0.228's visitor).
    if (parsed.value === 0) return { ok: false, message: `${QUERY_ERROR}invalid value: integer \`0\`, expected a nonzero u32` };
    limit = Math.min(parsed.value, MAX_LIMIT);
  }
  const token = query.getAll("page_token").pop();
  if (token !== undefined) {
    const decoded = decodePageToken(token, spec);
    if (!decoded.ok) return { ok: false, message: QUERY_ERROR + TOKEN_ERROR + decoded.message };
    return { ok: true, page: { limit, mode: decoded.mode, lastSeen: decoded.lastSeen } };
  }
  const sortBy = query.getAll("sort_by").pop();
  if (sortBy === undefined) return { ok: true, page: { limit, mode: spec.defaultMode, lastSeen: null } };
  const mode = spec.modes.find((m) => m === sortBy);
  if (mode === undefined) return { ok: false, message: `${QUERY_ERROR}unknown variant \`${sortBy}\`, expected ${oneOf(spec.modes)}` };
  return { ok: true, page: { limit, mode, lastSeen: null } };
}

/** serde's `OneOf` list: `` `a` ``, `` `a` or `b` ``, or `` one of `a`, `b`, `c` ``. */
function oneOf(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length <= 2) return quoted.join(" or ");
  return `one of ${quoted.join(", ")}`;
}

const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * The `base64` crate's (0.22) URL-safe engine with canonical padding, its checks in its order and its
 * `DecodeError` texts: bad symbols before length, then padding, then stray bits in the last symbol.
 */
export function decodeBase64UrlSafe(text: string): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  const input = new TextEncoder().encode(text);
  const value = (byte: number): number => (byte < 128 ? URL_SAFE.indexOf(String.fromCharCode(byte)) : -1);
  const invalidByte = (index: number, byte: number) => ({ ok: false as const, message: `Invalid symbol ${byte}, offset ${index}.` });
  const rem = input.length % 4;
  const lastByte = input[input.length - 1] ?? 0;
  if (rem === 1 && lastByte !== 0x3d && value(lastByte) < 0) return invalidByte(input.length - 1, lastByte);
  const quadsEnd = Math.max(0, input.length - rem - (rem === 0 ? 4 : 0));
  const morsels: number[] = [];
  for (let i = 0; i < quadsEnd; i++) {
    const v = value(input[i] ?? 0);
    if (v < 0) return invalidByte(i, input[i] ?? 0);
    morsels.push(v);
  }
  let suffix = 0;
  let padding = 0;
  let firstPadding = 0;
  let lastSymbol = 0;
  for (let i = quadsEnd; i < input.length; i++) {
    const byte = input[i] ?? 0;
    if (byte === 0x3d) {
      if (i - quadsEnd < 2) return invalidByte(i, byte);
      if (padding === 0) firstPadding = i;
      padding += 1;
      continue;
    }
    if (padding > 0) return invalidByte(firstPadding, 0x3d);
    const v = value(byte);
    if (v < 0) return invalidByte(i, byte);
    lastSymbol = byte;
    morsels.push(v);
    suffix += 1;
  }
  if (input.length > 0 && suffix < 2) return { ok: false, message: `Invalid input length: ${quadsEnd + suffix}` };
  if ((padding + suffix) % 4 !== 0) return { ok: false, message: "Invalid padding" };
  const bits = morsels.length * 6;
  const out = new Uint8Array(Math.floor(bits / 8));
  let acc = 0;
  let accBits = 0;
  let o = 0;
  for (const m of morsels) {
    acc = ((acc << 6) | m) & 0xffffff;
    accBits += 6;
    if (accBits >= 8) {
      accBits -= 8;
      out[o++] = (acc >> accBits) & 0xff;
    }
  }
  if (accBits > 0 && (acc & ((1 << accBits) - 1)) !== 0) {
    return { ok: false, message: `Invalid last symbol ${lastSymbol}, offset ${quadsEnd + suffix - 1}.` };
  }
  return { ok: true, bytes: out };
}

function decodePageToken<Mode extends string>(
  token: string,
  spec: ScanSpec<Mode>,
): { ok: true; mode: Mode; lastSeen: string } | { ok: false; message: string } {
  if (new TextEncoder().encode(token).length > MAX_TOKEN_LENGTH) return { ok: false, message: "too large" };
  const decoded = decodeBase64UrlSafe(token);
  if (!decoded.ok) return decoded;
  // Any JSON or shape problem is "corrupted token": dropshot hides serde's message on purpose.
  const corrupted = { ok: false as const, message: "corrupted token" };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(decoded.bytes));
  } catch {
    return corrupted;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return corrupted;
  const { v, page_start: start } = value as { v?: unknown; page_start?: unknown };
  if (v !== "v1" || typeof start !== "object" || start === null || Array.isArray(start)) return corrupted;
  const { sort_by: sortBy, last_seen: lastSeenValue } = start as { sort_by?: unknown; last_seen?: unknown };
  const mode = sortBy === undefined ? spec.defaultMode : spec.modes.find((m) => m === sortBy);
  const lastSeen = spec.parseLastSeen(lastSeenValue);
  if (mode === undefined || lastSeen === undefined) return corrupted;
  return { ok: true, mode, lastSeen };
}

/** `{"v":"v1","page_start":{"sort_by":…,"last_seen":…}}`, base64 URL-safe with padding; null if too long. */
export function encodePageToken(mode: string, lastSeen: string): string | null {
  const json = new TextEncoder().encode(JSON.stringify({ v: "v1", page_start: { sort_by: mode, last_seen: lastSeen } }));
  const token = btoa(Array.from(json, (byte) => String.fromCharCode(byte)).join("")).replaceAll("+", "-").replaceAll("/", "_");
  return token.length > MAX_TOKEN_LENGTH ? null : token;
}

/**
 * One page of `items` in keyset order (keys compared as byte strings, as the database does), and the
 * `ResultsPage` body: `next_page` names the last item whenever the page is not empty. A token that would
 * be too long is an internal error upstream (dropshot refuses to hand it out).
 */
export function resultsPage<T, Mode extends string>(
  items: readonly T[],
  page: PageRequest<Mode>,
  options: { readonly descending: boolean; key(item: T): string; lastSeenOf(item: T): string; view(item: T): unknown },
): MockResponse {
  const direction = options.descending ? -1 : 1;
  const compare = (a: string, b: string): number => (a < b ? -direction : a > b ? direction : 0);
  const marker = page.lastSeen;
  const sorted = [...items].sort((a, b) => compare(options.key(a), options.key(b)));
  const after = marker === null ? sorted : sorted.filter((item) => compare(options.key(item), marker) > 0);
  const selected = after.slice(0, page.limit);
  const last = selected[selected.length - 1];
  let next_page: string | null = null;
  if (last !== undefined) {
    next_page = encodePageToken(page.mode, options.lastSeenOf(last));
    if (next_page === null) return internalError();
  }
  // Dropshot's `ResultsPage` serializes `next_page` before `items`.
  return jsonResponse(200, { next_page, items: selected.map(options.view) });
}

// ---------------------------------------------------------------------------------------------------
// Repositories
// ---------------------------------------------------------------------------------------------------

type VersionSortMode = "version_ascending" | "version_descending";

const VERSION_SCAN: ScanSpec<VersionSortMode> = {
  modes: ["version_ascending", "version_descending"],
  defaultMode: "version_descending",
  parseLastSeen: (value) => (typeof value === "string" && parseSemver(value).ok ? value : undefined),
};

/**
 * The database's text form of a version, which is what lists sort by: major, minor and patch zero-padded
 * to 8 digits, then `-pre` and `+build`, compared byte-wise (so `1.0.0` < `1.0.0+b` < `1.0.0-rc1`).
 */
export function versionSortKey(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  if (!match) return version;
  const pad = (part: string | undefined): string => (part ?? "").padStart(8, "0");
  return `${pad(match[1])}.${pad(match[2])}.${pad(match[3])}${match[4] ?? ""}`;
}

/** `TufRepo` in upstream's serialization order (the Rust struct's field order). */
function repoView(repo: Repository) {
  return { hash: repo.hash, system_version: repo.system_version, file_name: repo.file_name, time_created: repo.time_created };
}

/** Artifacts compare as a set: a canonical text that ignores their order in the manifest. */
function canonicalArtifacts(artifacts: readonly RepositoryArtifact[]): string {
  const each = artifacts.map((a) => JSON.stringify([a.name, a.version, a.kind, a.target, a.hash, a.length]));
  return `[${[...new Set(each)].sort().join(",")}]`;
}

/** PUT /v1/system/update/repositories?file_name=… (domain.md §9, order of checks as upstream). */
export async function uploadRepository(ctx: HandlerContext): Promise<MockResponse> {
  const fileNames = ctx.query.getAll("file_name");
  if (fileNames.length > 1) return badRequest(`${QUERY_ERROR}duplicate field \`file_name\``);
  const fileName = fileNames[0];
  if (fileName === undefined) return badRequest(`${QUERY_ERROR}missing field \`file_name\``);
  // Listing the trust roots needs a fleet viewer; only then is the archive read.
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  const archive = await readRepositoryArchive(ctx.request.body ?? new Uint8Array(0));
  // The zip is opened before the loader looks at trust roots; its contents are read after.
  if (!archive.ok && archive.stage === "zip") return badRequest(archive.message);
  if (ctx.session.trustRoots.length === 0) return badRequest("no trust roots provided to load repository");
  if (!archive.ok) return badRequest(archive.message);
  // The insert needs Modify on the fleet: everything above answers viewers and collaborators too.
  if (ctx.role !== "admin") return forbidden();

  const state = ctx.session.state;
  const version = archive.systemVersion;
  const artifacts = canonicalArtifacts(archive.artifacts);
  const now = ctx.now().toISOString();
  const existing = state.repositories.find((repo) => repo.system_version === version);
  if (existing) {
    // Artifacts first (when the mock knows the stored archive's), then the archive hash.
    const known = ctx.session.artifactsByHash.get(existing.hash);
    if (known !== undefined && known !== artifacts) {
      return conflict(
        `Uploaded repository with system version ${version} does not have the same artifacts as existing repository with same system version`,
      );
    }
    if (existing.hash !== archive.hash) {
      return conflict(
        `Uploaded repository with system version ${version} has SHA256 hash ${archive.hash}, but existing repository has SHA256 hash ${existing.hash}.`,
      );
    }
    // Upstream answers with the stored record: its original file name, a fresh time_created.
    const renewed: Repository = { ...existing, time_created: now };
    ctx.session.state = { ...state, repositories: state.repositories.map((repo) => (repo === existing ? renewed : repo)) };
    ctx.session.artifactsByHash.set(archive.hash, artifacts);
    return jsonResponse(200, { repo: repoView(renewed), status: "already_exists" });
  }
  const inserted: Repository = { system_version: version, file_name: fileName, hash: archive.hash, time_created: now };
  ctx.session.state = { ...state, repositories: [...state.repositories, inserted] };
  ctx.session.artifactsByHash.set(archive.hash, artifacts);
  return jsonResponse(200, { repo: repoView(inserted), status: "inserted" });
}

/** GET /v1/system/update/repositories: keyset pages by the database's version text. */
export function listRepositories(ctx: HandlerContext): MockResponse {
  const parsed = parsePageQuery(ctx.query, VERSION_SCAN);
  if (!parsed.ok) return badRequest(parsed.message);
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  const page = parsed.page;
  const lastSeen = page.lastSeen === null ? null : versionSortKey(page.lastSeen);
  return resultsPage(ctx.session.state.repositories, { ...page, lastSeen }, {
    descending: page.mode === "version_descending",
    key: (repo) => versionSortKey(repo.system_version),
    lastSeenOf: (repo) => repo.system_version,
    view: repoView,
  });
}

/**
 * GET /v1/system/update/repositories/{system_version}. The path variable is a `semver::Version`, parsed
 * by dropshot's path deserializer: `bad parameter in URL path: ` + the semver crate's message.
 */
export function viewRepository(ctx: HandlerContext): MockResponse {
  const text = ctx.pathParams.system_version ?? "";
  const version = parseSemver(text);
  if (!version.ok) return badPathParameter(version.message);
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  const repo = ctx.session.state.repositories.find((r) => r.system_version === text);
  if (!repo) return objectNotFound("tuf-repo", text);
  return jsonResponse(200, repoView(repo));
}
