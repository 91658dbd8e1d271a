// Compares two versions of one operation: identity, parameters (by location and name), request body,
// responses (by status, then media type), security and servers. Refs to the same shared component are left
// to that component's own comparison; anything else is compared by content.
import type { Effect } from "./effects.js";
import { isObject, jsonEqual, own, ownObject, resolvePointer, type Json, type JsonObject } from "./json.js";
import { decodePercent } from "../shared/percent.js";
import { place, type RawChange } from "./raw.js";
import type { SchemaComparer } from "./schema-compare.js";
import { refName, show } from "./schema-model.js";
import type { Side } from "./types.js";

export interface OperationSide {
  doc: JsonObject;
  path: string;
  /** The path item: its parameters and servers apply to the operation. */
  item: JsonObject;
  operation: JsonObject;
}

const JSON_MEDIA = "application/json";

/** A value behind a local `$ref` (followed a few times), or the value itself. */
export function deref(doc: JsonObject, value: Json | undefined): Json | undefined {
  let node = value;
  for (let hops = 0; hops < 8 && isObject(node); hops++) {
    const ref = own(node, "$ref");
    if (typeof ref !== "string" || !ref.startsWith("#")) break;
    node = resolvePointer(doc, decodePercent(ref.slice(1)));
  }
  return node;
}

const isSuccess = (code: string): boolean => /^2/.test(code);

/** The names of a path template's parameters, in order: `/a/{x}/b/{y}` -> [x, y]. */
export function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? "");
}

/** A path with its parameter names left out, so `{id}` and `{silo_id}` in the same place match. */
export const pathShape = (path: string): string => path.replace(/\{[^}]*\}/g, "{}");

interface Parameter {
  key: string;
  area: string;
  value: JsonObject;
}

function parameters(side: OperationSide): Map<string, Parameter> {
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

/** Security requirements as alternatives, each a map of scheme -> scopes; `[{}]` when anonymous access is allowed. */
function alternatives(value: Json | undefined): Map<string, Set<string>>[] {
  if (!Array.isArray(value) || value.length === 0) return [new Map()];
  return value
    .filter(isObject)
    .map((requirement) => new Map(Object.keys(requirement).map((scheme) => [scheme, new Set(scopes(requirement[scheme]))])));
}

const scopes = (value: Json | undefined): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/** Every credential that satisfied an old alternative still satisfies a new one. */
function securityKept(before: Json | undefined, after: Json | undefined): boolean {
  const next = alternatives(after);
  return alternatives(before).every((old) =>
    next.some((alternative) =>
      [...alternative].every(([scheme, needed]) => old.has(scheme) && [...needed].every((scope) => old.get(scheme)?.has(scope))),
    ),
  );
}

/** Security or servers, compared as one value with a verdict. */
export function compareSecurity(before: Json | undefined, after: Json | undefined, area: string, at: string[]): RawChange[] {
  if (jsonEqual(before ?? [], after ?? [])) return [];
  const kept = securityKept(before, after);
  return [
    {
      rule: kept ? "security-relaxed" : "security-tightened",
      effect: kept ? "widens" : "requires",
      side: "request",
      area,
      at,
      description: `security requirements ${kept ? "relaxed" : "tightened"}: ${describeSecurity(before)} → ${describeSecurity(after)}`,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    },
  ];
}

function describeSecurity(value: Json | undefined): string {
  const list = alternatives(value);
  return list.map((alternative) => (alternative.size === 0 ? "none" : [...alternative.keys()].join("+"))).join(" or ");
}

function serverUrls(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter(isObject).map((server) => String(own(server, "url") ?? "")) : [];
}

export function compareServers(before: Json | undefined, after: Json | undefined, area: string): RawChange[] {
  const [b, a] = [serverUrls(before), serverUrls(after)];
  // No `servers` means the document's own; an explicit list replaces it. A removed URL is one old clients call.
  const changes = [
    ...b.filter((url) => !a.includes(url)).map((url) => ({ url, removed: true })),
    ...a.filter((url) => !b.includes(url)).map((url) => ({ url, removed: false })),
  ];
  return changes.map(({ url, removed }) => ({
    rule: removed ? "server-removed" : "server-added",
    effect: removed ? "removes" : "additive",
    side: "request",
    area,
    at: ["servers", url],
    description: `server \`${url}\` ${removed ? "removed" : "added"}`,
    ...(removed ? { before: url } : { after: url }),
  }));
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

export class OperationComparer {
  constructor(private readonly schemas: SchemaComparer) {}

  compare(b: OperationSide, a: OperationSide): RawChange[] {
    const out: RawChange[] = [];
    const [bo, ao] = [b.operation, a.operation];
    const push = (rule: string, effect: Effect, description: string, extra: Partial<RawChange> = {}): void => {
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
    for (const key of ["summary", "description", "externalDocs"]) {
      if (!jsonEqual(own(bo, key), own(ao, key))) push(`${key}-changed`, "documentation", `${key} changed`, { at: [key] });
    }
    if (!jsonEqual([...scopes(own(bo, "tags"))].sort(), [...scopes(own(ao, "tags"))].sort())) {
      push(
        "tags-changed",
        "documentation",
        `tags ${scopes(own(bo, "tags")).join(", ") || "(none)"} → ${scopes(own(ao, "tags")).join(", ") || "(none)"}`,
        { at: ["tags"] },
      );
    }
    if ((own(bo, "deprecated") === true) !== (own(ao, "deprecated") === true)) {
      push(
        own(ao, "deprecated") === true ? "operation-deprecated" : "operation-undeprecated",
        "additive",
        own(ao, "deprecated") === true ? "deprecated" : "no longer deprecated",
        { at: ["deprecated"] },
      );
    }
    for (const key of new Set([...Object.keys(bo), ...Object.keys(ao)])) {
      if (!key.startsWith("x-") || jsonEqual(own(bo, key), own(ao, key))) continue;
      // Generated SDKs build pagination helpers from dropshot's marker: losing it changes their API.
      const lost = key === "x-dropshot-pagination" && own(ao, key) === undefined;
      push(lost ? "pagination-removed" : "extension-changed", lost ? "sdk" : "additive", `\`${key}\` ${lost ? "removed" : "changed"}`, {
        at: [key],
      });
    }
    if (own(bo, "security") !== undefined || own(ao, "security") !== undefined) {
      const [bs, as] = [own(bo, "security") ?? own(b.doc, "security"), own(ao, "security") ?? own(a.doc, "security")];
      out.push(...compareSecurity(bs, as, "operation", ["security"]));
    }
    const [bServers, aServers] = [own(bo, "servers") ?? own(b.item, "servers"), own(ao, "servers") ?? own(a.item, "servers")];
    if (bServers !== undefined || aServers !== undefined) {
      out.push(...compareServers(bServers ?? own(b.doc, "servers"), aServers ?? own(a.doc, "servers"), "operation"));
    }
    out.push(...this.parameters(b, a), ...this.requestBody(b, a), ...this.responses(b, a));
    const callbacks = ["callbacks"].filter((key) => !jsonEqual(own(bo, key), own(ao, key)));
    for (const key of callbacks) push("callbacks-changed", "incompatible", "callbacks changed", { at: [key] });
    return out;
  }

  private parameters(b: OperationSide, a: OperationSide): RawChange[] {
    const out: RawChange[] = [];
    const [bp, ap] = [parameters(b), parameters(a)];
    for (const [key, old] of bp) {
      const now = ap.get(key);
      const side: Side = "request";
      if (now === undefined) {
        out.push({ rule: "parameter-removed", effect: "widens", side, area: old.area, at: [], description: "removed" });
        continue;
      }
      const [ov, nv] = [old.value, now.value];
      const area = now.area;
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
      for (const key_ of ["description", "example", "examples"]) {
        if (!jsonEqual(own(ov, key_), own(nv, key_)))
          out.push({ rule: `${key_}-changed`, effect: "documentation", area, at: [key_], description: `${key_} changed` });
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
      for (const key_ of ["style", "explode", "allowReserved", "allowEmptyValue"]) {
        if (!jsonEqual(own(ov, key_), own(nv, key_)))
          out.push({
            rule: "parameter-serialization-changed",
            effect: "incompatible",
            side,
            area,
            at: [key_],
            description: `\`${key_}\` changed`,
            ...values(own(ov, key_), own(nv, key_)),
          });
      }
      out.push(...place(this.schemas.compare(own(ov, "schema"), own(nv, "schema")), area, side, ["schema"]));
      out.push(...this.content(ownObject(ov, "content"), ownObject(nv, "content"), area, side));
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

  private requestBody(b: OperationSide, a: OperationSide): RawChange[] {
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
      return [{ rule: "request-body-removed", effect: "widens", side, area, at: [], description: "removed" }];
    }
    const out: RawChange[] = [];
    out.push(...requiredChange("request-body", bo, ao, area));
    if (!jsonEqual(own(bo, "description"), own(ao, "description")))
      out.push({ rule: "description-changed", effect: "documentation", area, at: ["description"], description: "description changed" });
    out.push(...this.content(ownObject(bo, "content"), ownObject(ao, "content"), area, side));
    return out;
  }

  private responses(b: OperationSide, a: OperationSide): RawChange[] {
    const out: RawChange[] = [];
    const codes = (side: OperationSide): Map<string, Json> => {
      const map = new Map<string, Json>();
      const responses = ownObject(side.operation, "responses") ?? {};
      for (const code of Object.keys(responses)) map.set(code.toUpperCase(), responses[code] as Json);
      return map;
    };
    const [bc, ac] = [codes(b), codes(a)];
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
      out.push(...this.response(b.doc, a.doc, raw, next, area));
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

  /** One response (also a `components/responses` entry), in `area`. */
  response(bDoc: JsonObject, aDoc: JsonObject, before: Json | undefined, after: Json | undefined, area: string): RawChange[] {
    const [b, a] = [deref(bDoc, before), deref(aDoc, after)];
    const [bo, ao] = [isObject(b) ? b : {}, isObject(a) ? a : {}];
    const out: RawChange[] = [];
    if (!jsonEqual(own(bo, "description"), own(ao, "description")))
      out.push({ rule: "description-changed", effect: "documentation", area, at: ["description"], description: "description changed" });
    const [bh, ah] = [ownObject(bo, "headers") ?? {}, ownObject(ao, "headers") ?? {}];
    for (const name of new Set([...Object.keys(bh), ...Object.keys(ah)])) {
      const headerArea = `${area} header \`${name}\``;
      const [hb, ha] = [deref(bDoc, own(bh, name)), deref(aDoc, own(ah, name))];
      const required = (value: Json | undefined): boolean => isObject(value) && own(value, "required") === true;
      if (hb === undefined)
        out.push({ rule: "response-header-added", effect: "additive", side: "response", area: headerArea, at: [], description: "added" });
      else if (ha === undefined)
        out.push({
          rule: "response-header-removed",
          effect: required(hb) ? "removes" : "additive",
          side: "response",
          area: headerArea,
          at: [],
          description: "removed",
        });
      else {
        if (required(hb) && !required(ha))
          out.push({
            rule: "response-header-became-optional",
            effect: "removes",
            side: "response",
            area: headerArea,
            at: ["required"],
            description: "is no longer always sent",
          });
        out.push(
          ...place(
            this.schemas.compare(isObject(hb) ? own(hb, "schema") : undefined, isObject(ha) ? own(ha, "schema") : undefined),
            headerArea,
            "response",
            ["schema"],
          ),
        );
      }
    }
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
    } else if (
      (bContent === undefined || Object.keys(bContent).length === 0) &&
      aContent !== undefined &&
      Object.keys(aContent).length > 0
    ) {
      out.push({ rule: "response-body-added", effect: "additive", side: "response", area, at: ["content"], description: "now has a body" });
    } else out.push(...this.content(bContent, aContent, area, "response"));
    return out;
  }

  /** Media types: by name; one removed and one added at once is a change of media type, with its schemas compared. */
  private content(before: JsonObject | undefined, after: JsonObject | undefined, area: string, side: Side): RawChange[] {
    const lower = (content: JsonObject | undefined): Map<string, JsonObject> => {
      const map = new Map<string, JsonObject>();
      for (const media of Object.keys(content ?? {})) {
        const value = own(content, media);
        map.set(media.toLowerCase(), isObject(value) ? value : {});
      }
      return map;
    };
    const [b, a] = [lower(before), lower(after)];
    const removed = [...b.keys()].filter((media) => !a.has(media));
    const added = [...a.keys()].filter((media) => !b.has(media));
    const out: RawChange[] = [];
    const named = (media: string): string => (media === JSON_MEDIA || (b.size <= 1 && a.size <= 1) ? area : `${area} (${media})`);
    const pairs: [string, string][] = [...b.keys()].filter((media) => a.has(media)).map((media) => [media, media]);
    if (removed.length === 1 && added.length === 1) {
      const [from = "", to = ""] = [removed[0], added[0]];
      out.push({
        rule: "media-type-changed",
        effect: "incompatible",
        side,
        area,
        at: ["content"],
        description: `media type \`${from}\` → \`${to}\``,
        before: from,
        after: to,
      });
      pairs.push([from, to]);
    } else {
      const listed = [...removed.map((media) => ({ media, gone: true })), ...added.map((media) => ({ media, gone: false }))];
      for (const { media, gone } of listed) {
        out.push({
          rule: gone ? "media-type-removed" : "media-type-added",
          effect: gone ? "removes" : "additive",
          side,
          area: `${area} (${media})`,
          at: ["content", media],
          description: `media type \`${media}\` ${gone ? "removed" : "added"}`,
        });
      }
    }
    for (const [from, to] of pairs) {
      const [bm, am] = [b.get(from), a.get(to)];
      for (const key of ["example", "examples"]) {
        if (!jsonEqual(own(bm, key), own(am, key)))
          out.push({ rule: `${key}-changed`, effect: "documentation", area: named(to), at: [key], description: `${key} changed` });
      }
      out.push(...place(this.schemas.compare(own(bm, "schema"), own(am, "schema")), named(to), side, ["schema"]));
    }
    return out;
  }
}

function values(before: Json | undefined, after: Json | undefined): Partial<RawChange> {
  return { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}
