/**
 * Dropshot's pagination, which every list of this API shares: the query (`limit`, `page_token`, scan
 * parameters) with dropshot's texts, page tokens, and keyset pages.
 */
import type { MockResponse } from "../protocol/message.js";
import { internalError } from "./errors.js";
import { decodeBase64UrlSafe, encodeBase64UrlSafe } from "./base64.js";
import { QUERY_ERROR, parseU32 } from "./query.js";
import {
  contentUnitEnum,
  deserializeFlattened,
  deserializeStr,
  deserializeStruct,
  deserializeUnitEnum,
  expectEnd,
  oneOf,
  type FieldSpec,
} from "../serde/json/derive.js";
import { customError, JsonError, type Chain } from "../serde/json/errors.js";
import { Reader } from "../serde/json/reader.js";
import { visitQueryFields, type FormPairs, type QueryField } from "../serde/urlencoded.js";

/** A scan mode enum (`VersionSortMode`, `IdSortMode`) and how its page token names the last item. */
export interface ScanSpec<Mode extends string> {
  /** Variants in declaration order: serde lists them so in "unknown variant" messages. */
  readonly modes: readonly [Mode, ...Mode[]];
  readonly defaultMode: Mode;
  /** The token's `last_seen` string as its canonical text, or undefined when the marker type refuses it. */
  parseLastSeen(value: string): string | undefined;
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

/** `limit: Option<NonZeroU32>` as serde_urlencoded reads it: Rust's `u32` parse, then serde's nonzero check. */
const LIMIT_FIELD: QueryField<number> = {
  name: "limit",
  read(text) {
    const parsed = parseU32(text);
    if (!parsed.ok) return parsed;
    // serde's NonZeroU32: `invalid value: integer `0`, expected a nonzero u32` (serde 1.0.228's visitor).
    if (parsed.value === 0) return { ok: false, message: "invalid value: integer `0`, expected a nonzero u32" };
    return { ok: true, value: parsed.value };
  },
};

/**
 * Parses the pagination query as dropshot does (serde_urlencoded into `PaginationParams`): `limit` is a
 * plain field, read as its pair comes (a bad first value is reported before a repeat is noticed); every
 * other pair goes to the flattened `page` field's `BTreeMap<String, String>` (a repeat keeps the last),
 * looked at afterwards: `page_token` if present (then `sort_by` is ignored: the token carries the mode),
 * else the scan parameters.
 */
export function parsePageQuery<Mode extends string>(
  query: FormPairs,
  spec: ScanSpec<Mode>,
): { ok: true; page: PageRequest<Mode> } | { ok: false; message: string } {
  const page = new Map<string, string>();
  const visited = visitQueryFields(query, [LIMIT_FIELD], (name, value) => page.set(name, value));
  if (!visited.ok) return { ok: false, message: QUERY_ERROR + visited.message };
  const limit = Math.min((visited.values.get("limit") as number | undefined) ?? DEFAULT_LIMIT, MAX_LIMIT);
  const token = page.get("page_token");
  if (token !== undefined) {
    const decoded = decodePageToken(token, spec);
    if (!decoded.ok) return { ok: false, message: QUERY_ERROR + TOKEN_ERROR + decoded.message };
    return { ok: true, page: { limit, mode: decoded.mode, lastSeen: decoded.lastSeen } };
  }
  const sortBy = page.get("sort_by");
  if (sortBy === undefined) return { ok: true, page: { limit, mode: spec.defaultMode, lastSeen: null } };
  const mode = spec.modes.find((m) => m === sortBy);
  if (mode === undefined) return { ok: false, message: `${QUERY_ERROR}unknown variant \`${sortBy}\`, expected ${oneOf(spec.modes)}` };
  return { ok: true, page: { limit, mode, lastSeen: null } };
}

/**
 * omicron's `PageSelector<ScanBy*, Marker>`: `#[serde(flatten)] scan` and `last_seen` (read as a string,
 * then the marker's own parse); the scan's `sort_by` (a unit enum, defaulted) is read from the buffered
 * entries, and its flattened `()` selector accepts whatever else is there.
 */
function readPageSelector<Mode extends string>(r: Reader, chain: Chain, spec: ScanSpec<Mode>): { mode: Mode; lastSeen: string } {
  const lastSeenField: FieldSpec<string> = {
    name: "last_seen",
    read: (reader) => {
      const text = deserializeStr(reader, "a marker");
      const lastSeen = spec.parseLastSeen(text);
      if (lastSeen === undefined) throw reader.fix(customError("invalid marker"));
      return lastSeen;
    },
  };
  const { values, rest } = deserializeFlattened(r, "PageSelector", [lastSeenField], chain);
  let mode: Mode | undefined;
  for (const [key, value] of rest.entries) {
    if (key !== "sort_by") continue;
    if (mode !== undefined) throw r.fix(customError("duplicate field `sort_by`"));
    mode = contentUnitEnum(value, spec.modes);
  }
  return { mode: mode ?? spec.defaultMode, lastSeen: values[0] as string };
}

/**
 * dropshot's `deserialize_page_token`: at most 512 bytes, URL-safe base64, then `serde_json::from_slice`
 * into `SerializedToken { v: PaginationVersion, page_start: PageSelector }` (serde's rules, see
 * serde/json/derive.ts). Any JSON or shape problem is "corrupted token": dropshot hides serde's message.
 */
function decodePageToken<Mode extends string>(
  token: string,
  spec: ScanSpec<Mode>,
): { ok: true; mode: Mode; lastSeen: string } | { ok: false; message: string } {
  if (new TextEncoder().encode(token).length > MAX_TOKEN_LENGTH) return { ok: false, message: "too large" };
  const decoded = decodeBase64UrlSafe(token);
  if (!decoded.ok) return decoded;
  const r = new Reader(decoded.bytes);
  try {
    const [, start] = deserializeStruct(
      r,
      "SerializedToken",
      [
        { name: "v", read: (reader) => deserializeUnitEnum(reader, ["v1"]) },
        { name: "page_start", read: (reader, chain) => readPageSelector(reader, chain, spec) },
      ],
      null,
    );
    expectEnd(r);
    return { ok: true, ...(start as { mode: Mode; lastSeen: string }) };
  } catch (error) {
    if (error instanceof JsonError) return { ok: false, message: "corrupted token" };
    throw error;
  }
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
