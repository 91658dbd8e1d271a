// Composition: `oneOf`, `anyOf` and `allOf`. Variants are matched by a stable label (ref, title, tag, only
// value) rather than by position, so reordering them is no change; a schema whose composition changed shape
// (an enum that became a oneOf) is weighed as a whole, by containment.
import type { Effect } from "../../judge/effects.js";
import type { RuleId } from "../../judge/rules.js";
import { jsonEqual, own, ownObject, type Json, type JsonObject } from "../../model/json.js";
import { containmentEffect, type Documents } from "./containment.js";
import { ofField, type CompareChild, type Push } from "../findings.js";
import { normalize, stringSet, typesOf } from "../../model/schema.js";

export const COMPOSITIONS = ["oneOf", "anyOf", "allOf"] as const;
type Composition = (typeof COMPOSITIONS)[number];

/** The variants of one composition keyword, by label: added, removed, and those on both sides compared by `child`. */
export function compareVariants(keyword: Composition, b: JsonObject, a: JsonObject, at: string[], push: Push, child: CompareChild): void {
  const [bv, av] = [own(b, keyword), own(a, keyword)];
  if (!Array.isArray(bv) || !Array.isArray(av) || jsonEqual(bv, av)) return;
  const [bl, al] = [labelled(bv), labelled(av)];
  // allOf requires every part: an added part narrows; any/oneOf admits each: an added variant widens.
  const [addEffect, removeEffect]: [Effect, Effect] = keyword === "allOf" ? ["narrows", "widens"] : ["widens", "narrows"];
  for (const [name, variant] of bl) {
    const where = [...at, keyword, name];
    if (al.has(name)) child(variant, al.get(name), where);
    else
      push(
        `${keyword}-variant-removed`,
        removeEffect,
        `removed \`${keyword}\` variant \`${name}\`${ofField(at)}`,
        undefined,
        undefined,
        where,
      );
  }
  for (const [name] of al) {
    if (!bl.has(name))
      push(`${keyword}-variant-added`, addEffect, `added \`${keyword}\` variant \`${name}\`${ofField(at)}`, undefined, undefined, [
        ...at,
        keyword,
        name,
      ]);
  }
}

/** Two schemas whose composition keywords differ: one finding, its effect from containment both ways. */
export function compareRewrittenShape(b: JsonObject, a: JsonObject, at: string[], push: Push, docs: Documents): void {
  const effect = containmentEffect(b, a, docs);
  const rule: RuleId =
    effect === "equivalent"
      ? "schema-rewritten"
      : effect === "widens"
        ? "schema-widened"
        : effect === "narrows"
          ? "schema-narrowed"
          : "schema-changed";
  const what = { equivalent: "rewritten, same values", widens: "widened", narrows: "narrowed" }[effect as string] ?? "changed incompatibly";
  push(rule, effect, `schema${ofField(at)} ${what} (${describeShape(b)} → ${describeShape(a)})`);
}

/** Variants by label; a repeated label gets its position. */
function labelled(list: Json[]): Map<string, Json> {
  const labels = new Map<string, Json>();
  list.forEach((variant, i) => {
    let name = variantLabel(variant) ?? `#${i}`;
    if (labels.has(name)) name = `${name}#${i}`;
    labels.set(name, variant);
  });
  return labels;
}

/** A stable name for a `oneOf`/`anyOf`/`allOf` variant: its ref, its title, its tag, or its only enum value. */
function variantLabel(variant: Json): string | undefined {
  const node = normalize(variant);
  if (node.ref !== undefined) return node.ref.split("/")[1] ?? node.ref;
  const title = own(node.schema, "title");
  if (typeof title === "string") return title;
  const properties = ownObject(node.schema, "properties") ?? {};
  for (const name of stringSet(own(node.schema, "required"))) {
    const tag = own(normalize(own(properties, name)).schema, "enum");
    if (Array.isArray(tag) && tag.length === 1) return `${name}=${String(tag[0])}`;
  }
  const values = own(node.schema, "enum");
  if (Array.isArray(values) && values.length === 1) return String(values[0]);
  const types = typesOf(node.schema);
  if (types && !types.has("object"))
    return `${[...types].join("|")}${typeof own(node.schema, "format") === "string" ? `:${String(own(node.schema, "format"))}` : ""}`;
  return undefined;
}

/** A few words for a schema's shape: `oneOf of 2`, `string (uuid)`, `any`. */
function describeShape(schema: JsonObject): string {
  for (const keyword of COMPOSITIONS) {
    const list = own(schema, keyword);
    if (Array.isArray(list)) return `${keyword} of ${list.length}`;
  }
  const types = typesOf(schema);
  const format = own(schema, "format");
  return `${types ? [...types].join("|") : "any"}${typeof format === "string" ? ` (${format})` : ""}`;
}
