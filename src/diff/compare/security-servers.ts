// Security requirements and server lists, compared for one operation (its own, or the document's it
// inherits) and for the document as a whole: who may call, and where.
import { isObject, jsonEqual, own, type Json } from "../model/json.js";
import type { RawChange } from "./findings.js";

/** Security requirements as alternatives, each a map of scheme -> scopes; `[{}]` when anonymous access is allowed. */
function alternatives(value: Json | undefined): Map<string, Set<string>>[] {
  if (!Array.isArray(value) || value.length === 0) return [new Map()];
  return value
    .filter(isObject)
    .map((requirement) => new Map(Object.keys(requirement).map((scheme) => [scheme, new Set(strings(requirement[scheme]))])));
}

/** The strings of a list (scopes, tags); [] for anything else. */
export const strings = (value: Json | undefined): string[] =>
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

/** Security requirements, compared as one value with a verdict. */
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
