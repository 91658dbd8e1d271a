// Issue 22, class 1: `readOnly` binds responses only (a client never sends the field; its `required` holds
// for responses), `writeOnly` binds requests only (the server never sends it back). A change to such a
// field, or to whether it is one, is judged only for the side it can reach. Each case on both sides, and
// each change in both directions.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/diff/index.js";
import { bodyLine, judged, tinyApi, withField, type Side } from "./tiny-api.js";

const RO = { type: "string", readOnly: true };
const WO = { type: "string", writeOnly: true };
const PLAIN = { type: "string" };

interface Case {
  name: string;
  before: JsonObject;
  after: JsonObject;
  /** The rule of the change from `before` to `after`, and of the change back. */
  rule: [string, string];
  /** The severity on each side, for the change from `before` to `after`, and from `after` back to `before`. */
  forward: Record<Side, string>;
  backward: Record<Side, string>;
}

const CASES: Case[] = [
  {
    name: "`required` added to a readOnly field (binds responses only)",
    before: withField(RO, false),
    after: withField(RO, true),
    rule: ["property-became-required", "property-became-optional"],
    forward: { request: "non-breaking", response: "non-breaking" },
    backward: { request: "non-breaking", response: "breaking" },
  },
  {
    name: "a writeOnly field no longer required (it never appears in responses)",
    before: withField(WO, true),
    after: withField(WO, false),
    rule: ["property-became-optional", "property-became-required"],
    forward: { request: "non-breaking", response: "non-breaking" },
    backward: { request: "breaking", response: "non-breaking" },
  },
  {
    name: "a field becomes writeOnly (a request may carry the same)",
    before: withField(PLAIN, true),
    after: withField(WO, true),
    rule: ["writeOnly-changed", "writeOnly-changed"],
    forward: { request: "non-breaking", response: "breaking" },
    backward: { request: "non-breaking", response: "non-breaking" },
  },
  {
    name: "a field becomes readOnly (a response may carry the same)",
    before: withField(PLAIN, false),
    after: withField(RO, false),
    rule: ["readOnly-changed", "readOnly-changed"],
    forward: { request: "breaks-sdk", response: "non-breaking" },
    backward: { request: "non-breaking", response: "non-breaking" },
  },
  {
    name: "an enum value added to a writeOnly field",
    before: withField({ ...WO, enum: ["a"] }, false),
    after: withField({ ...WO, enum: ["a", "b"] }, false),
    rule: ["enum-value-added", "enum-value-removed"],
    forward: { request: "non-breaking", response: "non-breaking" },
    backward: { request: "breaking", response: "non-breaking" },
  },
  {
    name: "an enum value added to a readOnly field",
    before: withField({ ...RO, enum: ["a"] }, false),
    after: withField({ ...RO, enum: ["a", "b"] }, false),
    rule: ["enum-value-added", "enum-value-removed"],
    forward: { request: "non-breaking", response: "breaking" },
    backward: { request: "non-breaking", response: "non-breaking" },
  },
  {
    name: "a nested change inside a readOnly object field",
    before: withField({ type: "object", readOnly: true, properties: { x: { type: "integer", maximum: 5 } } }, false),
    after: withField({ type: "object", readOnly: true, properties: { x: { type: "integer", maximum: 9 } } }, false),
    rule: ["maximum-changed", "maximum-changed"],
    forward: { request: "non-breaking", response: "breaking" },
    backward: { request: "non-breaking", response: "non-breaking" },
  },
];

describe.each(CASES)("$name", ({ before, after, rule, forward, backward }) => {
  for (const side of ["request", "response"] as const) {
    it(`on the ${side} side: ${forward[side]}, and back: ${backward[side]}`, () => {
      expect(judged(tinyApi(side, before), tinyApi(side, after))).toEqual([bodyLine(side, rule[0], forward[side])]);
      expect(judged(tinyApi(side, after), tinyApi(side, before))).toEqual([bodyLine(side, rule[1], backward[side])]);
    });
  }
});

describe("a writeOnly field removed, and added", () => {
  const [gone, kept] = [{ type: "object", properties: {} }, withField(WO, false)];
  it("removed from a response: it was never sent, nothing breaks", () => {
    expect(judged(tinyApi("response", kept), tinyApi("response", gone))).toEqual([
      bodyLine("response", "property-removed", "non-breaking"),
    ]);
  });
  it("removed from a request: the server ignores it, new SDKs refuse it", () => {
    expect(judged(tinyApi("request", kept), tinyApi("request", gone))).toEqual([bodyLine("request", "property-removed", "breaks-sdk")]);
  });
  it("a required readOnly field added to a request: clients never send it, non-breaking", () => {
    expect(judged(tinyApi("request", gone), tinyApi("request", withField(RO, true)))).toEqual([
      bodyLine("request", "required-property-added", "non-breaking"),
    ]);
  });
  it("a required writeOnly field added to a request: old clients lack it, breaking", () => {
    expect(judged(tinyApi("request", gone), tinyApi("request", withField(WO, true)))).toEqual([
      bodyLine("request", "required-property-added", "breaking"),
    ]);
  });
  it("added on either side: new optional surface", () => {
    for (const side of ["request", "response"] as const)
      expect(judged(tinyApi(side, gone), tinyApi(side, kept))).toEqual([bodyLine(side, "property-added", "non-breaking")]);
  });
});

describe("a shared component judged for each side it is used on", () => {
  const component = (field: JsonObject, required: boolean): JsonObject => {
    const doc = tinyApi("request", { $ref: "#/components/schemas/Thing" });
    const paths = doc["paths"] as JsonObject;
    paths["/things"] = {
      ...(paths["/things"] as JsonObject),
      get: {
        responses: { "200": { description: "", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
      },
    };
    return { ...doc, components: { schemas: { Thing: withField(field, required) } } };
  };
  it("`required` added to a readOnly field is non-breaking though the schema is also sent", () => {
    expect(judged(component(RO, false), component(RO, true))).toEqual(["schemas/Thing · schema · property-became-required · non-breaking"]);
  });
  it("`required` removed from a readOnly field breaks readers", () => {
    expect(judged(component(RO, true), component(RO, false))).toEqual(["schemas/Thing · schema · property-became-optional · breaking"]);
  });
});
