/**
 * Two serde_json `Deserializer` helpers (`src/de.rs`) used by every typed body:
 * `ignore_value` (how `IgnoredAny` skips the value of an unknown field: iterative, no recursion
 * limit, no UTF-8 check of strings, no number range checks) and `peek_invalid_type` (the
 * `invalid type: <unexpected>, expected <what>` error, with serde_json's rendering of
 * `serde::de::Unexpected` from `src/error.rs` `JsonUnexpected`).
 */
import { ignoreInteger, parseInteger, unexpectedNumber } from "./number.js";
import { Code, type JsonError } from "./errors.js";
import type { Reader } from "./reader.js";
import { debugStr } from "../../../../src/shared/rust-debug.js";

const LBRACKET = 0x5b;
const LBRACE = 0x7b;

/** `Deserializer::ignore_value`, transcribed literally (its quirks included, e.g. `[1,]` is `expected value`). */
export function ignoreValue(r: Reader): void {
  const stack: number[] = [];
  let enclosing: number | undefined;
  for (;;) {
    const peek = r.parseWhitespace();
    if (peek < 0) throw r.peekError(Code.EofWhileParsingValue);
    let opened: number | undefined;
    switch (peek) {
      case 0x6e:
        r.discard();
        r.parseIdent("ull");
        break;
      case 0x74:
        r.discard();
        r.parseIdent("rue");
        break;
      case 0x66:
        r.discard();
        r.parseIdent("alse");
        break;
      case 0x2d:
        r.discard();
        ignoreInteger(r);
        break;
      case 0x22:
        r.discard();
        r.ignoreStr();
        break;
      case LBRACKET:
      case LBRACE:
        if (enclosing !== undefined) stack.push(enclosing);
        enclosing = undefined;
        r.discard();
        opened = peek;
        break;
      default:
        if (peek >= 0x30 && peek <= 0x39) ignoreInteger(r);
        else throw r.peekError(Code.ExpectedSomeValue);
    }

    let acceptComma: boolean;
    let frame: number;
    if (opened !== undefined) {
      acceptComma = false;
      frame = opened;
    } else if (enclosing !== undefined) {
      acceptComma = true;
      frame = enclosing;
      enclosing = undefined;
    } else {
      const popped = stack.pop();
      if (popped === undefined) return;
      acceptComma = true;
      frame = popped;
    }

    for (;;) {
      const b = r.parseWhitespace();
      if (b === 0x2c && acceptComma) {
        r.discard();
        break;
      }
      if (b < 0) throw r.peekError(frame === LBRACKET ? Code.EofWhileParsingList : Code.EofWhileParsingObject);
      const closes = (b === 0x5d && frame === LBRACKET) || (b === 0x7d && frame === LBRACE);
      if (!closes) {
        if (acceptComma) throw r.peekError(frame === LBRACKET ? Code.ExpectedListCommaOrEnd : Code.ExpectedObjectCommaOrEnd);
        break;
      }
      r.discard();
      const popped = stack.pop();
      if (popped === undefined) return;
      frame = popped;
      acceptComma = true;
    }

    if (frame === LBRACE) {
      const quote = r.parseWhitespace();
      if (quote === 0x22) r.discard();
      else if (quote >= 0) throw r.peekError(Code.KeyMustBeAString);
      else throw r.peekError(Code.EofWhileParsingObject);
      r.ignoreStr();
      const colon = r.parseWhitespace();
      if (colon === 0x3a) r.discard();
      else if (colon >= 0) throw r.peekError(Code.ExpectedColon);
      else throw r.peekError(Code.EofWhileParsingObject);
    }
    enclosing = frame;
  }
}

/**
 * `Deserializer::peek_invalid_type` followed by `fix_position`: consumes the offending value (or
 * fails while doing so) and returns the positioned `invalid type` error.
 */
export function peekInvalidType(r: Reader, expected: string): JsonError {
  const peek = r.peekOrNull();
  let unexpected: string;
  switch (peek) {
    case 0x6e:
      r.discard();
      r.parseIdent("ull");
      unexpected = "null";
      break;
    case 0x74:
      r.discard();
      r.parseIdent("rue");
      unexpected = "boolean `true`";
      break;
    case 0x66:
      r.discard();
      r.parseIdent("alse");
      unexpected = "boolean `false`";
      break;
    case 0x2d:
      r.discard();
      unexpected = unexpectedNumber(parseInteger(r, false));
      break;
    case 0x22:
      r.discard();
      unexpected = `string ${debugStr(r.parseStr())}`;
      break;
    case LBRACKET:
      unexpected = "sequence";
      break;
    case LBRACE:
      unexpected = "map";
      break;
    default:
      if (peek >= 0x30 && peek <= 0x39) unexpected = unexpectedNumber(parseInteger(r, true));
      else return r.peekError(Code.ExpectedSomeValue);
  }
  return r.error(`invalid type: ${unexpected}, expected ${expected}`);
}
