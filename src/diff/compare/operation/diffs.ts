// Operations matched across the two documents: by method and path shape (so renaming a path parameter is
// not a new operation), then the unmatched ones by operationId (a moved operation). Each changed operation
// carries its own changes and the changed components it reaches, which count towards its severity.
import type { AcceptedChanges } from "../../load.js";
import { severityOn, worst } from "../../judge/effects.js";
import type { JsonObject } from "../../model/json.js";
import { judge, severityOfChanges } from "../../judge/judge.js";
import type { OperationSide, OperationEntry, Section } from "../usage.js";
import { pathShape, type OperationComparer } from "./operations.js";
import type { RawChange } from "../findings.js";
import type { Change, ComponentDiff, ComponentUse, OperationDiff, OperationRef, Severity } from "../../types.js";
import { METHODS, operationsOf, sideIn } from "../usage.js";

const refOf = (entry: OperationEntry): OperationRef => ({
  method: entry.method,
  path: entry.path,
  ...(entry.operationId === undefined ? {} : { operationId: entry.operationId }),
});
const keyOf = (entry: OperationRef): string => `${entry.method} ${pathShape(entry.path)}`;
const scopeOf = (entry: OperationRef): string => `${entry.method} ${entry.path}`;
const sideOf = (doc: JsonObject, entry: OperationEntry): OperationSide => ({
  doc,
  path: entry.path,
  item: entry.item,
  operation: entry.operation,
});

/**
 * The changed, moved, removed and added operations of `section` (paths, or webhooks), by path then method;
 * `components` are the changed components.
 */
export function compareOperations(
  before: JsonObject,
  after: JsonObject,
  comparer: OperationComparer,
  components: readonly ComponentDiff[],
  accepted: AcceptedChanges,
  section: Section = "paths",
): OperationDiff[] {
  const reached = components.filter((component) => component.kind !== "added");
  const operations: OperationDiff[] = [];
  const record = (kind: OperationDiff["kind"], entry: OperationEntry, raws: RawChange[], from?: OperationEntry): void => {
    const diff = operationDiff(kind, entry, section === "paths" ? raws : raws.map(asWebhook), from, reached, accepted);
    if (diff !== undefined) operations.push(diff);
  };
  const [bOps, aOps] = [operationsOf(before, section), operationsOf(after, section)];
  const aByKey = new Map(aOps.map((entry) => [keyOf(entry), entry]));
  const bByKey = new Map(bOps.map((entry) => [keyOf(entry), entry]));
  const removed = bOps.filter((entry) => !aByKey.has(keyOf(entry)));
  const added = aOps.filter((entry) => !bByKey.has(keyOf(entry)));
  const addedById = new Map(added.filter((entry) => entry.operationId !== undefined).map((entry) => [entry.operationId, entry]));
  const moved = new Set<OperationEntry>();

  for (const entry of bOps) {
    const next = aByKey.get(keyOf(entry));
    if (next !== undefined) record("changed", next, comparer.compare(sideOf(before, entry), sideOf(after, next)));
  }
  for (const entry of removed) {
    const target = entry.operationId === undefined ? undefined : addedById.get(entry.operationId);
    if (target === undefined) {
      record("removed", entry, [
        { rule: "operation-removed", effect: "removes", side: "request", area: "operation", at: [], description: "removed" },
      ]);
      continue;
    }
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
  }
  for (const entry of added) {
    if (!moved.has(entry))
      record("added", entry, [{ rule: "operation-added", effect: "additive", area: "operation", at: [], description: "added" }]);
  }
  const order = (method: string): number => METHODS.indexOf(method.toLowerCase() as (typeof METHODS)[number]);
  return operations.sort((x, y) => x.path.localeCompare(y.path) || order(x.method) - order(y.method));
}

/**
 * A change found in a webhook, as a client receiving it sees it: the sides swapped (it reads the request,
 * sends the response), and what the sender must now send (a required body or parameter) is a narrowing of
 * what the client reads. A webhook added or removed is named so.
 */
function asWebhook(raw: RawChange): RawChange {
  const flipped = { ...raw };
  if (raw.side !== undefined) flipped.side = sideIn("webhooks", raw.side);
  if (raw.binds !== undefined) flipped.binds = sideIn("webhooks", raw.binds);
  if (raw.effect === "requires") flipped.effect = "narrows";
  if (raw.rule === "operation-added") flipped.rule = "webhook-added";
  if (raw.rule === "operation-removed") flipped.rule = "webhook-removed";
  return flipped;
}

/** One operation's entry, or undefined when neither it nor a component it reaches changed. */
function operationDiff(
  kind: OperationDiff["kind"],
  entry: OperationEntry,
  raws: RawChange[],
  from: OperationEntry | undefined,
  components: readonly ComponentDiff[],
  accepted: AcceptedChanges,
): OperationDiff | undefined {
  const scope = scopeOf(entry);
  const changes = raws.map((raw) => judge(raw, scope, [], accepted));
  const via = kind === "removed" ? { names: [], severity: "documentation" as Severity } : throughComponents(entry, components);
  if (changes.length === 0 && via.names.length === 0) return undefined;
  return {
    ...refOf(entry),
    kind,
    ...(from === undefined ? {} : { from: refOf(from) }),
    severity: worst([severityOfChanges(changes), via.severity]),
    summary: summarize(kind, changes, via.names),
    changes,
    components: via.names,
  };
}

interface Reached {
  readonly component: ComponentDiff;
  readonly uses: ComponentUse[];
}

const reachIndexes = new WeakMap<readonly ComponentDiff[], Map<string, Reached[]>>();

/**
 * The changed components each operation reaches, by "METHOD path", in component order: built once per diff,
 * so an operation's lookup does not scan every component's users (a shared schema is used by all of them).
 * Prose in a shared component is listed with the component, not under each of its users.
 */
function reachIndex(components: readonly ComponentDiff[]): Map<string, Reached[]> {
  const known = reachIndexes.get(components);
  if (known !== undefined) return known;
  const index = new Map<string, Reached[]>();
  for (const component of components) {
    if (component.severity === "documentation") continue;
    for (const use of component.usedBy) {
      const key = `${use.method} ${use.path}`;
      const list = index.get(key) ?? [];
      if (list.length === 0) index.set(key, list);
      const last = list[list.length - 1];
      if (last?.component === component) last.uses.push(use);
      else list.push({ component, uses: [use] });
    }
  }
  reachIndexes.set(components, index);
  return index;
}

/** The severity an operation gets from the changed components it reaches, and their names. */
function throughComponents(entry: OperationRef, components: readonly ComponentDiff[]): { names: string[]; severity: Severity } {
  const names: string[] = [];
  const severities: Severity[] = [];
  for (const { component, uses } of reachIndex(components).get(`${entry.method} ${entry.path}`) ?? []) {
    names.push(component.name);
    for (const change of component.changes) {
      if (change.accepted !== undefined) continue;
      for (const use of uses) severities.push(severityOn(change.effect, use.side, change.binds));
    }
  }
  return { names, severity: worst(severities) };
}

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
