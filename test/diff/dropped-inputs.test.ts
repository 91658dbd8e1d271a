// Issue 22, class 7: inputs the server no longer reads. An old request still passes (dropshot ignores what
// it does not read), but the old client's intent is silently dropped, and the SDK generated from the new
// document refuses the old call: "breaks generated SDKs", with the reason in the change. On the response
// side the same removal takes a value from readers: breaking. Both directions, both sides.
import { describe, expect, it } from "vitest";
import { diffSpecs, type JsonObject } from "../../src/diff/index.js";
import { bodyLine, judged, tinyApi, withField } from "./tiny-api.js";

const withQuery = (names: string[]): JsonObject => {
  const doc = tinyApi("response", { type: "string" });
  const get = ((doc["paths"] as JsonObject)["/things"] as JsonObject)["get"] as JsonObject;
  get["parameters"] = names.map((name) => ({ in: name === "x-trace" ? "header" : "query", name, schema: { type: "string" } }));
  return doc;
};

describe("a parameter removed", () => {
  it("a query parameter: breaks generated SDKs, and says why", () => {
    const diff = diffSpecs(withQuery(["limit", "sort"]), withQuery(["limit"]));
    expect(diff.severity).toBe("breaks-sdk");
    const [change] = diff.operations.flatMap((op) => op.changes);
    expect([change?.area, change?.rule, change?.severity]).toEqual(["parameter query `sort`", "parameter-removed", "breaks-sdk"]);
    expect(change?.description).toMatch(/server ignores .* SDK generated from the new document refuses it/);
  });
  it("a header parameter: the same", () => {
    expect(judged(withQuery(["x-trace"]), withQuery([]))).toEqual([
      "GET /things · parameter header `x-trace` · parameter-removed · breaks-sdk",
    ]);
  });
  it("added back as optional: new optional surface", () => {
    expect(judged(withQuery(["limit"]), withQuery(["limit", "sort"]))).toEqual([
      "GET /things · parameter query `sort` · parameter-added · non-breaking",
    ]);
  });
});

describe("a body field removed", () => {
  const [kept, gone] = [withField({ type: "string" }, false), { type: "object", properties: {} }];
  it("from a request: breaks generated SDKs", () => {
    expect(judged(tinyApi("request", kept), tinyApi("request", gone))).toEqual([bodyLine("request", "property-removed", "breaks-sdk")]);
  });
  it("a required one from a request: the same", () => {
    const required = withField({ type: "string" }, true);
    expect(judged(tinyApi("request", required), tinyApi("request", gone))).toEqual([
      bodyLine("request", "required-property-removed", "breaks-sdk"),
    ]);
  });
  it("from a response: breaks readers", () => {
    expect(judged(tinyApi("response", kept), tinyApi("response", gone))).toEqual([bodyLine("response", "property-removed", "breaking")]);
  });
  it("from a closed request object: refused on the wire", () => {
    const closed = (schema: JsonObject): JsonObject => ({ ...schema, additionalProperties: false });
    expect(judged(tinyApi("request", closed(kept)), tinyApi("request", closed(gone)))).toEqual([
      bodyLine("request", "property-removed", "breaking"),
    ]);
  });
  it("added back, optional, on either side: non-breaking", () => {
    for (const side of ["request", "response"] as const)
      expect(judged(tinyApi(side, gone), tinyApi(side, kept))).toEqual([bodyLine(side, "property-added", "non-breaking")]);
  });
});

it("a request body removed: breaks generated SDKs", () => {
  const doc = tinyApi("request", { type: "string" });
  const after = structuredClone(doc);
  delete (((after["paths"] as JsonObject)["/things"] as JsonObject)["post"] as JsonObject)["requestBody"];
  expect(judged(doc, after)).toEqual(["POST /things · request body · request-body-removed · breaks-sdk"]);
  expect(judged(after, doc)).toEqual(["POST /things · request body · required-request-body-added · breaking"]);
});
