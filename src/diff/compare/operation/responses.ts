// What a client reads: the responses of an operation, by status code, and what one response is made of
// (description, headers, body). A response shared as a component is compared once, on its own; this
// module also compares those (`components/responses`).
import { deref, isObject, jsonEqual, own, ownObject, type Json, type JsonObject } from "../../model/json.js";
import { compareContent } from "./media-types.js";
import type { OperationSide } from "../usage.js";
import { place, type RawChange } from "../findings.js";
import type { SchemaComparer } from "../schema/compare.js";
import { refName } from "../../model/schema.js";

const isSuccess = (code: string): boolean => /^2/.test(code);

/** Responses by status code (case aside): removed, changed (unless the same shared component), added. */
export function compareResponses(schemas: SchemaComparer, b: OperationSide, a: OperationSide): RawChange[] {
  const out: RawChange[] = [];
  const [bc, ac] = [byStatus(b), byStatus(a)];
  for (const [code, raw] of bc) {
    const area = `response ${code}`;
    if (!ac.has(code)) {
      const success = isSuccess(code);
      out.push({
        rule: success ? "success-response-removed" : "response-removed",
        effect: success ? "removes" : "additive",
        side: "response",
        area,
        at: [],
        description: "removed",
      });
      continue;
    }
    const next = ac.get(code);
    const [br, ar] = [refName(raw), refName(next)];
    if (br !== undefined && br === ar) continue; // the shared response is compared once, as a component
    out.push(...compareResponse(schemas, b.doc, a.doc, raw, next, area));
  }
  for (const [code] of ac) {
    if (!bc.has(code))
      out.push({
        rule: isSuccess(code) ? "success-response-added" : "response-added",
        effect: "additive",
        side: "response",
        area: `response ${code}`,
        at: [],
        description: "added",
      });
  }
  return out;
}

function byStatus(side: OperationSide): Map<string, Json> {
  const map = new Map<string, Json>();
  const responses = ownObject(side.operation, "responses") ?? {};
  for (const code of Object.keys(responses)) map.set(code.toUpperCase(), responses[code] as Json);
  return map;
}

/** One response (also a `components/responses` entry), in `area`: description, headers, then body. */
export function compareResponse(
  schemas: SchemaComparer,
  bDoc: JsonObject,
  aDoc: JsonObject,
  before: Json | undefined,
  after: Json | undefined,
  area: string,
): RawChange[] {
  const [b, a] = [deref(bDoc, before), deref(aDoc, after)];
  const [bo, ao] = [isObject(b) ? b : {}, isObject(a) ? a : {}];
  const out: RawChange[] = [];
  if (!jsonEqual(own(bo, "description"), own(ao, "description")))
    out.push({ rule: "description-changed", effect: "documentation", area, at: ["description"], description: "description changed" });
  out.push(...compareHeaders(schemas, bDoc, aDoc, bo, ao, area));
  const [bContent, aContent] = [ownObject(bo, "content"), ownObject(ao, "content")];
  if (bContent !== undefined && Object.keys(bContent).length > 0 && (aContent === undefined || Object.keys(aContent).length === 0)) {
    out.push({
      rule: "response-body-removed",
      effect: "removes",
      side: "response",
      area,
      at: ["content"],
      description: "no longer has a body",
    });
  } else if ((bContent === undefined || Object.keys(bContent).length === 0) && aContent !== undefined && Object.keys(aContent).length > 0) {
    out.push({ rule: "response-body-added", effect: "additive", side: "response", area, at: ["content"], description: "now has a body" });
  } else out.push(...compareContent(schemas, bContent, aContent, area, "response"));
  return out;
}

/** Response headers by name: a required header that is gone, or no longer always sent, is one old clients may rely on. */
function compareHeaders(
  schemas: SchemaComparer,
  bDoc: JsonObject,
  aDoc: JsonObject,
  bo: JsonObject,
  ao: JsonObject,
  area: string,
): RawChange[] {
  const out: RawChange[] = [];
  const [bh, ah] = [ownObject(bo, "headers") ?? {}, ownObject(ao, "headers") ?? {}];
  const required = (value: Json | undefined): boolean => isObject(value) && own(value, "required") === true;
  for (const name of new Set([...Object.keys(bh), ...Object.keys(ah)])) {
    const headerArea = `${area} header \`${name}\``;
    const [hb, ha] = [deref(bDoc, own(bh, name)), deref(aDoc, own(ah, name))];
    if (hb === undefined) {
      out.push({ rule: "response-header-added", effect: "additive", side: "response", area: headerArea, at: [], description: "added" });
      continue;
    }
    if (ha === undefined) {
      const effect = required(hb) ? "removes" : "additive";
      out.push({ rule: "response-header-removed", effect, side: "response", area: headerArea, at: [], description: "removed" });
      continue;
    }
    if (required(hb) && !required(ha))
      out.push({
        rule: "response-header-became-optional",
        effect: "removes",
        side: "response",
        area: headerArea,
        at: ["required"],
        description: "is no longer always sent",
      });
    const [sb, sa] = [isObject(hb) ? own(hb, "schema") : undefined, isObject(ha) ? own(ha, "schema") : undefined];
    out.push(...place(schemas.compare(sb, sa), headerArea, "response", ["schema"]));
  }
  return out;
}
