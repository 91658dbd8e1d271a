// Our own versions, compared in order: what a reviewer of each new version was shown.
import { readFileSync } from "node:fs";
import path from "node:path";
import { apiDiff } from "api-smart-diff";
import { describe, expect, it } from "vitest";
import { diffSpecs, renderDiff } from "../../src/diff/index.js";
import { loadVersion, runDiff } from "./support.js";
import { repoRoot } from "../../scripts/generate-lib.js";

const V1 = "2026021301.0.0";
const V2 = "2026022500.0.0";
const V3 = "2026052000.0.0";
const V4 = "2026081901.0.0";

describe(`${V1} -> ${V2}`, () => {
  const diff = diffSpecs(loadVersion(V1), loadVersion(V2));

  it("adds exactly one operation, recovery-finish, and breaks no client", () => {
    const added = diff.operations.filter((operation) => operation.kind === "added");
    expect(added.map(({ method, path, operationId, severity }) => ({ method, path, operationId, severity }))).toEqual([
      {
        method: "PUT",
        path: "/v1/system/update/recovery-finish",
        operationId: "system_update_recovery_finish",
        severity: "non-breaking",
      },
    ]);
    // api-smart-diff itself calls a new operation non-breaking; no override involved.
    expect(added[0]?.changes).toMatchObject([{ location: "", classifiedBy: { apiSmartDiff: "non-breaking" } }]);
    expect(diff.breaking).toBe(false);
  });

  it("reports every other change as documentation", () => {
    const others = diff.operations.filter((operation) => operation.kind !== "added");
    expect(others.length).toBeGreaterThan(0);
    for (const operation of others) {
      expect(operation.kind).toBe("changed");
      expect(operation.severity, `${operation.method} ${operation.path}`).toBe("documentation");
    }
  });

  it("exits 0", async () => {
    expect((await runDiff([V1, V2])).code).toBe(0);
  });
});

describe(`${V2} -> ${V3}`, () => {
  const diff = diffSpecs(loadVersion(V2), loadVersion(V3));

  it("reports contact_support added to the status response, not breaking for clients", () => {
    expect(diff.operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual([
      "GET /v1/system/update/status",
    ]);
    const [status] = diff.operations;
    expect(status?.severity).toBe("non-breaking");
    expect(status?.summary).toBe("response 200 schema; documentation");
    const structural = status?.changes.filter((change) => change.severity !== "documentation");
    expect(structural).toMatchObject([
      {
        severity: "non-breaking",
        action: "add",
        area: "response 200",
        location: "responses/200/schema/properties/contact_support",
        origin: "#/components/schemas/UpdateStatus/properties/contact_support",
        description: "added field `contact_support`",
        classifiedBy: { apiSmartDiff: "non-breaking" },
      },
      {
        severity: "non-breaking",
        action: "add",
        location: "responses/200/schema/required/4",
        description: "`contact_support` became required",
        classifiedBy: { apiSmartDiff: "non-breaking" },
      },
    ]);
    expect(diff.breaking).toBe(false);
  });

  it("ignores api-smart-diff's verdict on components, which has no context", () => {
    // Compared as a component, the new required field is "breaking": that is why only `paths` counts.
    const inComponents = apiDiff(loadVersion(V2), loadVersion(V3)).filter(
      (change) => change.path[0] === "components" && change.path.includes("contact_support"),
    );
    expect(inComponents.map((change) => change.type)).toContain("breaking");
  });

  it("exits 0", async () => {
    expect((await runDiff([V2, V3])).code).toBe(0);
  });
});

describe(`${V3} -> ${V4}`, () => {
  const diff = diffSpecs(loadVersion(V3), loadVersion(V4));

  it("reports no operation change, only the document's own metadata", () => {
    expect(diff.operations).toEqual([]);
    expect(diff.breaking).toBe(false);
    expect(diff.document.map((change) => [change.location, change.severity])).toEqual([
      ["info/description", "documentation"],
      ["info/version", "documentation"],
    ]);
  });

  it("says so in Markdown and exits 0", async () => {
    const run = await runDiff([V3, V4]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No operation changed.");
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

  it("reads as a PR comment: heading, verdict, table, sections, folded full diff", async () => {
    const { stdout } = await runDiff([V1, V2]);
    expect(stdout.startsWith(`## API diff: ${V1} → ${V2}\n\n**No breaking changes for clients of ${V1}.**`)).toBe(true);
    expect(stdout).toContain(
      "| PUT | `/v1/system/update/recovery-finish` | `system_update_recovery_finish` | added | no |",
    );
    expect(stdout).toContain("### `PUT /v1/system/update/target-release`");
    expect(stdout).toContain("`components/responses/Error` (used by 9 operations)");
    expect(stdout).toMatch(/<details><summary>Full document diff<\/summary>\n\n```diff\n--- spec\/system-update-2026021301\.0\.0\.json\n\+\+\+ spec\/system-update-2026022500\.0\.0\.json\n@@ /);
    expect(stdout.trimEnd().endsWith("```\n\n</details>")).toBe(true);
  });
});

describe("the Markdown full diff", () => {
  const diff = diffSpecs(loadVersion(V1), loadVersion(V2));

  it("is cut to its limits, saying how many lines were left out", () => {
    const lines = diff.documentDiff.trimEnd().split("\n").length;
    const markdown = renderDiff(diff, "markdown", { maxDiffLines: 10 });
    expect(markdown).toContain(`… ${lines - 10} more lines: run \`system-update diff --format text\``);
    const body = /```diff\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? "";
    expect(body.split("\n")).toHaveLength(10);
    expect(renderDiff(diff, "markdown", { maxDiffChars: 1000 }).length).toBeLessThan(diff.documentDiff.length);
  });

  it("uses a fence longer than any backtick run in the documents", () => {
    // Descriptions hold `code`; a run of three backticks must not close the block early.
    const after = loadVersion(V2);
    const info = after["info"];
    if (typeof info === "object" && info !== null && !Array.isArray(info)) info["description"] = "```sh\nls\n```";
    const markdown = renderDiff(diffSpecs(loadVersion(V1), after), "markdown");
    expect(markdown).toContain("\n````diff\n");
    expect(markdown).toContain("\n````\n\n</details>");
  });
});
