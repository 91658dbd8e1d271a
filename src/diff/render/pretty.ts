// Documents as the full diff shows them: pretty-printed JSON (two spaces, as `JSON.stringify(v, null, 2)`
// writes it), with the new document's keys put in the old document's order. Key order means nothing in
// JSON, so a document whose schemas were reordered or whose keys were sorted diffs as unchanged, and the
// line diff only ever sees real edits.
import { isObject, type Json, type JsonObject } from "../model/json.js";

export interface PrettyDocument {
  lines: string[];
  /** For each line, the section it is in (`paths /v1/x get`, `components schemas X`), for hunk headings. */
  sections: string[];
}

/** The keys of `after`, common ones in `before`'s order; a new key stays right after the key it followed. */
export function alignedKeys(after: JsonObject, before: JsonObject | undefined): string[] {
  const keys = Object.keys(after);
  if (before === undefined) return keys;
  const head: string[] = [];
  const following = new Map<string, string[]>();
  let previous: string | undefined;
  for (const key of keys) {
    if (Object.hasOwn(before, key)) {
      previous = key;
      continue;
    }
    if (previous === undefined) head.push(key);
    else following.set(previous, [...(following.get(previous) ?? []), key]);
  }
  const out = head;
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) continue;
    out.push(key, ...(following.get(key) ?? []));
  }
  return out;
}

/** Depth of keys named in a section: `paths` > path > method, `components` > kind > name. */
const SECTION_DEPTH = 3;

/** `value` pretty-printed, keys in `shape`'s order where `shape` has them (pass `value` itself to keep its order). */
export function prettyLines(value: Json, shape: Json | undefined): PrettyDocument {
  const lines: string[] = [];
  const sections: string[] = [];
  let section = "";

  function write(node: Json, like: Json | undefined, indent: string, prefix: string, comma: string, names: readonly string[]): void {
    if (Array.isArray(node)) {
      if (node.length === 0) return push(`${indent}${prefix}[]${comma}`);
      push(`${indent}${prefix}[`);
      const likeArray = Array.isArray(like) ? like : undefined;
      node.forEach((item, i) => write(item, likeArray?.[i], `${indent}  `, "", i < node.length - 1 ? "," : "", names));
      return push(`${indent}]${comma}`);
    }
    if (!isObject(node)) return push(`${indent}${prefix}${JSON.stringify(node)}${comma}`);
    const keys = like === node ? Object.keys(node) : alignedKeys(node, isObject(like) ? like : undefined);
    if (keys.length === 0) return push(`${indent}${prefix}{}${comma}`);
    push(`${indent}${prefix}{`);
    keys.forEach((key, i) => {
      const child = node[key] as Json;
      const nested = names.length < SECTION_DEPTH ? [...names, key] : names;
      if (names.length < SECTION_DEPTH) section = nested.join(" ");
      const likeChild = like === node ? child : isObject(like) && Object.hasOwn(like, key) ? like[key] : undefined;
      write(child, likeChild, `${indent}  `, `${JSON.stringify(key)}: `, i < keys.length - 1 ? "," : "", nested);
      if (names.length < SECTION_DEPTH) section = names.join(" ");
    });
    push(`${indent}}${comma}`);
  }

  function push(line: string): void {
    lines.push(line);
    sections.push(section);
  }

  write(value, shape, "", "", "", []);
  return { lines, sections };
}
