// Compares two versions of one operation: identity and prose, security and servers, then what clients send
// (request.ts) and what they read (responses.ts). Refs to the same shared component are left
// to that component's own comparison; anything else is compared by content.
import type { Effect } from "../../judge/effects.js";
import { jsonEqual, own, type Json, type JsonObject } from "../../model/json.js";
import { compareParameters, compareRequestBody } from "./request.js";
import { compareResponses } from "./responses.js";
import type { OperationSide } from "../usage.js";
import type { RawChange } from "../findings.js";
import type { RuleId } from "../../judge/rules.js";
import type { SchemaComparer } from "../schema/compare.js";
import { show } from "../../model/schema.js";
import { compareSecurity, compareServers, strings } from "../security-servers.js";

/** A path with its parameter names left out, so `{id}` and `{silo_id}` in the same place match. */
export const pathShape = (path: string): string => path.replace(/\{[^}]*\}/g, "{}");

export class OperationComparer {
  constructor(private readonly schemas: SchemaComparer) {}

  /** Every change between two versions of an operation, in the order they are listed. */
  compare(b: OperationSide, a: OperationSide): RawChange[] {
    const [bo, ao] = [b.operation, a.operation];
    const out = describingChanges(bo, ao);
    if (own(bo, "security") !== undefined || own(ao, "security") !== undefined) {
      const [bs, as] = [own(bo, "security") ?? own(b.doc, "security"), own(ao, "security") ?? own(a.doc, "security")];
      out.push(...compareSecurity(bs, as, "operation", ["security"]));
    }
    const [bServers, aServers] = [own(bo, "servers") ?? own(b.item, "servers"), own(ao, "servers") ?? own(a.item, "servers")];
    if (bServers !== undefined || aServers !== undefined) {
      out.push(...compareServers(bServers ?? own(b.doc, "servers"), aServers ?? own(a.doc, "servers"), "operation"));
    }
    out.push(...compareParameters(this.schemas, b, a), ...compareRequestBody(this.schemas, b, a), ...compareResponses(this.schemas, b, a));
    if (!jsonEqual(own(bo, "callbacks"), own(ao, "callbacks")))
      out.push({
        rule: "callbacks-changed",
        effect: "incompatible",
        // Callbacks are requests the API sends: the client reads them. Not compared further, so weighed as incompatible.
        side: "response",
        area: "operation",
        at: ["callbacks"],
        description: "callbacks changed",
      });
    return out;
  }
}

/** What names and describes the operation: operationId, prose, tags, deprecation, extensions. */
function describingChanges(bo: JsonObject, ao: JsonObject): RawChange[] {
  const out: RawChange[] = [];
  const push = (rule: RuleId, effect: Effect, description: string, extra: Partial<RawChange> = {}): void => {
    out.push({ rule, effect, area: "operation", at: [], description, ...extra });
  };
  if (!jsonEqual(own(bo, "operationId"), own(ao, "operationId"))) {
    push(
      "operation-id-changed",
      "sdk",
      `operationId ${show(own(bo, "operationId")) ?? "(none)"} → ${show(own(ao, "operationId")) ?? "(none)"}`,
      {
        at: ["operationId"],
        ...(own(bo, "operationId") === undefined ? {} : { before: own(bo, "operationId") as Json }),
        ...(own(ao, "operationId") === undefined ? {} : { after: own(ao, "operationId") as Json }),
      },
    );
  }
  for (const key of ["summary", "description", "externalDocs"] as const) {
    if (!jsonEqual(own(bo, key), own(ao, key))) push(`${key}-changed`, "documentation", `${key} changed`, { at: [key] });
  }
  const [bt, at] = [strings(own(bo, "tags")), strings(own(ao, "tags"))];
  if (!jsonEqual([...bt].sort(), [...at].sort())) {
    push("tags-changed", "documentation", `tags ${bt.join(", ") || "(none)"} → ${at.join(", ") || "(none)"}`, { at: ["tags"] });
  }
  if ((own(bo, "deprecated") === true) !== (own(ao, "deprecated") === true)) {
    const now = own(ao, "deprecated") === true;
    push(now ? "operation-deprecated" : "operation-undeprecated", "additive", now ? "deprecated" : "no longer deprecated", {
      at: ["deprecated"],
    });
  }
  for (const key of new Set([...Object.keys(bo), ...Object.keys(ao)])) {
    if (!key.startsWith("x-") || jsonEqual(own(bo, key), own(ao, key))) continue;
    // Generated SDKs build pagination helpers from dropshot's marker: losing it changes their API.
    const lost = key === "x-dropshot-pagination" && own(ao, key) === undefined;
    push(lost ? "pagination-removed" : "extension-changed", lost ? "sdk" : "additive", `\`${key}\` ${lost ? "removed" : "changed"}`, {
      at: [key],
    });
  }
  return out;
}
