/**
 * Query strings as dropshot reads them (serde_urlencoded into the operation's query struct): the error
 * prefix every query problem shares, Rust's integer parsing messages, and required string fields.
 */
import { visitQueryFields, type FormPairs } from "../serde/urlencoded.js";

/** Every query string problem starts with this (dropshot's `Query` extractor). */
export const QUERY_ERROR = "unable to parse query string: ";

/** Rust's `u32::from_str` messages, as serde_urlencoded passes them on. */
export function parseU32(text: string): { ok: true; value: number } | { ok: false; message: string } {
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

/** A required `String` field of a query struct (e.g. the upload's `file_name`), with dropshot's texts. */
export function requiredStringQuery(pairs: FormPairs, name: string): { ok: true; value: string } | { ok: false; message: string } {
  const visited = visitQueryFields(pairs, [{ name, read: (text) => ({ ok: true, value: text }) }]);
  if (!visited.ok) return { ok: false, message: QUERY_ERROR + visited.message };
  const value = visited.values.get(name);
  return typeof value === "string" ? { ok: true, value } : { ok: false, message: `${QUERY_ERROR}missing field \`${name}\`` };
}
