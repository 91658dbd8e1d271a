// What a client sends: the parameters (the path item's and the operation's, matched by location and name,
// path parameters by their place in the template) and the request body. Whatever an old client sends that
// is no longer accepted, or must now send and never did, breaks it.
import { deref, isObject, jsonEqual, own, ownObject, type Json, type JsonObject } from "../../model/json.js";
import { compareContent } from "./media-types.js";
import type { OperationSide } from "../usage.js";
import { place, type RawChange } from "../findings.js";
import type { SchemaComparer } from "../schema/compare.js";
import { normalize } from "../../model/schema.js";
import type { Side } from "../../types.js";

interface Parameter {
  key: string;
  area: string;
  value: JsonObject;
}

/** The names of a path template's parameters, in order: `/a/{x}/b/{y}` -> [x, y]. */
function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? "");
}

function parametersOf(side: OperationSide): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  const names = templateNames(side.path);
  for (const list of [own(side.item, "parameters"), own(side.operation, "parameters")]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const value = deref(side.doc, raw);
      if (!isObject(value)) continue;
      const [where, name] = [String(own(value, "in") ?? "?"), String(own(value, "name") ?? "?")];
      // Path parameters are matched by their place in the template: renaming one keeps the wire format.
      const position = where === "path" ? names.indexOf(name) : -1;
      const key = position >= 0 ? `path#${position}` : `${where}:${name}`;
      out.set(key, { key, area: `parameter ${where} \`${name}\``, value });
    }
  }
  return out;
}

/** Parameters removed, changed and added, in that order. */
export function compareParameters(schemas: SchemaComparer, b: OperationSide, a: OperationSide): RawChange[] {
  const out: RawChange[] = [];
  const [bp, ap] = [parametersOf(b), parametersOf(a)];
  for (const [key, old] of bp) {
    const now = ap.get(key);
    if (now === undefined)
      out.push({
        rule: "parameter-removed",
        effect: "drops",
        side: "request",
        area: old.area,
        at: [],
        description: "removed: the server ignores an old client's value, and an SDK generated from the new document refuses it",
      });
    else out.push(...compareParameter(schemas, old.value, now.value, now.area));
  }
  for (const [key, now] of ap) {
    if (bp.has(key)) continue;
    const required = own(now.value, "required") === true;
    out.push({
      rule: required ? "required-parameter-added" : "parameter-added",
      effect: required ? "requires" : "additive",
      side: "request",
      area: now.area,
      at: [],
      description: `added${required ? " (required)" : ""}`,
    });
  }
  return out;
}

/** One parameter on both sides: its name (path parameters), required, prose, deprecation, serialization, schema, content. */
function compareParameter(schemas: SchemaComparer, ov: JsonObject, nv: JsonObject, area: string): RawChange[] {
  const out: RawChange[] = [];
  const side: Side = "request";
  if (own(ov, "name") !== own(nv, "name")) {
    out.push({
      rule: "path-parameter-renamed",
      effect: "sdk",
      area,
      at: ["name"],
      description: `renamed from \`${String(own(ov, "name"))}\``,
      before: own(ov, "name") as Json,
      after: own(nv, "name") as Json,
    });
  }
  out.push(...requiredChange("parameter", ov, nv, area));
  for (const key of ["description", "example", "examples"] as const) {
    if (!jsonEqual(own(ov, key), own(nv, key)))
      out.push({ rule: `${key}-changed`, effect: "documentation", area, at: [key], description: `${key} changed` });
  }
  if ((own(ov, "deprecated") === true) !== (own(nv, "deprecated") === true)) {
    out.push({
      rule: "parameter-deprecated",
      effect: "additive",
      area,
      at: ["deprecated"],
      description: own(nv, "deprecated") === true ? "deprecated" : "no longer deprecated",
    });
  }
  for (const key of ["style", "explode", "allowReserved", "allowEmptyValue"]) {
    if (!jsonEqual(own(ov, key), own(nv, key)))
      out.push({
        rule: "parameter-serialization-changed",
        effect: "incompatible",
        side,
        area,
        at: [key],
        description: `\`${key}\` changed`,
        ...values(own(ov, key), own(nv, key)),
      });
  }
  out.push(...compareParameterSchema(schemas, own(ov, "schema"), own(nv, "schema"), area));
  out.push(...compareContent(schemas, ownObject(ov, "content"), ownObject(nv, "content"), area, side));
  return out;
}

/**
 * A parameter's schema. Its own `default` is what the server does for a client that leaves the parameter
 * out: a default added, changed or removed changes what an old call does (oasdiff's error too).
 */
function compareParameterSchema(schemas: SchemaComparer, before: Json | undefined, after: Json | undefined, area: string): RawChange[] {
  const findings = schemas.compare(before, after).filter((finding) => finding.rule !== "default-changed" || finding.at.length !== 1);
  const [was, now] = [own(normalize(before).schema, "default"), own(normalize(after).schema, "default")];
  const out = place(findings, area, "request", ["schema"]);
  if (!jsonEqual(was, now)) {
    const words = was === undefined ? "added" : now === undefined ? "removed" : "changed";
    out.unshift({
      rule: "parameter-default-changed",
      effect: "redefines",
      side: "request",
      area,
      at: ["schema", "default"],
      description: `default ${words}: an old client that leaves it out now gets other behaviour`,
      ...values(was, now),
    });
  }
  return out;
}

export function compareRequestBody(schemas: SchemaComparer, b: OperationSide, a: OperationSide): RawChange[] {
  const [bb, ab] = [deref(b.doc, own(b.operation, "requestBody")), deref(a.doc, own(a.operation, "requestBody"))];
  const area = "request body";
  const side: Side = "request";
  const [bo, ao] = [isObject(bb) ? bb : undefined, isObject(ab) ? ab : undefined];
  if (bo === undefined && ao === undefined) return [];
  if (bo === undefined || ao === undefined) {
    const required = own(ao, "required") === true;
    if (ao !== undefined)
      return [
        {
          rule: required ? "required-request-body-added" : "request-body-added",
          effect: required ? "requires" : "additive",
          side,
          area,
          at: [],
          description: `added${required ? " (required)" : ""}`,
        },
      ];
    return [
      {
        rule: "request-body-removed",
        effect: "drops",
        side,
        area,
        at: [],
        description: "removed: the server ignores an old client's body, and an SDK generated from the new document refuses it",
      },
    ];
  }
  const out: RawChange[] = [];
  out.push(...requiredChange("request-body", bo, ao, area));
  if (!jsonEqual(own(bo, "description"), own(ao, "description")))
    out.push({ rule: "description-changed", effect: "documentation", area, at: ["description"], description: "description changed" });
  out.push(...compareContent(schemas, ownObject(bo, "content"), ownObject(ao, "content"), area, side));
  return out;
}

/** A parameter or request body that became required (old clients may not send it) or optional. */
function requiredChange(what: "parameter" | "request-body", before: JsonObject, after: JsonObject, area: string): RawChange[] {
  const [was, is] = [own(before, "required") === true, own(after, "required") === true];
  if (was === is) return [];
  return [
    {
      rule: `${what}-became-${is ? "required" : "optional"}`,
      effect: is ? "requires" : "widens",
      side: "request",
      area,
      at: ["required"],
      description: is ? "became required" : "is no longer required",
    },
  ];
}

function values(before: Json | undefined, after: Json | undefined): Partial<RawChange> {
  return { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}
