/**
 * What `#[derive(Deserialize)]` (serde_derive 1.0.228, `src/de.rs`, `src/de/struct_.rs`) generates, run
 * through serde_json 1.0.151 and, for flattened fields, serde's private `Content` deserializers
 * (`serde/src/private/de.rs`): structs as a map or a sequence, flattened structs as a map only, unit
 * enums as a string or a one-key map. Typed bodies and page tokens are built from these, so serde's rules
 * (duplicate and missing fields, ignored unknown keys, lengths) live here once.
 */
import { childChain, Code, customError, type Chain, type JsonError, trigger } from "./errors.js";
import type { Reader } from "./reader.js";
import { ignoreValue, peekInvalidType } from "./scan.js";
import { ContentMap, endMap, endSeq, hasNextElement, nextKey, parseContent, withRecursion } from "./value.js";

/** One field of a derived struct: its serde name and how its value is read. */
export interface FieldSpec<T> {
  readonly name: string;
  read(r: Reader, chain: Chain): T;
}

/** serde's `OneOf` list: `` `a` ``, `` `a` or `b` ``, or `` one of `a`, `b`, `c` ``. */
export function oneOf(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length <= 2) return quoted.join(" or ");
  return `one of ${quoted.join(", ")}`;
}

/** `invalid length N, expected struct X with M element(s)`. */
function lengthError(count: number, name: string, arity: number): JsonError {
  return customError(`invalid length ${count}, expected struct ${name} with ${arity} element${arity === 1 ? "" : "s"}`);
}

/**
 * `deserialize_struct` of a struct without flattened fields: a `{` map (a field twice is `duplicate field`,
 * unknown keys are skipped as `IgnoredAny`, a missing field is `missing field`) or a `[` sequence of exactly
 * the fields in order. Returns the values in field order.
 */
export function deserializeStruct(r: Reader, name: string, fields: readonly FieldSpec<unknown>[], chain: Chain): unknown[] {
  const peek = r.parseWhitespace();
  if (peek < 0) throw r.peekError(Code.EofWhileParsingValue);
  if (peek !== 0x5b && peek !== 0x7b) throw peekInvalidType(r, `struct ${name}`);
  // `match (ret, self.end_seq() / end_map())`: the end check runs (and consumes) even after a failure, and
  // an unpositioned error gets the position after it.
  try {
    return withRecursion(
      r,
      () => (peek === 0x5b ? visitStructSeq(r, name, fields, chain) : visitStructMap(r, fields, chain)),
      () => (peek === 0x5b ? endSeq(r) : endMap(r)),
    );
  } catch (error) {
    throw trigger(r.fix(error), chain);
  }
}

function visitStructSeq(r: Reader, name: string, fields: readonly FieldSpec<unknown>[], chain: Chain): unknown[] {
  const values: unknown[] = [];
  for (const field of fields) {
    if (!hasNextElement(r, values.length === 0)) throw lengthError(values.length, name, fields.length);
    values.push(field.read(r, childChain(chain, { kind: "seq", index: values.length })));
  }
  return values;
}

function visitStructMap(r: Reader, fields: readonly FieldSpec<unknown>[], chain: Chain): unknown[] {
  return visitFields(r, fields, chain, (key, fieldChain) => skipValue(r, fieldChain));
}

/**
 * A derived `visit_map`: each known field once, in any order, then `missing field` for any not seen;
 * `unknown(key, chain)` reads the value of every other key.
 */
function visitFields(
  r: Reader,
  fields: readonly FieldSpec<unknown>[],
  chain: Chain,
  unknown: (key: string, chain: Chain) => void,
): unknown[] {
  const values = new Map<string, unknown>();
  let first = true;
  for (let key = nextKey(r, first, chain); key !== undefined; key = nextKey(r, first, chain)) {
    first = false;
    const field = fields.find((f) => f.name === key);
    if (field !== undefined && values.has(key)) throw customError(`duplicate field \`${key}\``);
    r.parseObjectColon();
    const fieldChain = childChain(chain, { kind: "map", key });
    if (field !== undefined) values.set(key, field.read(r, fieldChain));
    else unknown(key, fieldChain);
  }
  return fields.map((field) => {
    if (!values.has(field.name)) throw customError(`missing field \`${field.name}\``);
    return values.get(field.name);
  });
}

/** An unknown key's value, skipped as `IgnoredAny`: no UTF-8, range or depth checks. */
function skipValue(r: Reader, chain: Chain): void {
  try {
    ignoreValue(r);
  } catch (error) {
    throw trigger(error, chain);
  }
}

/**
 * `deserialize_map` of a struct with a `#[serde(flatten)]` field: a `{` map only. The `typed` fields are
 * read as themselves (twice is `duplicate field`); every other entry is buffered as `Content` (fully
 * checked, unlike an ignored value) for the flattened field, in order, repeats kept.
 */
export function deserializeFlattened(
  r: Reader,
  name: string,
  typed: readonly FieldSpec<unknown>[],
  chain: Chain,
): { readonly values: unknown[]; readonly rest: ContentMap } {
  const peek = r.parseWhitespace();
  if (peek < 0) throw r.peekError(Code.EofWhileParsingValue);
  if (peek !== 0x7b) throw peekInvalidType(r, `struct ${name}`);
  try {
    return withRecursion(
      r,
      () => visitFlattened(r, typed, chain),
      () => endMap(r),
    );
  } catch (error) {
    throw trigger(r.fix(error), chain);
  }
}

function visitFlattened(r: Reader, typed: readonly FieldSpec<unknown>[], chain: Chain): { values: unknown[]; rest: ContentMap } {
  const rest: [string, unknown][] = [];
  const values = visitFields(r, typed, chain, (key, fieldChain) => rest.push([key, parseContent(r, fieldChain)]));
  return { values, rest: new ContentMap(rest) };
}

function unknownVariant(variant: string, variants: readonly string[]): Error {
  return customError(`unknown variant \`${variant}\`, expected ${oneOf(variants)}`);
}

/**
 * serde_json's `deserialize_enum` for an enum of unit variants: `"name"`, or `{"name": null}` (the unit
 * read as `()`, so `null` only) closed right after.
 */
export function deserializeUnitEnum<V extends string>(r: Reader, variants: readonly V[]): V {
  const peek = r.parseWhitespace();
  if (peek < 0) throw r.peekError(Code.EofWhileParsingValue);
  const variantOf = (): V => {
    const name = deserializeStr(r, "variant identifier");
    const variant = variants.find((v) => v === name);
    if (variant === undefined) throw r.fix(unknownVariant(name, variants));
    return variant;
  };
  if (peek === 0x22) return variantOf();
  if (peek !== 0x7b) throw r.peekError(Code.ExpectedSomeValue);
  r.remainingDepth -= 1;
  if (r.remainingDepth === 0) throw r.peekError(Code.RecursionLimitExceeded);
  r.discard();
  const variant = variantOf();
  r.parseObjectColon();
  const unit = r.parseWhitespace();
  if (unit < 0) throw r.peekError(Code.EofWhileParsingValue);
  if (unit !== 0x6e) throw peekInvalidType(r, "unit");
  r.discard();
  r.parseIdent("ull");
  r.remainingDepth += 1;
  const close = r.parseWhitespace();
  if (close === 0x7d) {
    r.discard();
    return variant;
  }
  throw close < 0 ? r.error(Code.EofWhileParsingObject) : r.error(Code.ExpectedSomeValue);
}

/** `deserialize_str`: a JSON string, anything else is `invalid type: …, expected <what>`. */
export function deserializeStr(r: Reader, expected: string): string {
  const peek = r.parseWhitespace();
  if (peek < 0) throw r.peekError(Code.EofWhileParsingValue);
  if (peek !== 0x22) throw peekInvalidType(r, expected);
  r.discard();
  return r.parseStr();
}

/**
 * `ContentRefDeserializer::deserialize_enum` for unit variants: a string, or a map of exactly one key
 * whose value is the unit (`null`).
 */
export function contentUnitEnum<V extends string>(content: unknown, variants: readonly V[]): V {
  let name: string;
  if (typeof content === "string") name = content;
  else if (content instanceof ContentMap) {
    const [entry, extra] = content.entries;
    if (entry === undefined || extra !== undefined) throw customError("invalid value: map, expected map with a single key");
    if (entry[1] !== null) throw customError("invalid type: expected unit");
    name = entry[0];
  } else throw customError("invalid type: expected string or map");
  const variant = variants.find((v) => v === name);
  if (variant === undefined) throw unknownVariant(name, variants);
  return variant;
}

/** `Deserializer::end` (what `from_slice` runs after the value): only whitespace may follow. */
export function expectEnd(r: Reader): void {
  if (r.parseWhitespace() >= 0) throw r.peekError(Code.TrailingCharacters);
}
