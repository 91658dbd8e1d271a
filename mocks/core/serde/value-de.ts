/**
 * serde's derived deserializers run over an already parsed `serde_json::Value` (`impl Deserializer for
 * &Value`, serde_json `src/value/de.rs`), as upstream does when it reads a JSON body as a `Value` first
 * and then as a typed document (`TufSignedRootRole`). Errors from a `Value` carry no line or column and
 * no path: each is serde's bare message. Maps are visited in key order, as the `Value` map (a
 * `BTreeMap`) holds them; the values come from `parseValue`, which keeps that order.
 *
 * Known limit: JSON numbers are JS numbers, so `1.0` reads as the integer 1 (serde_json keeps it a float).
 */
import { debugStr } from "../../../src/shared/rust-debug.js";
import { formatF64 } from "./json/number.js";

/** A serde error raised while reading a `Value`; `message` is serde's `Display`. */
export class ValueError extends Error {}

/** serde's `Unexpected` for a `Value`, as `invalid type` messages print it. */
export function unexpected(value: unknown): string {
  if (value === null || value === undefined) return "unit value";
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number")
    return Number.isInteger(value) && !Object.is(value, -0) ? `integer \`${value}\`` : `floating point \`${formatF64(value)}\``;
  if (typeof value === "string") return `string ${debugStr(value)}`;
  return Array.isArray(value) ? "sequence" : "map";
}

export function invalidType(value: unknown, expecting: string): ValueError {
  return new ValueError(`invalid type: ${unexpected(value)}, expected ${expecting}`);
}

/** A map from a `Value` (`deserialize_map`/`deserialize_struct`): its own entries in order. */
export function expectMap(value: unknown, expecting: string): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidType(value, expecting);
  return Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
}

export function expectSeq(value: unknown, expecting: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalidType(value, expecting);
  return value;
}

export function expectString(value: unknown, expecting = "a string"): string {
  if (typeof value !== "string") throw invalidType(value, expecting);
  return value;
}

export function expectBool(value: unknown): boolean {
  if (typeof value !== "boolean") throw invalidType(value, "a boolean");
  return value;
}

/** `u64`: a negative integer is an `invalid value`, anything else not an integer an `invalid type`. */
export function expectU64(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalidType(value, "u64");
  if (value < 0) throw new ValueError(`invalid value: integer \`${value}\`, expected u64`);
  return value;
}

/** `NonZeroU64` (serde's own impl): zero and negatives are `invalid value`s. */
export function expectNonZeroU64(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalidType(value, "a nonzero u64");
  if (value <= 0) throw new ValueError(`invalid value: integer \`${value}\`, expected a nonzero u64`);
  return value;
}

/** A unit enum variant by its serialized name (`unknown variant` otherwise). */
export function expectVariant<V extends string>(value: unknown, variants: readonly V[], expecting: string): V {
  const name = expectString(value, expecting);
  const found = variants.find((variant) => variant === name);
  if (found === undefined) throw unknownVariant(name, variants);
  return found;
}

export function unknownVariant(name: string, variants: readonly string[]): ValueError {
  const list = variants.map((variant) => `\`${variant}\``).join(", ");
  const expected = variants.length === 1 ? `\`${variants[0] ?? ""}\`` : `one of ${list}`;
  return new ValueError(`unknown variant \`${name}\`, expected ${expected}`);
}

/**
 * A derived struct's `visit_map`: each known field is read as it comes (`duplicate` cannot happen in a
 * `Value` map), unknown ones are left to a flattened `_extra` or ignored; then the first missing field
 * in declaration order is reported.
 */
export function readStruct<T extends Record<string, unknown>>(
  value: unknown,
  name: string,
  fields: { readonly [K in keyof T]: (field: unknown) => T[K] },
  optional: readonly (keyof T)[] = [],
): T {
  const entries = expectMap(value, `struct ${name}`);
  const out: Partial<T> = {};
  const known = new Map<string, (field: unknown) => unknown>(Object.entries(fields));
  for (const [key, field] of entries) {
    const read = known.get(key);
    if (read !== undefined) (out as Record<string, unknown>)[key] = read(field);
  }
  for (const key of Object.keys(fields)) {
    if (!Object.hasOwn(out, key) && !optional.includes(key)) throw new ValueError(`missing field \`${key}\``);
  }
  return out as T;
}

export type Deserialized<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Runs a deserializer; a serde error becomes its message. Other errors are bugs and propagate. */
export async function deserializeAsync<T>(read: () => T | Promise<T>): Promise<Deserialized<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof ValueError) return { ok: false, message: error.message };
    throw error;
  }
}
