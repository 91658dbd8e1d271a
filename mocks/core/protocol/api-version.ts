/**
 * The `api-version` header as the server reads it: missing means latest; any valid semver up to the
 * latest is accepted for routing even if it names no released version.
 */
import { LATEST_API_VERSION } from "../../../generated/index.js";
import { compareSemver, parseSemver, type Semver } from "../../../src/rules/index.js";
import { debugHeaderValue, headerValueBytes } from "../../../src/shared/rust-debug.js";

export const API_VERSION_HEADER = "api-version";

export type ApiVersionResult =
  { readonly ok: true; readonly version: Semver; readonly text: string } | { readonly ok: false; readonly message: string };

const latest = mustParse(LATEST_API_VERSION);

export function mustParse(text: string): Semver {
  const parsed = parseSemver(text);
  if (!parsed.ok) throw new Error(`bad built-in API version ${text}`);
  return parsed.version;
}

/** Clients send the same few header values again and again; results are immutable, so remember them. */
const resolved = new Map<string, ApiVersionResult>();

export function resolveApiVersion(header: string | null): ApiVersionResult {
  if (header === null) return resolveUncached(null);
  let result = resolved.get(header);
  if (result === undefined) {
    result = resolveUncached(header);
    if (resolved.size >= 64) resolved.clear();
    resolved.set(header, result);
  }
  return result;
}

function resolveUncached(header: string | null): ApiVersionResult {
  if (header === null) return { ok: true, version: latest, text: LATEST_API_VERSION };
  // `HeaderValue::to_str` accepts only visible ASCII and tab.
  if (/[^\t\x20-\x7e]/.test(header)) {
    return { ok: false, message: `bad value for header "${API_VERSION_HEADER}": not ASCII: ${debugHeaderValue(headerValueBytes(header))}` };
  }
  const parsed = parseSemver(header);
  if (!parsed.ok) return { ok: false, message: `bad value for header "${API_VERSION_HEADER}": ${parsed.message}: ${header}` };
  if (compareSemver(parsed.version, latest) > 0) {
    return { ok: false, message: `server does not support this API version: ${header}` };
  }
  return { ok: true, version: parsed.version, text: header };
}

/** Whether `version` is at least `minimum` (semver order, as dropshot's version ranges compare). */
export function isAtLeast(version: Semver, minimum: Semver): boolean {
  return compareSemver(version, minimum) >= 0;
}

export { LATEST_API_VERSION };
