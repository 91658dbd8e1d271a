// Shared helpers for the spec suites: loading the documents and walking plain JSON.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../support/repo-root.js";
import { readManifest } from "../../src/spec/manifest.js";
import { isObject, pointerSegment, resolvePointer, type Json, type JsonObject } from "../support/openapi.js";

export { repoRoot, readManifest };
// Plain-JSON helpers live with the ajv/OAS helpers the contract layer shares.
export { isObject, pointerSegment, resolvePointer, type Json, type JsonObject };

export const specDir = path.join(repoRoot, "spec");

export function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, "utf8")) as Json;
}

export function loadDoc(file: string): JsonObject {
  const doc = readJson(path.join(specDir, file));
  if (!isObject(doc)) throw new Error(`${file} is not a JSON object`);
  return doc;
}

/** The documents listed in the manifest, oldest first. */
export async function loadDocs(): Promise<{ version: string; file: string; doc: JsonObject }[]> {
  const manifest = readManifest();
  return manifest.versions.map(({ version, file }) => ({ version, file, doc: loadDoc(file) }));
}

/** Prose keys: what our documents may add to the upstream structure. */
export const PROSE_KEYS: ReadonlySet<string> = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
]);

/** A deep copy without the prose keys, at any depth. */
export function stripProse(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripProse);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (!PROSE_KEYS.has(key)) out[key] = stripProse(child);
  }
  return out;
}

/** Visit every object in a document with its JSON Pointer. */
export function walkObjects(
  value: Json,
  visit: (node: JsonObject, pointer: string) => void,
  pointer = "",
): void {
  if (Array.isArray(value)) {
    value.forEach((child, index) => walkObjects(child, visit, `${pointer}/${index}`));
  } else if (isObject(value)) {
    visit(value, pointer);
    for (const [key, child] of Object.entries(value)) {
      walkObjects(child, visit, `${pointer}/${pointerSegment(key)}`);
    }
  }
}

/**
 * Schemas whose text a tool reads, so they are upstream's text exactly, prose included: Oxide's SDK
 * generator (@oxide/openapi-gen-ts) asserts that `Error` is dropshot's schema, word for word.
 */
export const UPSTREAM_TEXT_SCHEMAS: ReadonlyMap<string, Json> = new Map<string, Json>([
  [
    "Error",
    {
      description: "Error information from a response.",
      type: "object",
      properties: { error_code: { type: "string" }, message: { type: "string" }, request_id: { type: "string" } },
      required: ["message", "request_id"],
    },
  ],
]);
