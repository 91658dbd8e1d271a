/** JSON helpers every part of the package shares (the client, the spec tools and the mock). */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A plain object (as JSON.parse makes them): not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field of a parsed object, never an inherited one (`constructor`, `__proto__`, ...). */
export function ownField(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as UTF-8 text; throws a TypeError on invalid UTF-8 instead of replacing it. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return strictUtf8.decode(bytes);
}

/** `JSON.parse` of strict UTF-8 bytes: `{ ok: false, message }` for bad UTF-8 or bad JSON, never a throw. */
export function parseJsonBytes(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(decodeUtf8Strict(bytes)) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
