// Changes outside paths and the compared components: info, tags (by name), external docs, the OpenAPI
// version, servers, security and security schemes, and any other top-level keyword.
import { isObject, jsonEqual, own, ownObject, type Json, type JsonObject } from "./json.js";
import type { RawChange } from "./raw.js";
import { compareSecurity, compareServers } from "./security-servers.js";

/** Top-level keywords compared here (or, for paths and components, elsewhere) rather than as unknown keywords. */
const DOCUMENT_HANDLED = new Set(["openapi", "info", "paths", "components", "tags", "servers", "security", "externalDocs"]);

export function compareDocument(before: JsonObject, after: JsonObject): RawChange[] {
  const out: RawChange[] = [...compareInfo(before, after), ...compareTags(before, after)];
  if (!jsonEqual(own(before, "externalDocs"), own(after, "externalDocs")))
    out.push(documentation("external-docs-changed", "document", ["externalDocs"], "`externalDocs` changed"));
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
  rule: string,
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
    out.push(documentation(`info-${key}-changed`, "info", [key], description, values));
  }
  return out;
}

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

function tagsByName(doc: JsonObject): Map<string, Json> {
  const list = own(doc, "tags");
  const map = new Map<string, Json>();
  if (Array.isArray(list)) for (const tag of list) if (isObject(tag)) map.set(String(own(tag, "name")), tag);
  return map;
}

/** `components/securitySchemes` by name: a removed scheme is one old clients authenticate with. */
function compareSecuritySchemes(before: JsonObject, after: JsonObject): RawChange[] {
  const out: RawChange[] = [];
  const [bs, as] = [
    ownObject(ownObject(before, "components"), "securitySchemes") ?? {},
    ownObject(ownObject(after, "components"), "securitySchemes") ?? {},
  ];
  for (const name of new Set([...Object.keys(bs), ...Object.keys(as)])) {
    const [b, a] = [own(bs, name), own(as, name)];
    if (jsonEqual(b, a)) continue;
    const [rule, effect, words] =
      b === undefined
        ? (["security-scheme-added", "additive", "added"] as const)
        : a === undefined
          ? (["security-scheme-removed", "removes", "removed"] as const)
          : (["security-scheme-changed", "incompatible", "changed"] as const);
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
