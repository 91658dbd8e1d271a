/**
 * A byte reader with serde_json 1.0.15x's `SliceRead` semantics (`src/read.rs`) plus the small
 * `Deserializer` primitives of `src/de.rs` that everything else is built from: whitespace, idents,
 * error positions, strings (escapes, surrogate pairs, UTF-8 validation) and skipped strings.
 *
 * Positions follow serde_json exactly: `error()` uses the current index, `peekError()` the index
 * after the peeked byte (capped at the input length); the column is the number of bytes after the
 * last `\n` before that index, the line is one plus the number of `\n` before that line start.
 */

import { Code, JsonError } from "./errors.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class Reader {
  index = 0;
  /** serde_json's `remaining_depth` (the recursion limit); dropshot never disables it. */
  remainingDepth = 128;
  readonly length: number;

  constructor(readonly bytes: Uint8Array) {
    this.length = bytes.length;
  }

  /** The next byte, or -1 at the end. */
  peek(): number {
    return this.index < this.length ? (this.bytes[this.index] as number) : -1;
  }

  /** `peek_or_null`: 0 at the end. */
  peekOrNull(): number {
    return this.index < this.length ? (this.bytes[this.index] as number) : 0;
  }

  /** `next_char`: consumes and returns the next byte, or returns -1 (consuming nothing) at the end. */
  next(): number {
    if (this.index < this.length) return this.bytes[this.index++] as number;
    return -1;
  }

  discard(): void {
    this.index += 1;
  }

  private positioned(code: string, index: number): JsonError {
    let startOfLine = index;
    while (startOfLine > 0 && this.bytes[startOfLine - 1] !== 0x0a) startOfLine -= 1;
    let line = 1;
    for (let i = 0; i < startOfLine; i++) if (this.bytes[i] === 0x0a) line += 1;
    return new JsonError(code, line, index - startOfLine);
  }

  /** `Deserializer::error` / `read::error`: position of the current index. */
  error(code: string): JsonError {
    return this.positioned(code, this.index);
  }

  /** `Deserializer::peek_error`: position just after the peeked byte. */
  peekError(code: string): JsonError {
    return this.positioned(code, Math.min(this.length, this.index + 1));
  }

  /** `Deserializer::fix_position`: give an unpositioned (custom) error the current position. */
  fix(error: unknown): unknown {
    if (error instanceof JsonError && error.line === 0) {
      const fixed = this.error(error.code);
      fixed.path = error.path;
      return fixed;
    }
    return error;
  }

  /** `parse_whitespace`: skips ` \n\t\r` and returns the next byte (-1 at the end) without consuming it. */
  parseWhitespace(): number {
    for (;;) {
      const b = this.peek();
      if (b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d) this.index += 1;
      else return b;
    }
  }

  /** `parse_ident`: the rest of `null`/`true`/`false` after its first byte was eaten. */
  parseIdent(rest: string): void {
    for (let i = 0; i < rest.length; i++) {
      const b = this.next();
      if (b < 0) throw this.error(Code.EofWhileParsingValue);
      if (b !== rest.charCodeAt(i)) throw this.error(Code.ExpectedSomeIdent);
    }
  }

  /** `parse_object_colon`. */
  parseObjectColon(): void {
    const b = this.parseWhitespace();
    if (b === 0x3a) this.index += 1;
    else if (b >= 0) throw this.peekError(Code.ExpectedColon);
    else throw this.peekError(Code.EofWhileParsingObject);
  }

  /** `skip_to_escape(true)`: advance to the first `"`, `\` or control byte (or the end). */
  private skipToEscape(): void {
    const bytes = this.bytes;
    let i = this.index;
    while (i < this.length) {
      const b = bytes[i] as number;
      if (b === QUOTE || b === BACKSLASH || b < 0x20) break;
      i += 1;
    }
    this.index = i;
  }

  /** `SliceRead::parse_str` (validating), called after the opening quote was eaten. */
  parseStr(): string {
    const parts: Uint8Array[] = [];
    let start = this.index;
    for (;;) {
      this.skipToEscape();
      if (this.index === this.length) throw this.error(Code.EofWhileParsingString);
      const b = this.bytes[this.index] as number;
      if (b === QUOTE) {
        const tail = this.bytes.subarray(start, this.index);
        this.index += 1;
        let content = tail;
        if (parts.length > 0) {
          parts.push(tail);
          content = concat(parts);
        }
        try {
          return utf8.decode(content);
        } catch {
          // `as_str`: str::from_utf8 failed; reported at the position after the closing quote.
          throw this.error(Code.InvalidUnicodeCodePoint);
        }
      }
      if (b === BACKSLASH) {
        parts.push(this.bytes.subarray(start, this.index));
        this.index += 1;
        this.parseEscape(parts);
        start = this.index;
        continue;
      }
      this.index += 1;
      throw this.error(Code.ControlCharacterWhileParsingString);
    }
  }

  private parseEscape(parts: Uint8Array[]): void {
    const ch = this.next();
    if (ch < 0) throw this.error(Code.EofWhileParsingString);
    const simple = SIMPLE_ESCAPES.get(ch);
    if (simple !== undefined) {
      parts.push(Uint8Array.of(simple));
      return;
    }
    if (ch !== 0x75) throw this.error(Code.InvalidEscape);
    const n = this.decodeHexEscape();
    if (n >= 0xdc00 && n <= 0xdfff) throw this.error(Code.LoneLeadingSurrogateInHexEscape);
    if (n < 0xd800 || n > 0xdbff) {
      parts.push(encodeCodePoint(n));
      return;
    }
    if (this.peek() < 0) throw this.error(Code.EofWhileParsingString);
    if (this.peek() !== BACKSLASH) {
      this.discard();
      throw this.error(Code.UnexpectedEndOfHexEscape);
    }
    this.discard();
    if (this.peek() < 0) throw this.error(Code.EofWhileParsingString);
    if (this.peek() !== 0x75) {
      this.discard();
      throw this.error(Code.UnexpectedEndOfHexEscape);
    }
    this.discard();
    const n2 = this.decodeHexEscape();
    if (n2 < 0xdc00 || n2 > 0xdfff) throw this.error(Code.LoneLeadingSurrogateInHexEscape);
    parts.push(encodeCodePoint((((n - 0xd800) << 10) | (n2 - 0xdc00)) + 0x10000));
  }

  private decodeHexEscape(): number {
    if (this.length - this.index < 4) {
      this.index = this.length;
      throw this.error(Code.EofWhileParsingString);
    }
    let value = 0;
    let valid = true;
    for (let i = 0; i < 4; i++) {
      const digit = hexValue(this.bytes[this.index + i] as number);
      if (digit < 0) valid = false;
      value = (value << 4) | (digit & 0xf);
    }
    this.index += 4;
    if (!valid) throw this.error(Code.InvalidEscape);
    return value;
  }

  /** `SliceRead::ignore_str`: like parse_str but no UTF-8 or surrogate checks, and the control-character error is reported before the byte. */
  ignoreStr(): void {
    for (;;) {
      this.skipToEscape();
      if (this.index === this.length) throw this.error(Code.EofWhileParsingString);
      const b = this.bytes[this.index] as number;
      if (b === QUOTE) {
        this.index += 1;
        return;
      }
      if (b !== BACKSLASH) throw this.error(Code.ControlCharacterWhileParsingString);
      this.index += 1;
      const ch = this.next();
      if (ch < 0) throw this.error(Code.EofWhileParsingString);
      if (ch === 0x75) this.decodeHexEscape();
      else if (!SIMPLE_ESCAPES.has(ch)) throw this.error(Code.InvalidEscape);
    }
  }
}

const SIMPLE_ESCAPES = new Map<number, number>([
  [0x22, 0x22],
  [0x5c, 0x5c],
  [0x2f, 0x2f],
  [0x62, 0x08],
  [0x66, 0x0c],
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
]);

/** A hex digit's value (either case), or -1. */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  return -1;
}

function encodeCodePoint(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x800) return Uint8Array.of(0xc0 | (n >> 6), 0x80 | (n & 0x3f));
  if (n < 0x10000) return Uint8Array.of(0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f));
  return Uint8Array.of(0xf0 | (n >> 18), 0x80 | ((n >> 12) & 0x3f), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
