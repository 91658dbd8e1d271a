// The structural diff: operations matched by method and path shape (then moved ones by operationId),
// components by name, the rest of the document by key; every change judged for clients of the old version
// on the side it is on, fingerprinted, and checked against the accepted changes.
import type { AcceptedChanges } from "./accepted.js";
import { severityOf, SEVERITY_RANK, worst } from "./effects.js";
import { fingerprint } from "./fingerprint.js";
import { jsonEqual, own, ownObject, type Json, type JsonObject } from "./json.js";
import { compareResponse } from "./operation-responses.js";
import { OperationComparer, pathShape } from "./operations.js";
import { type RawChange, place } from "./raw.js";
import { SchemaComparer } from "./schema-compare.js";
import { joinAt } from "./schema-model.js";
import type { Change, ComponentDiff, ComponentUse, OperationDiff, OperationRef, Severity, Side } from "./types.js";
import { compareSecurity, compareServers } from "./security-servers.js";
import { METHODS, operationsOf, usage, type OperationEntry } from "./usage.js";

export interface Classified {
  operations: OperationDiff[];
  components: ComponentDiff[];
  document: Change[];
}

/** Component kinds compared on their own (the others are compared inline where operations use them). */
const COMPONENT_KINDS = ["schemas", "responses"] as const;

function judge(raw: RawChange, scope: string, sides: readonly Side[], accepted: AcceptedChanges): Change {
  const judged = raw.side !== undefined ? [raw.side] : sides;
  const severity = judged.length === 0 ? severityOf(raw.effect, undefined) : worst(judged.map((side) => severityOf(raw.effect, side)));
  const at = joinAt(raw.at);
  const id = fingerprint({ rule: raw.rule, scope, area: raw.area, at, before: raw.before, after: raw.after });
  const reason = accepted.get(id);
  return {
    rule: raw.rule,
    severity,
    effect: raw.effect,
    fingerprint: id,
    area: raw.area,
    at,
    description: raw.description,
    ...(judged.length === 0 ? {} : { sides: [...judged] }),
    ...(raw.before === undefined ? {} : { before: raw.before }),
    ...(raw.after === undefined ? {} : { after: raw.after }),
    ...(reason === undefined ? {} : { accepted: reason }),
  };
}

/** The worst severity of changes that are not accepted. */
export function severityOfChanges(changes: readonly Change[]): Severity {
  return worst(changes.filter((change) => change.accepted === undefined).map((change) => change.severity));
}

const refOf = (entry: OperationEntry): OperationRef => ({
  method: entry.method,
  path: entry.path,
  ...(entry.operationId === undefined ? {} : { operationId: entry.operationId }),
});
const keyOf = (entry: OperationRef): string => `${entry.method} ${pathShape(entry.path)}`;
const scopeOf = (entry: OperationRef): string => `${entry.method} ${entry.path}`;

/** "response 200; request body; schema UpdateStatus; documentation": the parts a change list touches. */
function summarize(kind: OperationDiff["kind"], changes: readonly Change[], components: readonly string[]): string {
  if (kind === "added" || kind === "removed") return kind;
  const parts: string[] = kind === "moved" ? ["moved"] : [];
  for (const change of changes) {
    if (change.severity === "documentation" || change.rule === "operation-moved") continue;
    const part = change.area.replace(/ header `.*`$/, " headers");
    if (!parts.includes(part)) parts.push(part);
  }
  parts.push(...components.map((name) => name.replace(/^schemas\//, "schema ").replace(/^responses\//, "response ")));
  if (changes.some((change) => change.severity === "documentation")) parts.push("documentation");
  return parts.join("; ");
}

export function classify(before: JsonObject, after: JsonObject, accepted: AcceptedChanges = new Map()): Classified {
  const schemas = new SchemaComparer({ before, after });
  const comparer = new OperationComparer(schemas);

  // Components first: an operation's severity includes the changes of the components it reaches.
  const [usersAfter, usersBefore] = [usage(after), usage(before)];
  const components: ComponentDiff[] = [];
  for (const kind of COMPONENT_KINDS) {
    const [bk, ak] = [ownObject(ownObject(before, "components"), kind) ?? {}, ownObject(ownObject(after, "components"), kind) ?? {}];
    for (const name of new Set([...Object.keys(bk), ...Object.keys(ak)])) {
      const full = `${kind}/${name}`;
      const [b, a] = [own(bk, name), own(ak, name)];
      if (jsonEqual(b, a)) continue;
      const usedBy = usersAfter.get(full) ?? usersBefore.get(full) ?? [];
      const sides = [...new Set(usedBy.map((use) => use.side))].sort();
      let raws: RawChange[];
      let componentKind: ComponentDiff["kind"] = "changed";
      if (b === undefined || a === undefined) {
        componentKind = b === undefined ? "added" : "removed";
        // A type that disappears from the document disappears from generated SDKs too.
        raws = [
          b === undefined
            ? {
                rule: "component-added",
                effect: "additive",
                area: kind === "schemas" ? "schema" : "response",
                at: [],
                description: "added",
              }
            : {
                rule: "component-removed",
                effect: "sdk",
                area: kind === "schemas" ? "schema" : "response",
                at: [],
                description: "removed",
              },
        ];
      } else if (kind === "schemas") raws = place(schemas.compare(b, a), "schema", undefined);
      else raws = compareResponse(schemas, before, after, b, a, "response");
      const changes = raws.map((raw) => judge(raw, full, sides, accepted));
      if (changes.length === 0) continue;
      components.push({ name: full, kind: componentKind, severity: severityOfChanges(changes), changes, usedBy });
    }
  }
  components.sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || x.name.localeCompare(y.name));
  const changedComponents = new Map(
    components.filter((component) => component.kind !== "added").map((component) => [component.name, component]),
  );

  /** The severity an operation gets from the changed components it reaches, and their names. */
  function throughComponents(entry: OperationRef): { names: string[]; severity: Severity } {
    const names: string[] = [];
    const severities: Severity[] = [];
    for (const component of changedComponents.values()) {
      // Prose in a shared component is listed with the component, not under each of its users.
      if (component.severity === "documentation") continue;
      const uses = component.usedBy.filter((use: ComponentUse) => use.method === entry.method && use.path === entry.path);
      if (uses.length === 0) continue;
      names.push(component.name);
      for (const change of component.changes) {
        if (change.accepted !== undefined) continue;
        for (const use of uses) severities.push(severityOf(change.effect, use.side));
      }
    }
    return { names, severity: worst(severities) };
  }

  const operations: OperationDiff[] = [];
  const [bOps, aOps] = [operationsOf(before), operationsOf(after)];
  const aByKey = new Map(aOps.map((entry) => [keyOf(entry), entry]));
  const bByKey = new Map(bOps.map((entry) => [keyOf(entry), entry]));
  const removed = bOps.filter((entry) => !aByKey.has(keyOf(entry)));
  const added = aOps.filter((entry) => !bByKey.has(keyOf(entry)));
  const addedById = new Map(added.filter((entry) => entry.operationId !== undefined).map((entry) => [entry.operationId, entry]));
  const moved = new Set<OperationEntry>();

  const record = (kind: OperationDiff["kind"], entry: OperationEntry, raws: RawChange[], from?: OperationEntry): void => {
    const scope = scopeOf(entry);
    const changes = raws.map((raw) => judge(raw, scope, [], accepted));
    const via = kind === "removed" ? { names: [], severity: "documentation" as Severity } : throughComponents(entry);
    if (changes.length === 0 && via.names.length === 0) return;
    operations.push({
      ...refOf(entry),
      kind,
      ...(from === undefined ? {} : { from: refOf(from) }),
      severity: worst([severityOfChanges(changes), via.severity]),
      summary: summarize(kind, changes, via.names),
      changes,
      components: via.names,
    });
  };
  const sideOf = (doc: JsonObject, entry: OperationEntry) => ({ doc, path: entry.path, item: entry.item, operation: entry.operation });

  for (const entry of bOps) {
    const next = aByKey.get(keyOf(entry));
    if (next !== undefined) record("changed", next, comparer.compare(sideOf(before, entry), sideOf(after, next)));
  }
  for (const entry of removed) {
    const target = entry.operationId === undefined ? undefined : addedById.get(entry.operationId);
    if (target !== undefined) {
      moved.add(target);
      const raws: RawChange[] = [
        {
          rule: "operation-moved",
          effect: "removes",
          side: "request",
          area: "operation",
          at: [],
          description: `moved from \`${entry.method} ${entry.path}\``,
          before: scopeOf(entry),
          after: scopeOf(target),
        },
        ...comparer.compare(sideOf(before, entry), sideOf(after, target)),
      ];
      record("moved", target, raws, entry);
      continue;
    }
    record("removed", entry, [
      { rule: "operation-removed", effect: "removes", side: "request", area: "operation", at: [], description: "removed" },
    ]);
  }
  for (const entry of added) {
    if (!moved.has(entry))
      record("added", entry, [{ rule: "operation-added", effect: "additive", area: "operation", at: [], description: "added" }]);
  }
  const order = (method: string): number => METHODS.indexOf(method.toLowerCase() as (typeof METHODS)[number]);
  operations.sort((x, y) => x.path.localeCompare(y.path) || order(x.method) - order(y.method));

  const document = compareDocument(before, after).map((raw) => judge(raw, "document", [], accepted));
  return { operations, components, document };
}

const DOCUMENT_HANDLED = new Set(["openapi", "info", "paths", "components", "tags", "servers", "security", "externalDocs"]);

/** Changes outside paths and compared components: info, tags (by name), servers, security, security schemes. */
function compareDocument(before: JsonObject, after: JsonObject): RawChange[] {
  const out: RawChange[] = [];
  const doc = (rule: string, area: string, at: string[], description: string, values: { before?: Json; after?: Json } = {}): void => {
    out.push({ rule, effect: "documentation", area, at, description, ...values });
  };
  const [bi, ai] = [ownObject(before, "info") ?? {}, ownObject(after, "info") ?? {}];
  for (const key of new Set([...Object.keys(bi), ...Object.keys(ai)])) {
    if (!jsonEqual(own(bi, key), own(ai, key))) {
      const values = key === "version" ? { before: own(bi, key) as Json, after: own(ai, key) as Json } : {};
      doc(
        `info-${key}-changed`,
        "info",
        [key],
        key === "version" ? `version ${String(own(bi, key))} → ${String(own(ai, key))}` : `\`${key}\` changed`,
        values,
      );
    }
  }
  const tags = (value: JsonObject): Map<string, Json> => {
    const list = own(value, "tags");
    const map = new Map<string, Json>();
    if (Array.isArray(list))
      for (const tag of list) map.set(String(ownObject(tag as JsonObject, "name") ?? own(tag as JsonObject, "name")), tag);
    return map;
  };
  const [bt, at] = [tags(before), tags(after)];
  for (const [name, tag] of bt) {
    if (!at.has(name)) doc("tag-removed", "tags", [name], `tag \`${name}\` removed`);
    else if (!jsonEqual(tag, at.get(name))) doc("tag-changed", "tags", [name], `tag \`${name}\` changed`);
  }
  for (const name of at.keys()) if (!bt.has(name)) doc("tag-added", "tags", [name], `tag \`${name}\` added`);
  if (!jsonEqual(own(before, "externalDocs"), own(after, "externalDocs")))
    doc("external-docs-changed", "document", ["externalDocs"], "`externalDocs` changed");
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
