/**
 * Dropshot's pagination, which every list of this API shares: the query (`limit`, `page_token`, scan
 * parameters) with dropshot's texts, page tokens, and keyset pages.
 */
import { decodeUtf8Strict, isJsonObject, ownField } from "../../../src/shared/json.js";
import type { MockResponse } from "../protocol/message.js";
import { internalError } from "./errors.js";
import { decodeBase64UrlSafe, encodeBase64UrlSafe } from "./base64.js";
import { QUERY_ERROR, parseU32 } from "./query.js";

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

const TOKEN_ERROR = "failed to parse pagination token: ";
/** Dropshot's server defaults, which Nexus does not override: larger limits are clamped, not refused. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;
const MAX_TOKEN_LENGTH = 512;

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
    value = JSON.parse(decodeUtf8Strict(decoded.bytes));
  } catch {
    return corrupted;
  }
  if (!isJsonObject(value)) return corrupted;
  const v = ownField(value, "v");
  const start = ownField(value, "page_start");
  if (v !== "v1" || !isJsonObject(start)) return corrupted;
  const sortBy = ownField(start, "sort_by");
  const lastSeenValue = ownField(start, "last_seen");
  const mode = sortBy === undefined ? spec.defaultMode : spec.modes.find((m) => m === sortBy);
  const lastSeen = spec.parseLastSeen(lastSeenValue);
  if (mode === undefined || lastSeen === undefined) return corrupted;
  return { ok: true, mode, lastSeen };
}

/** `{"v":"v1","page_start":{"sort_by":…,"last_seen":…}}`, base64 URL-safe with padding; null if too long. */
export function encodePageToken(mode: string, lastSeen: string): string | null {
  const json = new TextEncoder().encode(JSON.stringify({ v: "v1", page_start: { sort_by: mode, last_seen: lastSeen } }));
  const token = encodeBase64UrlSafe(json);
  return token.length > MAX_TOKEN_LENGTH ? null : token;
}

/** A `ResultsPage` body; dropshot serializes `next_page` before `items`. */
export interface ResultsPage<V> {
  readonly next_page: string | null;
  readonly items: V[];
}

/**
 * One page of `items` in keyset order (keys compared as byte strings, as the database does). `next_page`
 * names the last item whenever the page is not empty. A token that would be too long is an internal
 * error upstream (dropshot refuses to hand it out).
 */
export function resultsPage<T, V, Mode extends string>(
  items: readonly T[],
  page: PageRequest<Mode>,
  options: { readonly descending: boolean; key(item: T): string; lastSeenOf(item: T): string; view(item: T): V },
): { readonly ok: true; readonly page: ResultsPage<V> } | { readonly ok: false; readonly response: MockResponse } {
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
    if (next_page === null) return { ok: false, response: internalError() };
  }
  return { ok: true, page: { next_page, items: selected.map(options.view) } };
}
