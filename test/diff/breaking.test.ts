// Synthetic pairs: our latest document and an edited deep copy of it, classified for clients of the
// original; each case names what api-smart-diff says and whether one of our rules overrode it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffSpecs, type JsonObject, type SpecDiff } from "../../src/diff/index.js";
import { at, edited, loadVersion, runDiff, stringsAt } from "./support.js";

const base = loadVersion("2026081901.0.0");
const tmp = mkdtempSync(path.join(tmpdir(), "spec-diff-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, doc: JsonObject): string {
  const file = path.join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

/** The operations a diff reports, as `METHOD path: severity`. */
function verdicts(diff: SpecDiff): string[] {
  return diff.operations.map((operation) => `${operation.method} ${operation.path}: ${operation.severity}`);
}

const params = (doc: JsonObject): JsonObject => at(doc, "components", "schemas", "SetTargetReleaseParams");
const status = (doc: JsonObject): JsonObject => at(doc, "components", "schemas", "UpdateStatus");

const BREAKING: { name: string; edit: (doc: JsonObject) => void; operations: string[]; apiSmartDiff: string }[] = [
  {
    name: "removing an operation",
    edit: (doc) => delete at(doc, "paths", "/v1/system/update/trust-roots/{trust_root_id}")["delete"],
    operations: ["DELETE /v1/system/update/trust-roots/{trust_root_id}: breaking"],
    apiSmartDiff: "breaking",
  },
  {
    name: "adding a required request field",
    edit: (doc) => {
      at(params(doc), "properties")["force"] = { type: "boolean" };
      params(doc)["required"] = [...stringsAt(params(doc), "required"), "force"];
    },
    operations: [
      "PUT /v1/system/update/recovery-finish: breaking",
      "PUT /v1/system/update/target-release: breaking",
    ],
    apiSmartDiff: "breaking",
  },
  {
    name: "narrowing a pattern",
    edit: (doc) => void (at(params(doc), "properties", "system_version")["pattern"] = "^\\d+\\.\\d+\\.\\d+$"),
    operations: [
      "PUT /v1/system/update/recovery-finish: breaking",
      "PUT /v1/system/update/target-release: breaking",
    ],
    apiSmartDiff: "breaking",
  },
  {
    name: "removing a response field",
    edit: (doc) => {
      delete at(status(doc), "properties")["suspended"];
      status(doc)["required"] = stringsAt(status(doc), "required").filter((name) => name !== "suspended");
    },
    operations: ["GET /v1/system/update/status: breaking"],
    apiSmartDiff: "breaking",
  },
];

describe.each(BREAKING)("$name", ({ name, edit, operations, apiSmartDiff }) => {
  const after = edited(base, edit);
  const diff = diffSpecs(base, after);

  it("is breaking for clients of the old version", () => {
    expect(diff.breaking).toBe(true);
    expect(verdicts(diff)).toEqual(operations);
    for (const operation of diff.operations) {
      expect(operation.changes.some((change) => change.classifiedBy.apiSmartDiff === apiSmartDiff)).toBe(true);
    }
  });

  it("exits 1, and says so in every format", async () => {
    const [old, changed] = [write(`${name}-old`, base), write(`${name}-new`, after)];
    const markdown = await runDiff([old, changed]);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain("**⚠ Breaking changes for clients of 2026081901.0.0.**");
    expect(markdown.stdout).toContain("| **yes** |");
    const text = await runDiff([old, changed, "--format", "text"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("⚠ Breaking changes for clients of 2026081901.0.0");
    const json = await runDiff([old, changed, "--format=json"]);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as SpecDiff).breaking).toBe(true);
  });
});

describe("our rules over api-smart-diff", () => {
  function only(diff: SpecDiff, pointerEnd: string) {
    const changes = diff.operations.flatMap((operation) => operation.changes);
    const found = changes.filter((change) => change.pointer.endsWith(pointerEnd));
    expect(found.length, `no change at …${pointerEnd}`).toBeGreaterThan(0);
    return found;
  }

  it("a new required response field is not breaking", () => {
    const diff = diffSpecs(
      base,
      edited(base, (doc) => {
        at(status(doc), "properties")["needs_attention"] = { type: "boolean" };
        status(doc)["required"] = [...stringsAt(status(doc), "required"), "needs_attention"];
      }),
    );
    expect(diff.breaking).toBe(false);
    expect(only(diff, "/required/5")).toMatchObject([{ severity: "non-breaking", area: "response 200" }]);
  });

  it("a new optional request field is not breaking", () => {
    const optional = diffSpecs(base, edited(base, (doc) => void (at(params(doc), "properties")["force"] = { type: "boolean" })));
    expect(optional.breaking).toBe(false);
  });

  it("a description-only change is documentation", async () => {
    const after = edited(base, (doc) => void (at(params(doc), "properties", "system_version")["description"] = "Reworded."));
    const diff = diffSpecs(base, after);
    expect(diff.breaking).toBe(false);
    expect(verdicts(diff)).toEqual([
      "PUT /v1/system/update/recovery-finish: documentation",
      "PUT /v1/system/update/target-release: documentation",
    ]);
    expect((await runDiff([write("doc-old", base), write("doc-new", after)])).code).toBe(0);
  });

  it("a removed optional response field is breaking (api-smart-diff: non-breaking)", () => {
    const diff = diffSpecs(base, edited(base, (doc) => delete at(doc, "components", "schemas", "Error", "properties")["error_code"]));
    expect(diff.breaking).toBe(true);
    const [change] = only(diff, "/get/responses/4XX/content/application~1json/schema/properties/error_code");
    expect(change?.classifiedBy.apiSmartDiff).toBe("non-breaking");
    expect(change?.classifiedBy.override).toMatch(/removed response field/);
  });

  it("a response field whose type changed is breaking (api-smart-diff: non-breaking)", () => {
    const diff = diffSpecs(base, edited(base, (doc) => void (at(status(doc), "properties", "suspended")["type"] = "string")));
    expect(diff.breaking).toBe(true);
    expect(only(diff, "/properties/suspended/type")[0]?.classifiedBy).toMatchObject({ apiSmartDiff: "non-breaking" });
  });

  it("compares 4XX/5XX responses, which api-smart-diff skips on its own", () => {
    const diff = diffSpecs(base, edited(base, (doc) => void (at(doc, "components", "responses", "Error")["description"] = "Any error.")));
    expect(diff.operations).toHaveLength(10);
    expect(diff.operations.every((operation) => operation.severity === "documentation")).toBe(true);
    expect(diff.operations[0]?.changes.map((change) => change.location)).toEqual(["responses/4XX/description", "responses/5XX/description"]);
  });
});
