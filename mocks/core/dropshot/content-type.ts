/**
 * Dropshot's content-type gate for JSON bodies (`dropshot/src/api_description.rs`
 * `ApiEndpointBodyContentType::from_mime_type`): what it accepts as JSON, and its texts for the rest.
 */

const CONTENT_TYPE_JSON = "application/json";
const ACCEPTED: { readonly ok: true } = Object.freeze({ ok: true });
/** The other `ApiEndpointBodyContentType`s dropshot knows; they fail as a mismatch, not as unsupported. */
const OTHER_KNOWN_TYPES: ReadonlySet<string> = new Set([
  "application/octet-stream",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
]);

/**
 * dropshot's content-type handling for a JSON endpoint. `header` is the raw `content-type` value,
 * or null when absent (then `application/json` is assumed).
 */
export function checkJsonContentType(header: string | null): { ok: true } | { ok: false; message: string } {
  // What nearly every request sends, answered without a copy of the header or a new object.
  if (header === null || header === CONTENT_TYPE_JSON) return ACCEPTED;
  // `HeaderValue::to_str`: only visible ASCII (0x20..=0x7e) and tab.
  for (let i = 0; i < header.length; i++) {
    const code = header.charCodeAt(i);
    if (!((code >= 0x20 && code < 0x7f) || code === 0x09)) {
      return { ok: false, message: "invalid content type: failed to convert header to a str" };
    }
  }
  const end = header.indexOf(";");
  // `content_type[..end].trim_end().to_lowercase()` (only ASCII can be left at this point).
  const mime = (end < 0 ? header : header.slice(0, end)).replace(/[\t\n\v\f\r ]+$/, "").toLowerCase();
  if (mime === CONTENT_TYPE_JSON) return ACCEPTED;
  if (OTHER_KNOWN_TYPES.has(mime)) {
    return { ok: false, message: `expected content type "${CONTENT_TYPE_JSON}", got "${mime}"` };
  }
  // `mime_split`: `application/<subtype>+json` (the suffix is everything after the first `+`).
  const slash = mime.indexOf("/");
  if (slash >= 0 && mime.slice(0, slash) === "application") {
    const rest = mime.slice(slash + 1);
    const plus = rest.indexOf("+");
    if (plus >= 0 && rest.slice(plus + 1) === "json") return ACCEPTED;
  }
  return { ok: false, message: `unsupported content-type: ${mime}` };
}
