/**
 * Rust's `{:?}` (Debug) renderings that upstream messages quote, one function per Rust type, each written
 * from the source of the type's implementation. The types differ on purpose: a `str` escapes `\` and
 * control characters, a `HeaderValue` prints both raw, a byte string escapes `'` too. Every message the
 * mock writes that quotes a Rust value calls the function for the type upstream formats there
 * (docs/design.md, "Rust Debug renderings").
 */

const GRAPHEME_EXTEND = /^\p{Grapheme_Extend}$/u;
/** `core::unicode::printable`: false for general categories Cc Cf Cs Co Cn Zl Zp Zs, except the space. */
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/** `\u{…}`: `char::escape_unicode`, lowercase hex without leading zeros. */
const unicodeEscape = (ch: string): string => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;

/**
 * `char::escape_debug_ext` (core/src/char/methods.rs) with `escape_grapheme_extended: true`, as both
 * `Debug for str` and `Debug for char` call it; they differ only in which quote they escape.
 */
function escapeDebug(ch: string, quote: '"' | "'"): string {
  switch (ch) {
    case "\0":
      return "\\0";
    case "\t":
      return "\\t";
    case "\r":
      return "\\r";
    case "\n":
      return "\\n";
    case "\\":
      return "\\\\";
    case quote:
      return `\\${quote}`;
  }
  if (ch === " ") return ch;
  return GRAPHEME_EXTEND.test(ch) || NOT_PRINTABLE.test(ch) ? unicodeEscape(ch) : ch;
}

/** `impl Debug for str` (core/src/fmt/mod.rs): `"…"`; `"` escaped, `'` not. */
export function debugStr(text: string): string {
  let out = '"';
  for (const ch of text) out += escapeDebug(ch, '"');
  return `${out}"`;
}

/** `impl Debug for char` (core/src/fmt/mod.rs): `'…'`; `'` escaped, `"` not. */
export function debugChar(ch: string): string {
  return `'${escapeDebug(ch, "'")}'`;
}

/**
 * The bytes of a header value as a server sees them. Node's parser hands over each byte as one latin1
 * character; a string with wider characters (only a fetch `Headers` could make one) is taken as UTF-8.
 */
export function headerValueBytes(value: string): Uint8Array {
  if (/[^\x00-\xff]/.test(value)) return new TextEncoder().encode(value);
  return Uint8Array.from(value, (ch) => ch.charCodeAt(0));
}

/**
 * `impl Debug for HeaderValue` (http crate, src/header/value.rs): byte by byte, visible ASCII (0x20–0x7E)
 * and the tab as they are except `"`, which is escaped; every other byte as `\x` plus its lowercase hex
 * digits without padding (`write!(f, "\\x{:x}", b)`). So a tab stays raw and a backslash stays single.
 */
export function debugHeaderValue(bytes: Uint8Array): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22) out += '\\"';
    else if ((byte >= 0x20 && byte < 0x7f) || byte === 0x09) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16)}`;
  }
  return `${out}"`;
}

/**
 * `u8::escape_ascii` (core/src/ascii.rs, `escape_default`): `\t \r \n \\ \' \"` by name, other visible
 * ASCII as it is, everything else `\x` plus two lowercase hex digits.
 */
function escapeAscii(byte: number): string {
  switch (byte) {
    case 0x09:
      return "\\t";
    case 0x0d:
      return "\\r";
    case 0x0a:
      return "\\n";
    case 0x5c:
    case 0x27:
    case 0x22:
      return `\\${String.fromCharCode(byte)}`;
  }
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, "0")}`;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * tufaceous's `DebugByteString` (src/error.rs), which its zip errors use for entry names: the bytes as
 * `str` Debug when they are UTF-8, else `b"…"` with `<[u8]>::escape_ascii`.
 */
export function debugByteString(bytes: Uint8Array): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    let out = 'b"';
    for (const byte of bytes) out += escapeAscii(byte);
    return `${out}"`;
  }
  return debugStr(text);
}
