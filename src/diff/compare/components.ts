// Shared components compared on their own, once, rather than under every operation that uses them: each
// judged for the sides (request, response) its users put it on, and listed with those users.
import type { AcceptedChanges } from "../load.js";
import { SEVERITY_RANK } from "../judge/effects.js";
import { jsonEqual, own, ownObject, type Json, type JsonObject } from "../model/json.js";
import { judge, severityOfChanges } from "../judge/judge.js";
import { compareResponse } from "./operation/responses.js";
import { place, type RawChange } from "./findings.js";
import type { SchemaComparer } from "./schema/compare.js";
import type { ComponentDiff } from "../types.js";
import { usage } from "./usage.js";

/** Component kinds compared on their own (the others are compared inline where operations use them). */
const COMPONENT_KINDS = ["schemas", "responses"] as const;
type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** The changed components, worst first, then by name. */
export function compareComponents(
  before: JsonObject,
  after: JsonObject,
  schemas: SchemaComparer,
  accepted: AcceptedChanges,
): ComponentDiff[] {
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
      const { kind: componentKind, raws } = componentChanges(kind, b, a, { before, after, schemas });
      const changes = raws.map((raw) => judge(raw, full, sides, accepted));
      if (changes.length === 0) continue;
      components.push({ name: full, kind: componentKind, severity: severityOfChanges(changes), changes, usedBy });
    }
  }
  return components.sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || x.name.localeCompare(y.name));
}

/** One component's changes: added, removed, or compared as a schema or a response. */
function componentChanges(
  kind: ComponentKind,
  b: Json | undefined,
  a: Json | undefined,
  context: { before: JsonObject; after: JsonObject; schemas: SchemaComparer },
): { kind: ComponentDiff["kind"]; raws: RawChange[] } {
  const area = kind === "schemas" ? "schema" : "response";
  if (b === undefined)
    return { kind: "added", raws: [{ rule: "component-added", effect: "additive", area, at: [], description: "added" }] };
  // A type that disappears from the document disappears from generated SDKs too.
  if (a === undefined)
    return { kind: "removed", raws: [{ rule: "component-removed", effect: "sdk", area, at: [], description: "removed" }] };
  const { before, after, schemas } = context;
  if (kind === "schemas") return { kind: "changed", raws: place(schemas.compare(b, a), "schema", undefined) };
  return { kind: "changed", raws: compareResponse(schemas, before, after, b, a, "response") };
}
