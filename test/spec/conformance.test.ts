// Each spec document has exactly the structure of the upstream API at its version:
// equal once prose (descriptions, summaries, titles, examples) is removed from both.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocs, readJson, repoRoot, stripProse } from "./support.js";

// Beside the project in CI and in our checkouts, never in a user's clone. The variable only
// lets the "folder absent" branch be exercised without moving the shared folder.
const referenceDir =
  process.env["SYSTEM_UPDATE_REFERENCE_DIR"] ?? path.resolve(repoRoot, "../shared/reference");
const referenceFound = existsSync(referenceDir);
const docs = await loadDocs();

describe("upstream conformance", () => {
  if (!referenceFound) {
    console.warn("upstream conformance: ../shared/reference not found, conformance NOT checked");
    it.skip("conformance NOT checked: ../shared/reference not found", () => {});
    return;
  }

  it("covers every version of the manifest", () => {
    expect(docs.map((d) => d.version)).toEqual([
      "2026021301.0.0",
      "2026022500.0.0",
      "2026052000.0.0",
      "2026081901.0.0",
    ]);
  });

  for (const { version, doc } of docs) {
    it(`${version} has the upstream structure`, () => {
      const referenceFile = path.join(referenceDir, `nexus-system-update-${version}.json`);
      expect(existsSync(referenceFile), `missing ${referenceFile}`).toBe(true);
      expect(stripProse(doc)).toEqual(stripProse(readJson(referenceFile)));
    });
  }
});
