// The recorded correction of the four released documents (issue 25): `components.schemas.Error` became
// dropshot's exact schema and its prose moved to `components.responses.Error`. The fixture holds what
// those two places said before; rebuilt from it, each old document must hash to the sha256 its manifest
// entry records as corrected, and the spec diff between old and corrected must find documentation only.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffSpecs } from "../../src/diff/index.js";
import { UPSTREAM_TEXT_SCHEMAS, isObject, loadDoc, readManifest, repoRoot, type Json, type JsonObject } from "./support.js";

const manifest = readManifest();
const before = JSON.parse(
  readFileSync(path.join(repoRoot, "test", "fixtures", "spec-corrections", "error-schema-before.json"), "utf8"),
) as Record<string, Record<string, Json>>;

/** The document with the values at the given pointers (`/components/<kind>/<name>`) put back. */
function rebuild(doc: JsonObject, values: Record<string, Json>): JsonObject {
  const copy = structuredClone(doc);
  for (const [pointer, value] of Object.entries(values)) {
    const [, components, kind, name] = pointer.split("/");
    const holder = isObject(copy[components ?? ""]) ? (copy[components ?? ""] as JsonObject)[kind ?? ""] : undefined;
    if (!isObject(holder) || name === undefined || !Object.hasOwn(holder, name)) throw new Error(`no ${pointer} in the document`);
    holder[name] = value;
  }
  return copy;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

describe.each(manifest.versions)("the correction of $file", ({ version, file, sha256: recorded, corrections }) => {
  const doc = loadDoc(file);
  const old = before[version];

  it("is recorded, with its reason, and the old document rebuilds to the recorded hash", () => {
    expect(corrections).toHaveLength(1);
    expect(old).toBeDefined();
    const correction = corrections?.[0];
    const rebuilt = rebuild(doc, old ?? {});
    expect(sha256(`${JSON.stringify(rebuilt, null, 2)}\n`)).toBe(correction?.sha256);
    expect(correction?.sha256).not.toBe(recorded);
    expect(correction?.reason).toMatch(/dropshot's exact schema.*@oxide\/openapi-gen-ts/);
  });

  it("changes documentation only, as system-update diff reports it", () => {
    const diff = diffSpecs(rebuild(doc, old ?? {}), doc);
    expect(diff.breaking).toBe(false);
    expect(diff.severity).toBe("documentation");
    expect(diff.operations).toEqual([]);
    expect(diff.components.map((component) => component.name).sort()).toEqual(["responses/Error", "schemas/Error"]);
    const changes = diff.components.flatMap((component) => component.changes);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((change) => change.severity !== "documentation")).toEqual([]);
  });

  it("leaves the Error schema exactly as dropshot writes it, and the prose on the shared error response", () => {
    const components = doc["components"] as JsonObject;
    const schemas = components["schemas"] as JsonObject;
    for (const [name, text] of UPSTREAM_TEXT_SCHEMAS) expect(schemas[name]).toEqual(text);
    const response = (components["responses"] as JsonObject)["Error"] as JsonObject;
    expect(response["description"]).toContain("The same id is sent in the `x-request-id` response header.");
  });
});
