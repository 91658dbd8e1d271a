// Changes outside paths and the compared components: info, tags (by name), external docs, the OpenAPI
// version, servers, security and security schemes, and any other top-level keyword.
import { isObject, jsonEqual, own, ownObject, type Json, type JsonObject } from "../model/json.js";
import type { Effect } from "../judge/effects.js";
import type { RawChange } from "./findings.js";
import type { RuleId } from "../judge/rules.js";
import { setOwn } from "../model/schema.js";
import { operationsOf } from "./usage.js";
import { compareSecurity, compareServers } from "./security-servers.js";

/** Top-level keywords compared here (or, for paths and components, elsewhere) rather than as unknown keywords. */
const DOCUMENT_HANDLED = new Set(["openapi", "info", "paths", "webhooks", "components", "tags", "servers", "security", "externalDocs"]);

export function compareDocument(before: JsonObject, after: JsonObject): RawChange[] {
  const out: RawChange[] = [...compareInfo(before, after), ...compareTags(before, after)];
  if (!jsonEqual(own(before, "externalDocs"), own(after, "externalDocs")))
    out.push(documentation("externalDocs-changed", "document", ["externalDocs"], "`externalDocs` changed"));
  if (!jsonEqual(own(before, "openapi"), own(after, "openapi"))) {
    out.push({
      rule: "openapi-version-changed",
      effect: "additive",
      area: "document",
      at: ["openapi"],
      description: `OpenAPI ${String(own(before, "openapi"))} → ${String(own(after, "openapi"))}`,
    });
  }
  out.push(...compareServers(own(before, "servers"), own(after, "servers"), "servers"));
  out.push(...compareSecurity(own(before, "security"), own(after, "security"), "security", ["security"]));
  out.push(...compareSecuritySchemes(before, after));
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (DOCUMENT_HANDLED.has(key) || jsonEqual(own(before, key), own(after, key))) continue;
    out.push({
      rule: key.startsWith("x-") ? "extension-changed" : "document-keyword-changed",
      effect: "additive",
      area: "document",
      at: [key],
      description: `\`${key}\` changed`,
    });
  }
  return out;
}

function documentation(
  rule: RuleId,
  area: string,
  at: string[],
  description: string,
  values: { before?: Json; after?: Json } = {},
): RawChange {
  return { rule, effect: "documentation", area, at, description, ...values };
}

/** Each changed `info` key; the version with both values. */
function compareInfo(before: JsonObject, after: JsonObject): RawChange[] {
  const out: RawChange[] = [];
  const [bi, ai] = [ownObject(before, "info") ?? {}, ownObject(after, "info") ?? {}];
  for (const key of new Set([...Object.keys(bi), ...Object.keys(ai)])) {
    if (jsonEqual(own(bi, key), own(ai, key))) continue;
    const version = key === "version";
    const values = version ? { before: own(bi, key) as Json, after: own(ai, key) as Json } : {};
    const description = version ? `version ${String(own(bi, key))} → ${String(own(ai, key))}` : `\`${key}\` changed`;
    out.push(documentation(infoRule(key), "info", [key], description, values));
  }
  return out;
}

const INFO_KEYS = ["title", "summary", "description", "termsOfService", "contact", "license", "version"] as const;
const infoRule = (key: string): RuleId => {
  const known = INFO_KEYS.find((name) => name === key);
  return known === undefined ? "info-other-changed" : `info-${known}-changed`;
};

/** Tags by name: removed or changed, then added. */
function compareTags(before: JsonObject, after: JsonObject): RawChange[] {
  const out: RawChange[] = [];
  const [bt, at] = [tagsByName(before), tagsByName(after)];
  for (const [name, tag] of bt) {
    if (!at.has(name)) out.push(documentation("tag-removed", "tags", [name], `tag \`${name}\` removed`));
    else if (!jsonEqual(tag, at.get(name))) out.push(documentation("tag-changed", "tags", [name], `tag \`${name}\` changed`));
  }
  for (const name of at.keys()) if (!bt.has(name)) out.push(documentation("tag-added", "tags", [name], `tag \`${name}\` added`));
  return out;
}

/** The names of the security schemes any requirement of `doc` names: the document's and every operation's. */
function schemesInUse(doc: JsonObject): Set<string> {
  const used = new Set<string>();
  const requirements = [
    own(doc, "security"),
    ...[...operationsOf(doc), ...operationsOf(doc, "webhooks")].map((entry) => own(entry.operation, "security")),
  ];
  for (const list of requirements) {
    if (!Array.isArray(list)) continue;
    for (const requirement of list) if (isObject(requirement)) for (const name of Object.keys(requirement)) used.add(name);
  }
  return used;
}

/** A security scheme without its prose: its description and the descriptions of its OAuth scopes. */
function withoutProse(scheme: Json | undefined): Json | undefined {
  if (!isObject(scheme)) return scheme;
  const flows = ownObject(scheme, "flows");
  const out: JsonObject = {};
  for (const key of Object.keys(scheme)) if (key !== "description" && key !== "flows") setOwn(out, key, scheme[key] as Json);
  if (flows !== undefined) {
    const scopes: JsonObject = {};
    for (const flow of Object.keys(flows)) {
      const value = ownObject(flows, flow) ?? {};
      const kept: JsonObject = {};
      for (const key of Object.keys(value))
        setOwn(kept, key, key === "scopes" ? Object.keys(ownObject(value, key) ?? {}).sort() : (value[key] as Json));
      setOwn(scopes, flow, kept);
    }
    setOwn(out, "flows", scopes);
  }
  return out;
}

function tagsByName(doc: JsonObject): Map<string, Json> {
  const list = own(doc, "tags");
  const map = new Map<string, Json>();
  if (Array.isArray(list)) for (const tag of list) if (isObject(tag)) map.set(String(own(tag, "name")), tag);
  return map;
}

/**
 * `components/securitySchemes` by name. A scheme the old document's security requirements name is one old
 * clients authenticate with: removing or changing it breaks them, unless only its prose changed. A scheme no
 * requirement names cannot fail a request (a requirement that starts to name it is a tightening of its own).
 */
function compareSecuritySchemes(before: JsonObject, after: JsonObject): RawChange[] {
  const out: RawChange[] = [];
  const [bs, as] = [
    ownObject(ownObject(before, "components"), "securitySchemes") ?? {},
    ownObject(ownObject(after, "components"), "securitySchemes") ?? {},
  ];
  const used = schemesInUse(before);
  for (const name of new Set([...Object.keys(bs), ...Object.keys(as)])) {
    const [b, a] = [own(bs, name), own(as, name)];
    if (jsonEqual(b, a)) continue;
    const unused = used.has(name) ? "" : " (no operation uses it)";
    const [rule, effect, words]: [RuleId, Effect, string] =
      b === undefined
        ? ["security-scheme-added", "additive", "added"]
        : a === undefined
          ? ["security-scheme-removed", unused ? "additive" : "removes", `removed${unused}`]
          : jsonEqual(withoutProse(b), withoutProse(a))
            ? ["security-scheme-described", "documentation", "description changed"]
            : ["security-scheme-changed", unused ? "additive" : "incompatible", `changed${unused}`];
    out.push({
      rule,
      effect,
      side: "request",
      area: "security",
      at: ["securitySchemes", name],
      description: `security scheme \`${name}\` ${words}`,
    });
  }
  return out;
}
