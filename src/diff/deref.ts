// Inlines local `$ref`s under `paths`, so that a change to a shared component shows up under every
// operation that uses it, and remembers where each inlined piece came from.
//
// api-smart-diff 1.0.6 resolves schema refs itself, but it matches response codes case-insensitively by
// looking up the lower-cased key, so `4XX`/`5XX` responses (every error response here) were never
// compared at all. We inline every ref and lower-case response codes; renderers write them upper-case.
import { escapeSegment, isObject, resolvePointer, type Json, type JsonObject } from "./json.js";

export interface Dereferenced {
  doc: JsonObject;
  /** JSON Pointer in the dereferenced document -> the `$ref` that was inlined there. */
  origins: Map<string, string>;
}

/** `/paths/<path>/<method>/responses`. */
const RESPONSES = /^\/paths\/[^/]+\/[^/]+\/responses$/;

export function dereference(doc: JsonObject): Dereferenced {
  const origins = new Map<string, string>();

  function walk(node: Json, pointer: string, stack: readonly string[]): Json {
    if (Array.isArray(node)) return node.map((child, i) => walk(child, `${pointer}/${i}`, stack));
    if (!isObject(node)) return node;
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith("#")) {
      const target = resolvePointer(doc, decodeURIComponent(ref.slice(1)));
      // A cycle or a dangling ref stays a ref: the diff then compares the ref strings.
      if (target !== undefined && !stack.includes(ref)) {
        origins.set(pointer, ref);
        return walk(target, pointer, [...stack, ref]);
      }
      return node;
    }
    const lower = RESPONSES.test(pointer);
    const out: JsonObject = {};
    for (const [raw, child] of Object.entries(node)) {
      const key = lower ? raw.toLowerCase() : raw;
      out[key] = walk(child, `${pointer}/${escapeSegment(key)}`, stack);
    }
    return out;
  }

  const paths = doc["paths"];
  return { doc: { ...doc, paths: paths === undefined ? {} : walk(paths, "/paths", []) }, origins };
}

/**
 * Where a pointer in the dereferenced document was written in the original one: the innermost
 * inlined `$ref` plus the rest of the pointer (e.g. `#/components/schemas/UpdateStatus/required/4`),
 * or undefined when the pointer is not inside an inlined component.
 */
export function originOf(origins: ReadonlyMap<string, string>, pointer: string): string | undefined {
  for (let prefix = pointer; prefix !== ""; prefix = prefix.slice(0, prefix.lastIndexOf("/"))) {
    const ref = origins.get(prefix);
    if (ref !== undefined) return ref + pointer.slice(prefix.length);
  }
  return undefined;
}
