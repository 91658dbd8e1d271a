// Runs api-smart-diff on the two documents (with `$ref`s inlined), keeps what it finds under `paths`,
// where each change has the context of an operation, and applies our overrides.
import { apiDiff } from "api-smart-diff";
import { dereference, originOf, type Dereferenced } from "./deref.js";
import { describe, locate, responseCode, shortLocation, type Segment } from "./describe.js";
import { isObject, toPointer, type Json, type JsonObject } from "./json.js";
import { classifyChange, fromApiSmartDiff, isProse } from "./overrides.js";
import type { ApiSmartDiffType, Change, ChangeAction, OperationDiff, Severity } from "./types.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export interface Classified {
  operations: OperationDiff[];
  document: Change[];
}

interface RawDiff {
  type: ApiSmartDiffType;
  action: ChangeAction;
  path: Segment[];
  before: Json | undefined;
  after: Json | undefined;
}

function rawDiffs(before: JsonObject, after: JsonObject): RawDiff[] {
  return apiDiff(before, after).map((diff) => ({
    type: diff.type,
    action: diff.action,
    path: diff.path.map((segment) => (typeof segment === "number" ? segment : String(segment))),
    before: diff.before as Json | undefined,
    after: diff.after as Json | undefined,
  }));
}

function operationOf(doc: JsonObject, path: string, method: string): JsonObject | undefined {
  const item = isObject(doc["paths"]) ? doc["paths"][path] : undefined;
  const op = isObject(item) ? item[method] : undefined;
  return isObject(op) ? op : undefined;
}

function parameterName(op: JsonObject | undefined, rel: readonly Segment[]): string | undefined {
  if (rel[0] !== "parameters" || typeof rel[1] !== "number" || !op) return undefined;
  const params = op["parameters"];
  const param = Array.isArray(params) ? params[rel[1]] : undefined;
  return isObject(param) && typeof param["name"] === "string" ? param["name"] : undefined;
}

const RANK: Record<Severity, number> = { documentation: 0, "non-breaking": 1, breaking: 2 };

export function worst(severities: Iterable<Severity>): Severity {
  let result: Severity = "documentation";
  for (const severity of severities) if (RANK[severity] > RANK[result]) result = severity;
  return result;
}

function operationChange(raw: RawDiff, b: Dereferenced, a: Dereferenced): Change {
  const [, path = "", method = ""] = raw.path;
  const rel = raw.path.slice(3);
  const side = raw.action === "remove" ? b : a;
  const op = operationOf(side.doc, String(path), String(method));
  const place = locate(rel, parameterName(op, rel));
  const pointer = toPointer(raw.path);
  // Reported as the spec writes it (`4XX`); `pointer` itself addresses the normalized document.
  const written = toPointer(raw.path.map((segment, i) => (i === 4 && rel[0] === "responses" ? responseCode(segment) : segment)));
  const { severity, override } = classifyChange(raw.type, { rel, place, ...raw });
  const origin = originOf(side.origins, pointer);
  const whole = rel.length === 0; // the operation itself: its body is in the full diff
  return {
    severity,
    action: raw.action,
    pointer: written,
    location: shortLocation(rel),
    ...(origin === undefined ? {} : { origin }),
    area: place.area,
    description: describe(place, raw.action, raw.before, raw.after),
    classifiedBy: { apiSmartDiff: raw.type, ...(override === undefined ? {} : { override }) },
    ...(whole || raw.before === undefined ? {} : { before: raw.before }),
    ...(whole || raw.after === undefined ? {} : { after: raw.after }),
  };
}

function documentChange(raw: RawDiff): Change {
  const location = raw.path.map(String).join("/");
  const severity = isProse(raw.path) || raw.path[0] === "info" ? "documentation" : fromApiSmartDiff(raw.type);
  return {
    severity,
    action: raw.action,
    pointer: toPointer(raw.path),
    location,
    area: "document",
    description: `${raw.action === "add" ? "added" : raw.action === "remove" ? "removed" : "changed"} \`${location}\``,
    classifiedBy: { apiSmartDiff: raw.type },
  };
}

/** "response 200 schema; request body; documentation": the areas a change list touches. */
function summarize(kind: OperationDiff["kind"], changes: readonly Change[]): string {
  if (kind !== "changed") return kind;
  const areas: string[] = [];
  for (const change of changes) {
    if (change.severity === "documentation") continue;
    const label = change.pointer.includes("/schema") ? `${change.area} schema` : change.area;
    if (!areas.includes(label)) areas.push(label);
  }
  if (changes.some((change) => change.severity === "documentation")) areas.push("documentation");
  return areas.join("; ");
}

export function classify(beforeDoc: JsonObject, afterDoc: JsonObject): Classified {
  const b = dereference(beforeDoc);
  const a = dereference(afterDoc);
  const byOperation = new Map<string, { path: string; method: string; changes: Change[] }>();
  const document: Change[] = [];
  for (const raw of rawDiffs(b.doc, a.doc)) {
    const [root, path, method] = raw.path;
    // Components are compared without context (api-smart-diff calls a new required response field
    // there breaking); their effect is already counted under every operation that uses them.
    if (root === "components") continue;
    if (root !== "paths" || typeof path !== "string" || typeof method !== "string" || !METHODS.includes(method)) {
      document.push(documentChange(raw));
      continue;
    }
    const key = `${path} ${method}`;
    const entry = byOperation.get(key) ?? { path, method, changes: [] };
    entry.changes.push(operationChange(raw, b, a));
    byOperation.set(key, entry);
  }
  const operations: OperationDiff[] = [];
  for (const { path, method, changes } of byOperation.values()) {
    const whole = changes.find((change) => change.location === "");
    const kind = whole?.action === "add" ? "added" : whole?.action === "remove" ? "removed" : "changed";
    const op = operationOf(kind === "removed" ? b.doc : a.doc, path, method);
    const operationId = op?.["operationId"];
    operations.push({
      method: method.toUpperCase(),
      path,
      ...(typeof operationId === "string" ? { operationId } : {}),
      kind,
      severity: worst(changes.map((change) => change.severity)),
      summary: summarize(kind, changes),
      changes,
    });
  }
  operations.sort(
    (x, y) =>
      x.path.localeCompare(y.path) ||
      METHODS.indexOf(x.method.toLowerCase()) - METHODS.indexOf(y.method.toLowerCase()),
  );
  return { operations, document };
}
