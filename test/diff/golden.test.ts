// Our own versions, compared in order: what a reviewer of each new version was shown.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffSpecs } from "../../src/diff/index.js";
import { repoRoot } from "../support/repo-root.js";
import { loadVersion, operationVerdicts, runDiff, verdicts } from "./support.js";

const V1 = "2026021301.0.0";
const V2 = "2026022500.0.0";
const V3 = "2026052000.0.0";
const V4 = "2026081901.0.0";

describe(`${V1} -> ${V2}`, () => {
  const diff = diffSpecs(loadVersion(V1), loadVersion(V2));

  it("adds recovery-finish, rewords prose, breaks no client", () => {
    expect(verdicts(diff)).toEqual([
      "GET /v1/system/update/status · response 200 · examples-changed · documentation",
      "PUT /v1/system/update/recovery-finish · operation · operation-added · non-breaking",
      "PUT /v1/system/update/target-release · operation · description-changed · documentation",
      "PUT /v1/system/update/target-release · operation · summary-changed · documentation",
      "PUT /v1/system/update/target-release · request body · description-changed · documentation",
      "document · tags · tag-changed · documentation",
      "responses/Error · response · examples-changed · documentation",
      "schemas/UpdateStatus · schema · description-changed · documentation",
    ]);
    expect(operationVerdicts(diff)).toEqual([
      "PUT /v1/system/update/recovery-finish: added, non-breaking",
      "GET /v1/system/update/status: changed, documentation",
      "PUT /v1/system/update/target-release: changed, documentation",
    ]);
    expect(diff.breaking).toBe(false);
  });

  it("lists the shared error response once, with all ten operations that use it", () => {
    const error = diff.components.find((component) => component.name === "responses/Error");
    expect(error?.usedBy).toHaveLength(10);
    expect(new Set(error?.usedBy.map((use) => use.side))).toEqual(new Set(["response"]));
  });

  it("exits 0", async () => {
    expect((await runDiff([V1, V2])).code).toBe(0);
  });
});

describe(`${V2} -> ${V3}`, () => {
  const diff = diffSpecs(loadVersion(V2), loadVersion(V3));

  it("reports contact_support as a new required response field: not breaking for clients", () => {
    expect(verdicts(diff)).toEqual([
      "GET /v1/system/update/status · operation · description-changed · documentation",
      "GET /v1/system/update/status · response 200 · examples-changed · documentation",
      "schemas/UpdateStatus · schema · example-changed · documentation",
      "schemas/UpdateStatus · schema · required-property-added · non-breaking",
    ]);
    const [status] = diff.operations;
    expect(status).toMatchObject({
      method: "GET",
      path: "/v1/system/update/status",
      severity: "non-breaking",
      components: ["schemas/UpdateStatus"],
    });
    const change = diff.components[0]?.changes.find((item) => item.rule === "required-property-added");
    expect(change).toMatchObject({
      at: "properties/contact_support",
      description: "added required field `contact_support`",
      sides: ["response"],
    });
    expect(diff.typesDiff).toContain("+  contact_support: boolean;");
  });

  it("exits 0", async () => {
    expect((await runDiff([V2, V3])).code).toBe(0);
  });
});

describe(`${V3} -> ${V4}`, () => {
  const diff = diffSpecs(loadVersion(V3), loadVersion(V4));

  it("reports no operation change, only the document's own metadata", () => {
    expect(diff.operations).toEqual([]);
    expect(diff.components).toEqual([]);
    expect(diff.document.map((change) => [change.rule, change.severity])).toEqual([
      ["info-description-changed", "documentation"],
      ["info-version-changed", "documentation"],
    ]);
  });

  it("says so in Markdown and exits 0", async () => {
    const run = await runDiff([V3, V4]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("**No breaking changes for clients of 2026052000.0.0.**\n\n2 document-level changes.");
  });
});

describe("the committed Markdown example", () => {
  const file = "docs/spec-diff-2026021301-to-2026022500.md";
  const regenerate = `npm run -s diff -- ${V1} ${V2} > ${file}`;

  it(`is what \`${regenerate}\` writes today`, async () => {
    const committed = readFileSync(path.join(repoRoot, file), "utf8");
    const run = await runDiff([V1, V2]);
    expect(committed === run.stdout, `${file} is stale: regenerate it with \`${regenerate}\``).toBe(true);
  });

  it("reads as a PR comment: heading, verdict, counts, table, folded details and full diff", async () => {
    const { stdout } = await runDiff([V1, V2]);
    expect(stdout.startsWith(`## API diff: ${V1} → ${V2}\n\n**No breaking changes for clients of ${V1}.**\n\n`)).toBe(true);
    expect(stdout).toContain("| non-breaking | PUT | `/v1/system/update/recovery-finish` | `system_update_recovery_finish` | added |");
    expect(stdout).toContain("#### `responses/Error` · documentation\n\nused by `PUT /v1/system/update/recovery-finish` (response), ");
    expect(stdout).toMatch(
      new RegExp(
        "<details><summary>Full document diff \\(keys in the old document's order\\)</summary>\n\n```diff\n" +
          "--- spec/system-update-2026021301\\.0\\.0\\.json\n\\+\\+\\+ spec/system-update-2026022500\\.0\\.0\\.json\n@@ ",
      ),
    );
    expect(stdout.endsWith("```\n\n</details>\n")).toBe(true);
  });
});
