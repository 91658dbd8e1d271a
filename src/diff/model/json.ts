// JSON Pointer helpers (RFC 6901) and own-property lookups for the spec diff. Documents are input data:
// a key such as `constructor` or `__proto__` must never reach the prototype chain.
import { isJsonObject as isObject, type Json, type JsonObject } from "../../shared/json.js";
import { decodePercent } from "../../shared/percent.js";

export { isObject };
export type { Json, JsonObject } from "../../shared/json.js";

/** `object[key]` only when `key` is the object's own property. */
export function own(object: JsonObject | undefined, key: string): Json | undefined {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The own object at `key`, or undefined. */
export function ownObject(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = own(object, key);
  return isObject(value) ? value : undefined;
}

/** Escape one JSON Pointer segment. */
export function escapeSegment(key: string | number): string {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

export function unescapeSegment(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** The value at a JSON Pointer ("" is the whole document), or undefined. */
export function resolvePointer(doc: Json, pointer: string): Json | undefined {
  if (pointer === "") return doc;
  let node: Json | undefined = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = unescapeSegment(raw);
    if (Array.isArray(node)) node = /^\d+$/.test(key) ? node[Number(key)] : undefined;
    else if (isObject(node)) node = own(node, key);
    else return undefined;
  }
  return node;
}

/** Structural equality of two JSON values (object key order ignored). */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

/** A value behind a local `$ref` (followed a few times), or the value itself. */
export function deref(doc: JsonObject, value: Json | undefined): Json | undefined {
  let node = value;
  for (let hops = 0; hops < 8 && isObject(node); hops++) {
    const ref = own(node, "$ref");
    if (typeof ref !== "string" || !ref.startsWith("#")) break;
    node = resolvePointer(doc, decodePercent(ref.slice(1)));
  }
  return node;
}
