// Operation ids span every API version: each spec document's operationIds, with the first and last version.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isOperationId, OPERATION_IDS, OPERATION_VERSIONS } from "../../mocks/core/protocol/operation-ids.js";
import { requireOperationId } from "../../mocks/core/faults/rules.js";

const specDir = path.join(import.meta.dirname, "../../spec");
const manifest = JSON.parse(readFileSync(path.join(specDir, "manifest.json"), "utf8")) as {
  latest: string;
  versions: { version: string; file: string }[];
};

/** operationId → the versions whose document has it, oldest first, read from the documents themselves. */
function versionsFromSpecs(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { version, file } of manifest.versions) {
    const doc = JSON.parse(readFileSync(path.join(specDir, file), "utf8")) as { paths: Record<string, Record<string, unknown>> };
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        const id = (op as { operationId?: unknown }).operationId;
        if (typeof id === "string") found.set(id, [...(found.get(id) ?? []), version]);
      }
    }
  }
  return found;
}

describe("operation ids across API versions", () => {
  const fromSpecs = versionsFromSpecs();

  it("lists every operationId of every spec document, and no other", () => {
    expect([...OPERATION_IDS].sort()).toEqual([...fromSpecs.keys()].sort());
  });

  it("gives each its first version, and its last only when the latest document lacks it", () => {
    for (const [id, versions] of fromSpecs) {
      const last = versions[versions.length - 1];
      const expected = last === manifest.latest ? { first: versions[0] } : { first: versions[0], last };
      expect(OPERATION_VERSIONS[id as keyof typeof OPERATION_VERSIONS], id).toEqual(expected);
    }
    // recovery-finish arrived after the first version: its first version is not the oldest.
    expect(OPERATION_VERSIONS.system_update_recovery_finish.first).toBe("2026022500.0.0");
  });

  it("knows no inherited names", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", ""]) {
      expect(isOperationId(name), name).toBe(false);
      expect(() => requireOperationId(name)).toThrow(`no operation ${name}`);
    }
  });
});
