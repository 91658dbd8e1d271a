// Issue 22, classes 2, 3, 4 and 6: patterns that match every string, a field wrapped in a `oneOf` whose
// variants overlap, a change inside `not`, and a parameter's default. Each on both sides, both directions.
import { describe, expect, it } from "vitest";
import { diffSpecs, type JsonObject } from "../../src/diff/index.js";
import { bodyLine, judged, tinyApi, withField, type Side } from "./tiny-api.js";

interface Case {
  name: string;
  before: JsonObject;
  after: JsonObject;
  /** Rule and severity per side of the change forward, and of the change back. */
  forward: [string, Record<Side, string>];
  backward: [string, Record<Side, string>];
}

const WIDENS = { request: "non-breaking", response: "breaking" };
const NARROWS = { request: "breaking", response: "non-breaking" };
const SAME = { request: "non-breaking", response: "non-breaking" };
const BOTH = { request: "breaking", response: "breaking" };
const field = (schema: JsonObject): JsonObject => withField(schema, true);

const CASES: Case[] = [
  {
    name: "a pattern changed to `.*` matches every string: it widens",
    before: field({ type: "string", pattern: "^[a-z]+$" }),
    after: field({ type: "string", pattern: ".*" }),
    forward: ["pattern-changed", WIDENS],
    backward: ["pattern-changed", NARROWS],
  },
  {
    name: "a pattern set to '' matches every string: it widens",
    before: field({ type: "string", pattern: "^[a-z]+$" }),
    after: field({ type: "string", pattern: "" }),
    forward: ["pattern-changed", WIDENS],
    backward: ["pattern-changed", NARROWS],
  },
  {
    name: "a pattern `.*` added or removed changes nothing",
    before: field({ type: "string" }),
    after: field({ type: "string", pattern: ".*" }),
    forward: ["pattern-changed", SAME],
    backward: ["pattern-changed", SAME],
  },
  {
    name: "an anchored pattern replaced is incompatible still",
    before: field({ type: "string", pattern: "^[a-z]+$" }),
    after: field({ type: "string", pattern: "^[a-z0-9]+$" }),
    forward: ["pattern-changed", BOTH],
    backward: ["pattern-changed", BOTH],
  },
  {
    name: "a field wrapped in a oneOf whose variants both admit every old value: every old value is refused",
    before: field({ type: "string" }),
    after: field({ oneOf: [{ type: "string" }, { type: "string", maxLength: 64 }] }),
    forward: ["schema-narrowed", NARROWS],
    backward: ["schema-widened", WIDENS],
  },
  {
    name: "a field wrapped in an anyOf of the same variants: the same values",
    before: field({ type: "string" }),
    after: field({ anyOf: [{ type: "string" }, { type: "string", maxLength: 64 }] }),
    forward: ["schema-rewritten", SAME],
    backward: ["schema-rewritten", SAME],
  },
  {
    name: "a field wrapped in a oneOf of disjoint variants: it widens",
    before: field({ type: "string" }),
    after: field({ oneOf: [{ type: "string" }, { type: "integer" }] }),
    forward: ["schema-widened", WIDENS],
    backward: ["schema-narrowed", NARROWS],
  },
  {
    name: "an enum value added inside `not`: the field admits less",
    before: field({ type: "string", not: { enum: ["a"] } }),
    after: field({ type: "string", not: { enum: ["a", "b"] } }),
    forward: ["enum-value-added", NARROWS],
    backward: ["enum-value-removed", WIDENS],
  },
  {
    name: "a maximum raised inside `not`",
    before: field({ type: "integer", not: { maximum: 5 } }),
    after: field({ type: "integer", not: { maximum: 9 } }),
    forward: ["maximum-changed", NARROWS],
    backward: ["maximum-changed", WIDENS],
  },
  {
    name: "a request field's default changed: a body default informs, as oasdiff's info",
    before: field({ type: "integer", default: 1 }),
    after: field({ type: "integer", default: 2 }),
    forward: ["default-changed", SAME],
    backward: ["default-changed", SAME],
  },
];

describe.each(CASES)("$name", ({ before, after, forward, backward }) => {
  for (const side of ["request", "response"] as const) {
    it(`on the ${side} side: ${forward[1][side]}, and back: ${backward[1][side]}`, () => {
      expect(judged(tinyApi(side, before), tinyApi(side, after))).toEqual([bodyLine(side, forward[0], forward[1][side])]);
      expect(judged(tinyApi(side, after), tinyApi(side, before))).toEqual([bodyLine(side, backward[0], backward[1][side])]);
    });
  }
});

it("says a change inside `not` is inside it", () => {
  const [before, after] = [field({ not: { enum: ["a"] } }), field({ not: { enum: ["a", "b"] } })];
  const changes = diffSpecs(tinyApi("request", before), tinyApi("request", after)).operations.flatMap((op) => op.changes);
  expect(changes.map((change) => [change.at, change.description])).toEqual([
    ['schema/properties/name/not/enum/"b"', 'inside `not`: added enum value `"b"` of `name`'],
  ]);
});

describe("a query parameter's default (oasdiff: an error, and so here)", () => {
  const withLimit = (schema: JsonObject): JsonObject => {
    const doc = tinyApi("response", { type: "string" });
    const get = (doc["paths"] as JsonObject)["/things"] as JsonObject;
    (get["get"] as JsonObject)["parameters"] = [{ in: "query", name: "limit", schema }];
    return doc;
  };
  const line = "GET /things · parameter query `limit` · parameter-default-changed · breaking";
  it.each([
    ["added", { type: "integer" }, { type: "integer", default: 10 }],
    ["changed", { type: "integer", default: 10 }, { type: "integer", default: 20 }],
    ["removed", { type: "integer", default: 10 }, { type: "integer" }],
  ])("%s: an old client that leaves it out gets other behaviour", (_words, before, after) => {
    expect(judged(withLimit(before), withLimit(after))).toEqual([line]);
  });
});
