/**
 * Query strings as serde_urlencoded 0.7.1 reads them: `form_urlencoded::parse` (form_urlencoded 1.2) for
 * the pairs, then a derived struct's `visit_map` over them. Unlike `URLSearchParams`, a leading `?` is not
 * dropped (after the target's first `?`, a second one belongs to the first key's name).
 */
import { hexValue } from "./json/reader.js";

/** The decoded (name, value) pairs in order, repeats kept. */
export type FormPairs = readonly (readonly [string, string])[];

// Rust's `String::from_utf8_lossy`: U+FFFD per maximal invalid subpart, and a BOM is kept as text.
const lossyUtf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const utf8 = new TextEncoder();

/** `decode`: `+` is a space, `%XX` a byte (a `%` without two hex digits stays itself), then lossy UTF-8. */
function decode(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x2b) {
      out[o++] = 0x20;
      continue;
    }
    if (b === 0x25 && i + 2 < bytes.length) {
      const hi = hexValue(bytes[i + 1] as number);
      const lo = hexValue(bytes[i + 2] as number);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[o++] = b;
  }
  return lossyUtf8.decode(out.subarray(0, o));
}

/**
 * `form_urlencoded::parse(query)`: split on `&`, empty pieces skipped, each split at its first `=` (none:
 * an empty value). The query is text (UTF-8 once encoded): adapters hand the target on as received.
 */
export function parseFormPairs(query: string): FormPairs {
  const bytes = utf8.encode(query);
  const pairs: [string, string][] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      const piece = bytes.subarray(start, end);
      const eq = piece.indexOf(0x3d);
      pairs.push(eq < 0 ? [decode(piece), ""] : [decode(piece.subarray(0, eq)), decode(piece.subarray(eq + 1))]);
    }
    start = end + 1;
  }
  return pairs;
}

/** A field of a query struct: its name and how its text becomes a value (a message on failure). */
export interface QueryField<T> {
  readonly name: string;
  read(text: string): { ok: true; value: T } | { ok: false; message: string };
}

/**
 * A derived struct's `visit_map` over the pairs: each field's value is read when its pair comes (so a bad
 * first value is reported before a repeat is noticed), a field's second pair is `duplicate field`, other
 * names go to `rest` (a flattened field's buffer, or nowhere). Missing fields are the caller's to judge.
 */
export function visitQueryFields(
  pairs: FormPairs,
  fields: readonly QueryField<unknown>[],
  rest?: (name: string, value: string) => void,
): { ok: true; values: ReadonlyMap<string, unknown> } | { ok: false; message: string } {
  const values = new Map<string, unknown>();
  for (const [name, text] of pairs) {
    const field = fields.find((f) => f.name === name);
    if (field === undefined) {
      rest?.(name, text);
      continue;
    }
    if (values.has(name)) return { ok: false, message: `duplicate field \`${name}\`` };
    const read = field.read(text);
    if (!read.ok) return read;
    values.set(name, read.value);
  }
  return { ok: true, values };
}
