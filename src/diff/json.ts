// JSON Pointer helpers (RFC 6901) for the spec diff.
import { isJsonObject as isObject, type Json } from "../shared/json.js";

export { isObject };
export type { Json, JsonObject } from "../shared/json.js";

/** Escape one JSON Pointer segment. */
export function escapeSegment(key: string | number): string {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

export function unescapeSegment(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

export function toPointer(path: readonly (string | number)[]): string {
  return path.map((key) => `/${escapeSegment(key)}`).join("");
}

/** The value at a JSON Pointer ("" is the whole document), or undefined. */
export function resolvePointer(doc: Json, pointer: string): Json | undefined {
  if (pointer === "") return doc;
  let node: Json | undefined = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = unescapeSegment(raw);
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}
