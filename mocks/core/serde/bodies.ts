/**
 * Request-body extraction exactly as dropshot 0.17.1 does it for these endpoints
 * (`dropshot/src/extractor/body.rs` `http_request_load_body`,
 * `dropshot/src/api_description.rs` `ApiEndpointBodyContentType::from_mime_type`):
 *
 *   content type gate → `serde_json::Deserializer::from_slice(&body)` →
 *   `serde_path_to_error::deserialize(jd)` → on error
 *   `400 "unable to parse JSON body: {path-to-error Display}"`.
 *
 * dropshot never calls `Deserializer::end()`, so anything after the first complete value is
 * ignored (trailing garbage is accepted). The body-size cap and the api-version header are
 * handled elsewhere (`dropshot/`).
 *
 * `SetTargetReleaseParams { system_version: semver::Version }` is emulated as serde_derive 1.0.228
 * generates it (`serde_derive/src/de/struct_.rs`): `deserialize_struct` accepts a map (unknown keys
 * skipped with `IgnoredAny`, `duplicate field` / `missing field`) or a sequence (one element,
 * `invalid length 0, expected struct SetTargetReleaseParams with 1 element`); the version is
 * semver 1.0.28's `Deserialize` (`src/serde.rs`): `deserialize_str`, expecting `semver version`,
 * parse errors through `de::Error::custom`.
 */
import { deserializeStr, deserializeStruct as deserializeStructFields } from "./json/derive.js";
import { customError, JsonError, pathPrefix, trigger, type Chain } from "./json/errors.js";
import { Reader } from "./json/reader.js";
import { parseValue } from "./json/value.js";
import { parseSemver, type Semver } from "../../../src/rules/index.js";

/** dropshot's prefix for a body serde refused. */
export const BODY_ERROR = "unable to parse JSON body: ";

export type BodyParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** `SetTargetReleaseParams` as parsed: the version as sent, and as the semver crate read it. */
export interface SetTargetReleaseBody {
  readonly system_version: string;
  readonly version: Semver;
}

/** `TypedBody<SetTargetReleaseParams>` from the raw body bytes (content type already checked). */
export function parseSetTargetReleaseBody(body: Uint8Array): BodyParseResult<SetTargetReleaseBody> {
  return run(body, deserializeStruct);
}

/** `TypedBody<serde_json::Value>`: any JSON value. */
export function parseAnyJsonBody(body: Uint8Array): BodyParseResult<unknown> {
  return run(body, (r) => parseValue(r, null));
}

function run<T>(body: Uint8Array, parse: (r: Reader) => T): BodyParseResult<T> {
  const r = new Reader(body);
  try {
    return { ok: true, value: parse(r) };
  } catch (error) {
    if (!(error instanceof JsonError)) throw error;
    return { ok: false, message: `${BODY_ERROR}${pathPrefix(error.path)}${error.display()}` };
  }
}

const STRUCT_NAME = "SetTargetReleaseParams";
const FIELD = "system_version";

/** The derived `SetTargetReleaseParams` at the root (an empty path). */
function deserializeStruct(r: Reader): SetTargetReleaseBody {
  const [body] = deserializeStructFields(r, STRUCT_NAME, [{ name: FIELD, read: deserializeVersion }], null);
  return body as SetTargetReleaseBody;
}

/** `semver::Version::deserialize`: `deserialize_str` + `Version::from_str`; keeps the text as sent. */
function deserializeVersion(r: Reader, chain: Chain): SetTargetReleaseBody {
  try {
    const text = deserializeStr(r, "semver version");
    const parsed = parseSemver(text);
    if (!parsed.ok) throw customError(parsed.message);
    return { system_version: text, version: parsed.version };
  } catch (error) {
    throw trigger(r.fix(error), chain);
  }
}
