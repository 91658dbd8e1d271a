// Documents are input: keys such as `__proto__`, `constructor` or `toString` are names like any other, and
// the Markdown fits a PR comment whatever the documents hold.
import { describe, expect, it } from "vitest";
import { diffSpecs, PR_COMMENT_LIMIT, renderDiff, type JsonObject } from "../../src/diff/index.js";
import { verdicts } from "./support.js";

/** A document from JSON text, so that `__proto__` is an own key as in a parsed file. */
const parse = (text: string): JsonObject => JSON.parse(text) as JsonObject;

function doc(schemaProperties: string, enumValues: string, extraPath = ""): JsonObject {
  return parse(`{
    "openapi": "3.0.3",
    "info": { "title": "t", "version": "1" },
    "paths": {
      "/constructor": {
        "get": {
          "operationId": "toString",
          "parameters": [{ "in": "query", "name": "constructor", "schema": { "type": "string" } }],
          "responses": {
            "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/__proto__" } } } }
          }
        }
      }${extraPath}
    },
    "components": {
      "schemas": {
        "__proto__": { "type": "object", "properties": { ${schemaProperties} } },
        "hasOwnProperty": { "type": "string", "enum": [${enumValues}] }
      }
    }
  }`);
}

describe("keys named like Object.prototype members", () => {
  it("a field called `constructor` added, `__proto__` retyped: reported as themselves", () => {
    const before = doc(`"__proto__": { "type": "string" }`, `"__proto__"`);
    const after = doc(`"__proto__": { "type": "integer" }, "constructor": { "type": "string" }`, `"__proto__", "valueOf"`);
    const diff = diffSpecs(before, after);
    expect(verdicts(diff)).toEqual([
      "schemas/__proto__ · schema · property-added · non-breaking",
      "schemas/__proto__ · schema · type-changed · breaking",
      "schemas/hasOwnProperty · schema · enum-value-added · non-breaking",
    ]);
    expect(diff.components.find((component) => component.name === "schemas/__proto__")?.usedBy).toEqual([
      { method: "GET", path: "/constructor", operationId: "toString", side: "response" },
    ]);
    expect(renderDiff(diff, "markdown")).toContain("added optional field `constructor`");
  });

  it("an operation at `/__proto__` added and one at `/constructor` unchanged", () => {
    const before = doc(`"a": { "type": "string" }`, `"x"`);
    const after = doc(
      `"a": { "type": "string" }`,
      `"x"`,
      `, "/__proto__": { "get": { "operationId": "constructor", "responses": { "204": { "description": "none" } } } }`,
    );
    expect(verdicts(diffSpecs(before, after))).toEqual(["GET /__proto__ · operation · operation-added · non-breaking"]);
    expect(diffSpecs(before, before).documentDiff).toBe("");
  });
});

describe("the Markdown of any input fits a GitHub comment", () => {
  const base = doc(`"a": { "type": "string" }`, `"x"`);
  const cases: [string, JsonObject][] = [
    [
      "thousands of operations",
      (() => {
        const next = structuredClone(base);
        const paths = next["paths"] as JsonObject;
        for (let i = 0; i < 3000; i++)
          paths[`/items/${i}/${"segment/".repeat(8)}`] = { get: { operationId: `op_${i}`, responses: { "204": { description: "x" } } } };
        return next;
      })(),
    ],
    [
      "one enormous description and path",
      (() => {
        const next = structuredClone(base);
        (next["info"] as JsonObject)["description"] = "word ".repeat(40_000);
        (next["paths"] as JsonObject)[`/${"x".repeat(90_000)}`] = { get: { responses: { "204": { description: "y" } } } };
        return next;
      })(),
    ],
    [
      "an enormous version",
      (() => {
        const next = structuredClone(base);
        (next["info"] as JsonObject)["version"] = "9".repeat(100_000);
        return next;
      })(),
    ],
  ];

  it.each(cases)("%s", (_, after) => {
    for (const [x, y] of [
      [base, after],
      [after, base],
    ] as const) {
      const markdown = renderDiff(diffSpecs(x, y), "markdown");
      expect(markdown.length).toBeLessThanOrEqual(PR_COMMENT_LIMIT);
      expect(markdown.startsWith("## API diff: ")).toBe(true);
      expect(markdown).toMatch(/\*\*(No breaking|⚠ Breaking) changes for clients of /);
      expect(markdown.split("<details>").length).toBe(markdown.split("</details>").length);
    }
  });
});

describe("$refs that are not valid percent-encoding", () => {
  it("are compared as the names they spell, never thrown on", () => {
    const withRef = (ref: string, type: string) =>
      parse(`{
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "responses": { "200": { "description": "ok",
          "content": { "application/json": { "schema": { "$ref": "${ref}" } } } } } } } },
        "components": { "schemas": { "%E0": { "type": "${type}" }, "%": { "type": "${type}" } } }
      }`);
    for (const ref of ["#/components/schemas/%E0", "#/components/schemas/%"]) {
      const diff = diffSpecs(withRef(ref, "string"), withRef(ref, "integer"));
      expect(verdicts(diff)).toContain(`${ref.slice("#/components/".length)} · schema · type-changed · breaking`);
      expect(() => renderDiff(diff, "markdown")).not.toThrow();
    }
  });
});

describe("root tags that are not objects", () => {
  it("are skipped, and the named tags still compared", () => {
    const withTags = (tags: string) =>
      parse(`{ "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {}, "tags": [${tags}] }`);
    const diff = diffSpecs(withTags(`null, 7, "x"`), withTags(`null, { "name": "system/update" }`));
    expect(verdicts(diff)).toEqual(["document · tags · tag-added · documentation"]);
  });
});
