// The diff on real API documents: consecutive versions of the Oxide control plane's Nexus API (about 1 MB
// and 300 operations each), with expectations written from reading the documents themselves.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { diffSpecs, PR_COMMENT_LIMIT, renderDiff, type Json, type JsonObject } from "../../src/diff/index.js";
import { loadNexus, NEXUS, nexusText, operationVerdicts, runDiff, verdicts, type NexusVersion } from "./support.js";

const docs = new Map<NexusVersion, JsonObject>();
const nexus = (version: NexusVersion): JsonObject => {
  let doc = docs.get(version);
  if (doc === undefined) docs.set(version, (doc = loadNexus(version)));
  return doc;
};

const tmp = mkdtempSync(path.join(tmpdir(), "spec-diff-nexus-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("2026021301 -> 2026021900: sled_add removed", () => {
  const diff = diffSpecs(nexus("2026021301.0.0-6e51ab"), nexus("2026021900.0.0-c4f8f3"));

  it("reports the removed operation and the two types only it used", () => {
    expect(verdicts(diff)).toEqual([
      "POST /v1/system/hardware/sleds · operation · operation-removed · breaking",
      "schemas/SledId · schema · component-removed · breaks-sdk",
      "schemas/UninitializedSledId · schema · component-removed · breaks-sdk",
    ]);
    expect(diff.breaking).toBe(true);
    expect(
      diff.components.map((component) => [component.name, component.usedBy.map((use) => `${use.method} ${use.path} ${use.side}`)]),
    ).toEqual([
      ["schemas/SledId", ["POST /v1/system/hardware/sleds response"]],
      ["schemas/UninitializedSledId", ["POST /v1/system/hardware/sleds request"]],
    ]);
  });

  it("exits 1 from the command line, reading the documents as files", async () => {
    const [old, now] = (["2026021301.0.0-6e51ab", "2026021900.0.0-c4f8f3"] as const).map((version) => {
      const file = path.join(tmp, `nexus-${version}.json`);
      writeFileSync(file, nexusText(version));
      return file;
    });
    const run = await runDiff([old ?? "", now ?? ""]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("| ⚠ **breaking** | POST | `/v1/system/hardware/sleds` | `sled_add` | removed |");
  });
});

describe("2026021900 -> 2026022500: recovery-finish added", () => {
  const diff = diffSpecs(nexus("2026021900.0.0-c4f8f3"), nexus("2026022500.0.0-3651d5"));

  it("reports one added operation and nothing else", () => {
    expect(verdicts(diff)).toEqual(["PUT /v1/system/update/recovery-finish · operation · operation-added · non-breaking"]);
    expect(operationVerdicts(diff)).toEqual(["PUT /v1/system/update/recovery-finish: added, non-breaking"]);
    expect(diff.breaking).toBe(false);
  });

  it("reads the same from YAML", async () => {
    const [old, now] = (["2026021900.0.0-c4f8f3", "2026022500.0.0-3651d5"] as const).map((version) => {
      const file = path.join(tmp, `nexus-${version}.yaml`);
      writeFileSync(file, stringify(nexus(version)));
      return file;
    });
    const run = await runDiff([old ?? "", now ?? "", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(verdicts(JSON.parse(run.stdout) as ReturnType<typeof diffSpecs>)).toEqual(verdicts(diff));
  });
});

describe("2026022500 -> 2026030200: users and groups gain timestamps", () => {
  const diff = diffSpecs(nexus("2026022500.0.0-3651d5"), nexus("2026030200.0.0-745133"));

  it("reports two new required response fields in each of three schemas, none breaking", () => {
    const expected = ["CurrentUser", "Group", "User"].flatMap((name) => [
      `schemas/${name} · schema · required-property-added · non-breaking`,
      `schemas/${name} · schema · required-property-added · non-breaking`,
    ]);
    expect(verdicts(diff)).toEqual(expected);
    expect(diff.severity).toBe("non-breaking");
  });

  it("lists the operations that reach each schema, on the response side", () => {
    const users = Object.fromEntries(
      diff.components.map((component) => [component.name, component.usedBy.map((use) => `${use.method} ${use.path} (${use.side})`)]),
    );
    expect(users).toEqual({
      "schemas/CurrentUser": ["GET /v1/me (response)"],
      "schemas/Group": ["GET /v1/groups (response)", "GET /v1/groups/{group_id} (response)", "GET /v1/me/groups (response)"],
      "schemas/User": [
        "POST /v1/system/identity-providers/local/users (response)",
        "GET /v1/system/users (response)",
        "GET /v1/system/users/{user_id} (response)",
        "GET /v1/users (response)",
        "GET /v1/users/{user_id} (response)",
      ],
    });
    expect(diff.operations.every((operation) => operation.severity === "non-breaking" && operation.changes.length === 0)).toBe(true);
    expect(diff.operations.map((operation) => operation.components)).toContainEqual(["schemas/User"]);
  });

  it("shows the new fields in the generated TypeScript", () => {
    expect(diff.typesDiff).toContain("+  time_created: Date;\n+  time_modified: Date;\n };\n export type Group = {");
  });
});

describe("2026021301 -> 2026081901: six months of Nexus in one comment", () => {
  const diff = diffSpecs(nexus("2026021301.0.0-6e51ab"), nexus("2026081901.0.0-e5e4f5"));
  const markdown = renderDiff(diff, "markdown");

  it("fits a GitHub comment, verdict and table first, cut last with a note", () => {
    expect(markdown.length).toBeLessThanOrEqual(PR_COMMENT_LIMIT);
    const head = "## API diff: 2026021301.0.0 → 2026081901.0.0\n\n**⚠ Breaking changes for clients of 2026021301.0.0";
    expect(markdown.startsWith(head)).toBe(true);
    expect(markdown).toContain("| Verdict | Method | Path | Operation | What changed |");
    expect(markdown).toContain("\n> ✂ **Truncated** to fit GitHub's 65,536-character comment limit: left out ");
    expect(markdown).toMatch(/left out [^\n]*full document diff[^\n]*--output report\.md`\.\n$/);
    // Every fold and fence that was opened is closed.
    expect(markdown.split("<details>").length).toBe(markdown.split("</details>").length);
    expect((markdown.match(/^`{3,}/gm) ?? []).length % 2).toBe(0);
  });

  it("writes everything in the full report", () => {
    const full = renderDiff(diff, "markdown", { maxChars: Infinity });
    expect(full.length).toBeGreaterThan(PR_COMMENT_LIMIT);
    expect(full).not.toContain("Truncated");
    expect(full).toContain(diff.documentDiff.trimEnd().split("\n").at(-1));
  });

  it("finds the operations that moved out of /experimental, and the removed ones", () => {
    const moved = diff.operations.filter((operation) => operation.kind === "moved");
    expect(moved).toHaveLength(10);
    for (const operation of moved) {
      expect(operation.from?.path).toBe(operation.path.replace("/v1/", "/experimental/v1/"));
      expect(operation.severity).toBe("breaking");
    }
    expect(
      diff.operations.filter((operation) => operation.kind === "removed").map((operation) => `${operation.method} ${operation.path}`),
    ).toEqual(
      [
        "POST /v1/system/hardware/sleds",
        "GET /v1/system/ip-pools-service",
        "GET /v1/system/ip-pools-service/ranges",
        "POST /v1/system/ip-pools-service/ranges/add",
        "POST /v1/system/ip-pools-service/ranges/remove",
      ].sort((x, y) => x.split(" ")[1]!.localeCompare(y.split(" ")[1]!)),
    );
    expect(diff.operations.filter((operation) => operation.kind === "added")).toHaveLength(11);
  });

  it("sees switch_location renamed to switch_slot in a path as the same URL with a new parameter name", () => {
    const lldp = diff.operations.find(
      (operation) => operation.path === "/v1/system/hardware/rack-switch-port/{rack_id}/{switch_slot}/{port}/lldp/neighbors",
    );
    expect(lldp?.kind).toBe("changed");
    expect(
      lldp?.changes
        .filter((change) => change.rule === "path-parameter-renamed")
        .map((change) => [change.before, change.after, change.severity]),
    ).toEqual([["switch_location", "switch_slot", "breaks-sdk"]]);
  });
});

describe("a Nexus document rewritten without changing its API", () => {
  const original = nexus("2026081901.0.0-e5e4f5");
  const sortKeys = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value === null || typeof value !== "object") return value;
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) Object.defineProperty(out, key, { value: sortKeys(value[key] as Json), enumerable: true });
    return out;
  };
  const reversedSchemas = structuredClone(original);
  const components = reversedSchemas["components"] as JsonObject;
  components["schemas"] = Object.fromEntries(Object.entries(components["schemas"] as JsonObject).reverse());

  it.each([
    ["its schemas reordered", reversedSchemas],
    ["its keys sorted", sortKeys(original) as JsonObject],
  ])("with %s: no change at all, and an empty full diff", (_, rewritten) => {
    const diff = diffSpecs(original, rewritten);
    expect(verdicts(diff)).toEqual([]);
    expect(diff.document).toEqual([]);
    expect(diff.documentDiff).toBe("");
  });

  it("gives a change the same fingerprint whatever the order of either document", () => {
    const older = nexus("2026022500.0.0-3651d5");
    const newer = nexus("2026030200.0.0-745133");
    const ids = (a: JsonObject, b: JsonObject): string[] =>
      diffSpecs(a, b)
        .components.flatMap((component) => component.changes.map((change) => change.fingerprint))
        .sort();
    expect(ids(sortKeys(older) as JsonObject, newer)).toEqual(ids(older, newer));
    expect(ids(older, sortKeys(newer) as JsonObject)).toEqual(ids(older, newer));
    expect(new Set(ids(older, newer)).size).toBe(6);
  });
});

describe("the Nexus fixtures", () => {
  it.each(NEXUS)("nexus-%s is the document it is named after", (version) => {
    expect((nexus(version)["info"] as JsonObject)["version"]).toBe(version.split("-")[0]);
    expect(Object.keys(nexus(version)["paths"] as JsonObject).length).toBeGreaterThan(200);
  });
});
