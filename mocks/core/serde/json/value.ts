/**
 * `serde_json::Value::deserialize` through serde_path_to_error, as dropshot runs it for
 * `TypedBody<serde_json::Value>` (serde_json `src/value/de.rs`, `src/de.rs` `deserialize_any`,
 * `SeqAccess`, `MapAccess`; serde_path_to_error 0.1.20 `src/de.rs`).
 *
 * Faithful details: recursion limit 128 (checked before the bracket is eaten), error paths
 * (`a.b[0]: …`, `a.?: …` for errors while reading a key), duplicate keys (last wins), and the
 * `raw_value` feature's special first key `$serde_json::private::RawValue`, whose string value is
 * re-parsed with `serde_json::from_str` and whose errors keep the inner string's line/column.
 *
 * JS representation: objects get their keys in Rust `BTreeMap` order (UTF-8 byte order, which is
 * code point order; JS still lists integer-like keys first), integers become JS numbers (values
 * beyond 2^53 lose precision), `-0` stays `-0`.
 */
import { parseInteger, type ParserNumber } from "./number.js";
import { type Chain, childChain, Code, JsonError, trigger, UNKNOWN } from "./errors.js";
import { Reader } from "./reader.js";
import { peekInvalidType } from "./scan.js";

const RAW_VALUE_TOKEN = "$serde_json::private::RawValue";

function numberValue(n: ParserNumber): number {
  return n.kind === "f64" ? n.value : Number(n.value);
}

/** `<&mut Deserializer as de::Deserializer>::deserialize_any(ValueVisitor)`, wrapped by path-to-error with `chain`. */
export function parseValue(r: Reader, chain: Chain): unknown {
  return parseAny(r, chain, visitMap);
}

/**
 * A map as serde's private `Content` holds it (what `#[serde(flatten)]` buffers): every entry in order,
 * repeated keys included, no special keys.
 */
export class ContentMap {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

/**
 * `deserialize_any(ContentVisitor)`: like a `Value`, with the same checks (UTF-8, escapes, number range,
 * recursion limit), but maps are `ContentMap`s.
 */
export function parseContent(r: Reader, chain: Chain): unknown {
  return parseAny(r, chain, visitContentMap);
}

type MapVisitor = (r: Reader, chain: Chain) => unknown;

/** `deserialize_any` with the visitor's `visit_map` given; scalars and sequences are visited alike. */
function parseAny(r: Reader, chain: Chain, mapVisitor: MapVisitor): unknown {
  try {
    const peek = r.parseWhitespace();
    if (peek < 0) throw r.peekError(Code.EofWhileParsingValue);
    switch (peek) {
      case 0x6e:
        r.discard();
        r.parseIdent("ull");
        return null;
      case 0x74:
        r.discard();
        r.parseIdent("rue");
        return true;
      case 0x66:
        r.discard();
        r.parseIdent("alse");
        return false;
      case 0x2d:
        r.discard();
        return numberValue(parseInteger(r, false));
      case 0x22:
        r.discard();
        return r.parseStr();
      case 0x5b:
        return withRecursion(
          r,
          () => visitSeq(r, chain, mapVisitor),
          () => endSeq(r),
        );
      case 0x7b:
        return withRecursion(
          r,
          () => mapVisitor(r, chain),
          () => endMap(r),
        );
      default:
        if (peek >= 0x30 && peek <= 0x39) return numberValue(parseInteger(r, true));
        throw r.peekError(Code.ExpectedSomeValue);
    }
  } catch (error) {
    throw trigger(r.fix(error), chain);
  }
}

/** `check_recursion! { eat; let ret = visit }` then `match (ret, end())`: `end` runs even when `visit` failed. */
export function withRecursion<T>(r: Reader, visit: () => T, end: () => void): T {
  r.remainingDepth -= 1;
  if (r.remainingDepth === 0) throw r.peekError(Code.RecursionLimitExceeded);
  r.discard();
  let failure: unknown;
  let failed = false;
  let value: T | undefined;
  try {
    value = visit();
  } catch (error) {
    failed = true;
    failure = error;
  }
  r.remainingDepth += 1;
  try {
    end();
  } catch (error) {
    if (!failed) throw error;
  }
  if (failed) throw failure;
  return value as T;
}

/** `Deserializer::end_seq`. */
export function endSeq(r: Reader): void {
  const b = r.parseWhitespace();
  if (b === 0x5d) {
    r.discard();
    return;
  }
  if (b === 0x2c) {
    r.discard();
    throw r.peekError(r.parseWhitespace() === 0x5d ? Code.TrailingComma : Code.TrailingCharacters);
  }
  throw r.peekError(b >= 0 ? Code.TrailingCharacters : Code.EofWhileParsingList);
}

/** `Deserializer::end_map`. */
export function endMap(r: Reader): void {
  const b = r.parseWhitespace();
  if (b === 0x7d) {
    r.discard();
    return;
  }
  if (b === 0x2c) throw r.peekError(Code.TrailingComma);
  throw r.peekError(b >= 0 ? Code.TrailingCharacters : Code.EofWhileParsingObject);
}

/** serde_json's `SeqAccess::has_next_element`; `first` is the access's state before the call. */
export function hasNextElement(r: Reader, first: boolean): boolean {
  const peek = r.parseWhitespace();
  if (peek < 0) throw r.peekError(Code.EofWhileParsingList);
  if (peek === 0x5d) return false;
  if (first) return true;
  if (peek !== 0x2c) throw r.peekError(Code.ExpectedListCommaOrEnd);
  r.discard();
  const after = r.parseWhitespace();
  if (after === 0x5d) throw r.peekError(Code.TrailingComma);
  if (after < 0) throw r.peekError(Code.EofWhileParsingValue);
  return true;
}

/**
 * serde_json's `MapAccess::next_key_seed` for a string key, under path-to-error: returns the key,
 * or undefined at `}`. Errors get the path `<map>.?` (the key was not captured).
 */
export function nextKey(r: Reader, first: boolean, chain: Chain): string | undefined {
  try {
    const peek = r.parseWhitespace();
    if (peek < 0) throw r.peekError(Code.EofWhileParsingObject);
    if (peek === 0x7d) return undefined;
    if (first) {
      if (peek !== 0x22) throw r.peekError(Code.KeyMustBeAString);
    } else if (peek === 0x2c) {
      r.discard();
      const after = r.parseWhitespace();
      if (after === 0x7d) throw r.peekError(Code.TrailingComma);
      if (after < 0) throw r.peekError(Code.EofWhileParsingValue);
      if (after !== 0x22) throw r.peekError(Code.KeyMustBeAString);
    } else {
      throw r.peekError(Code.ExpectedObjectCommaOrEnd);
    }
    r.discard();
    return r.parseStr();
  } catch (error) {
    throw trigger(error, childChain(chain, UNKNOWN));
  }
}

function visitSeq(r: Reader, chain: Chain, mapVisitor: MapVisitor): unknown[] {
  const items: unknown[] = [];
  while (hasNextElement(r, items.length === 0)) {
    items.push(parseAny(r, childChain(chain, { kind: "seq", index: items.length }), mapVisitor));
  }
  return items;
}

function visitContentMap(r: Reader, chain: Chain): ContentMap {
  const entries: [string, unknown][] = [];
  for (let key = nextKey(r, true, chain); key !== undefined; key = nextKey(r, false, chain)) {
    r.parseObjectColon();
    entries.push([key, parseContent(r, childChain(chain, { kind: "map", key }))]);
  }
  return new ContentMap(entries);
}

function visitMap(r: Reader, chain: Chain): unknown {
  const firstKey = nextKey(r, true, chain);
  if (firstKey === undefined) return {};
  if (firstKey === RAW_VALUE_TOKEN) {
    // `next_value_seed(BoxedFromString)`: a string holding JSON text, then `serde_json::from_str`.
    r.parseObjectColon();
    const raw = rawValueString(r, childChain(chain, { kind: "map", key: firstKey }));
    return fromStr(raw);
  }
  const entries = new Map<string, unknown>();
  let key: string | undefined = firstKey;
  while (key !== undefined) {
    r.parseObjectColon();
    entries.set(key, parseValue(r, childChain(chain, { kind: "map", key })));
    key = nextKey(r, false, chain);
  }
  const object: Record<string, unknown> = {};
  for (const name of [...entries.keys()].sort(compareCodePoints)) {
    // An own `__proto__` key must not set the prototype.
    if (name === "__proto__")
      Object.defineProperty(object, name, { value: entries.get(name), enumerable: true, writable: true, configurable: true });
    else object[name] = entries.get(name);
  }
  return object;
}

/** `deserialize_str(BoxedFromString)` (expecting `raw value`). */
function rawValueString(r: Reader, chain: Chain): string {
  try {
    const peek = r.parseWhitespace();
    if (peek < 0) throw r.peekError(Code.EofWhileParsingValue);
    if (peek !== 0x22) throw peekInvalidType(r, "raw value");
    r.discard();
    return r.parseStr();
  } catch (error) {
    throw trigger(r.fix(error), chain);
  }
}

/**
 * `serde_json::from_str::<Value>(text)` (fresh deserializer, then `end()`), its error mapped by
 * `de::Error::custom`, which re-reads ` at line L column C` from the text: so the error keeps the
 * inner position and carries no path of its own.
 */
function fromStr(text: string): unknown {
  const inner = new Reader(new TextEncoder().encode(text));
  try {
    const value = parseValue(inner, null);
    if (inner.parseWhitespace() >= 0) throw inner.peekError(Code.TrailingCharacters);
    return value;
  } catch (error) {
    if (error instanceof JsonError) throw new JsonError(error.code, error.line, error.column);
    throw error;
  }
}

/** Rust `String` order (bytewise UTF-8 = code point order), unlike JS's UTF-16 `<`. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
