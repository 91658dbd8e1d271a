// Issue 22, classes 5 and 8: security schemes that no requirement names, and webhooks (OpenAPI 3.1), where
// a client reads the request the API sends and answers with the response. Both directions.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/diff/index.js";
import { judged, tinyApi } from "./tiny-api.js";

const oauth = (scopes: Record<string, string>, description = "OAuth"): JsonObject => ({
  type: "oauth2",
  description,
  flows: { clientCredentials: { tokenUrl: "https://example.com/token", scopes } },
});

/** The tiny API with schemes `used` (named by the document's security) and `spare` (named by nothing). */
function secured(schemes: JsonObject): JsonObject {
  return { ...tinyApi("response", { type: "string" }), security: [{ used: [] }], components: { securitySchemes: schemes } };
}
const BASE = { used: oauth({ read: "read" }), spare: oauth({ read: "read" }) };

describe("security schemes", () => {
  it.each<[string, JsonObject, string]>([
    ["an unused scheme removed", { used: BASE.used }, "security-scheme-removed · non-breaking"],
    ["an unused scheme's scopes changed", { ...BASE, spare: oauth({ write: "write" }) }, "security-scheme-changed · non-breaking"],
    [
      "an unused scheme's description changed",
      { ...BASE, spare: oauth({ read: "read" }, "other") },
      "security-scheme-described · documentation",
    ],
    ["a used scheme removed", { spare: BASE.spare }, "security-scheme-removed · breaking"],
    ["a used scheme's scope described otherwise", { ...BASE, used: oauth({ read: "reads" }) }, "security-scheme-described · documentation"],
    ["a used scheme's scopes changed", { ...BASE, used: oauth({ write: "write" }) }, "security-scheme-changed · breaking"],
    ["a scheme added", { ...BASE, more: oauth({}) }, "security-scheme-added · non-breaking"],
  ])("%s", (_name, after, line) => {
    expect(judged(secured(BASE), secured(after))).toEqual([`document · security · ${line}`]);
  });
  it("an unused scheme added back: non-breaking", () => {
    expect(judged(secured({ used: BASE.used }), secured(BASE))).toEqual(["document · security · security-scheme-added · non-breaking"]);
  });
});

/** A 3.1 document with one webhook `thing_created`, its body `schema`, required or not; its answer `reply`. */
function withWebhook(schema: JsonObject | undefined, required = true, reply: JsonObject = { type: "object" }): JsonObject {
  const doc: JsonObject = { ...tinyApi("response", { type: "string" }), openapi: "3.1.0" };
  if (schema === undefined) return doc;
  const requestBody = { required, content: { "application/json": { schema } } };
  const responses = { "200": { description: "received", content: { "application/json": { schema: reply } } } };
  return { ...doc, webhooks: { thing_created: { post: { requestBody, responses } } } };
}
const EVENT = { type: "object", properties: { id: { type: "string" }, kind: { type: "string", enum: ["a"] } }, required: ["id"] };
const HOOK = "POST webhook:thing_created";

describe("webhooks", () => {
  it("removed: breaks clients that receive it; added: non-breaking", () => {
    expect(judged(withWebhook(EVENT), withWebhook(undefined))).toEqual([`${HOOK} · operation · webhook-removed · breaking`]);
    expect(judged(withWebhook(undefined), withWebhook(EVENT))).toEqual([`${HOOK} · operation · webhook-added · non-breaking`]);
  });
  it("its body became required: the client reads a body every time, non-breaking; optional again: breaking", () => {
    expect(judged(withWebhook(EVENT, false), withWebhook(EVENT, true))).toEqual([
      `${HOOK} · request body · request-body-became-required · non-breaking`,
    ]);
    expect(judged(withWebhook(EVENT, true), withWebhook(EVENT, false))).toEqual([
      `${HOOK} · request body · request-body-became-optional · breaking`,
    ]);
  });
  it("what it sends is what a client reads: an enum value added breaks, removed does not", () => {
    const more = { ...EVENT, properties: { ...EVENT.properties, kind: { type: "string", enum: ["a", "b"] } } };
    expect(judged(withWebhook(EVENT), withWebhook(more))).toEqual([`${HOOK} · request body · enum-value-added · breaking`]);
    expect(judged(withWebhook(more), withWebhook(EVENT))).toEqual([`${HOOK} · request body · enum-value-removed · non-breaking`]);
  });
  it("a field it sends removed breaks readers", () => {
    const fewer = { ...EVENT, properties: { id: { type: "string" } } };
    expect(judged(withWebhook(EVENT), withWebhook(fewer))).toEqual([`${HOOK} · request body · property-removed · breaking`]);
  });
  it("its response is what a client sends: a field becoming required there breaks clients", () => {
    const loose = { type: "object", properties: { ok: { type: "boolean" } } };
    const strict = { ...loose, required: ["ok"] };
    expect(judged(withWebhook(EVENT, true, loose), withWebhook(EVENT, true, strict))).toEqual([
      `${HOOK} · response 200 · property-became-required · breaking`,
    ]);
    expect(judged(withWebhook(EVENT, true, strict), withWebhook(EVENT, true, loose))).toEqual([
      `${HOOK} · response 200 · property-became-optional · non-breaking`,
    ]);
  });
  it("a component only a webhook sends is judged for readers", () => {
    const ref = { $ref: "#/components/schemas/Event" };
    const doc = (event: JsonObject): JsonObject => ({ ...withWebhook(ref), components: { schemas: { Event: event } } });
    const more = { ...EVENT, properties: { ...EVENT.properties, kind: { type: "string", enum: ["a", "b"] } } };
    expect(judged(doc(EVENT), doc(more))).toEqual(["schemas/Event · schema · enum-value-added · breaking"]);
  });
});
