// The value checks of one schema node: type, format, pattern, multipleOf, enum (or const) and the bounds.
// Each changed keyword is a finding with how it moves the set of values admitted; when the keywords of one
// node disagree (one widens, another narrows), the containment of the node's checks as a whole decides.
import { fromContainment, type Effect } from "../../judge/effects.js";
import { jsonEqual, own, type Json, type JsonObject } from "../../model/json.js";
import { containmentEffect, type Documents } from "./containment.js";
import { ofField, pusher, type Finding, type Push } from "../findings.js";
import { MAXIMUMS, MINIMUMS, STRUCTURE } from "../../model/schema.js";
import { fieldOf, formatWithin, INTEGER_RANGES, patternOf, setOwn, show, typesOf, type SchemaNode } from "../../model/schema.js";

/** The findings of the value checks of the node at `at`, in keyword order, their effects reconciled. */
export function compareValueChecks(bn: SchemaNode, an: SchemaNode, at: string[], docs: Documents): Finding[] {
  const [b, a] = [bn.schema, an.schema];
  const found: Finding[] = [];
  const push = pusher(found, at);
  compareType(b, a, at, push);
  compareFormat(b, a, at, push);
  comparePattern(b, a, at, push);
  compareMultipleOf(b, a, at, push);
  compareEnum(bn, an, at, push);
  compareBounds(b, a, at, push);
  reconcile(found, b, a, docs);
  return found;
}

/**
 * Constraints judged one keyword at a time can mislead: `uint64, minimum 0` becoming `enum [512, 4096]`
 * drops a format and a minimum (each a widening) while the values admitted only narrow. When the value
 * checks of this node changed, the containment of the whole node decides their effect.
 */
function reconcile(found: readonly Finding[], b: JsonObject, a: JsonObject, docs: Documents): void {
  // Prose (an enum value's description) keeps its own effect.
  const local = found.filter((finding) => finding.effect !== "documentation");
  if (local.length < 2 || local.every((finding) => finding.effect === local[0]?.effect)) return;
  const scalar = (schema: JsonObject): JsonObject => {
    const out: JsonObject = {};
    for (const key of Object.keys(schema)) if (!STRUCTURE.has(key)) setOwn(out, key, schema[key] as Json);
    return out;
  };
  const effect = containmentEffect(scalar(b), scalar(a), docs);
  if (effect === "incompatible") return;
  for (const finding of local) finding.effect = effect;
}

function compareType(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
  const [bt, atypes] = [typesOf(b), typesOf(a)];
  const text = (types: Set<string> | undefined): string => (types ? [...types].join("|") : "any");
  if (text(bt) === text(atypes)) return;
  const within = (inner: Set<string> | undefined, outer: Set<string> | undefined): boolean =>
    outer === undefined || (inner !== undefined && [...inner].every((t) => outer.has(t) || (t === "integer" && outer.has("number"))));
  const effect = fromContainment(within(bt, atypes), within(atypes, bt));
  push("type-changed", effect, `type${ofField(at)} changed from ${text(bt)} to ${text(atypes)}`, own(b, "type"), own(a, "type"), [
    ...at,
    "type",
  ]);
}

function compareFormat(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
  const [bf, af] = [own(b, "format"), own(a, "format")];
  if (jsonEqual(bf, af)) return;
  let effect: Effect;
  if (bf === undefined) effect = "narrows";
  else if (af === undefined) effect = "widens";
  else if (typeof bf === "string" && typeof af === "string" && INTEGER_RANGES.has(bf) && INTEGER_RANGES.has(af)) {
    effect = fromContainment(formatWithin(af, bf), formatWithin(bf, af));
  } else effect = "incompatible";
  const words =
    bf === undefined
      ? `gained format ${show(af) ?? ""}`
      : af === undefined
        ? `lost format ${show(bf) ?? ""}`
        : `format changed from ${show(bf) ?? ""} to ${show(af) ?? ""}`;
  push("format-changed", effect, `\`${fieldOf(at) || "value"}\` ${words}`, bf, af, [...at, "format"]);
}

function comparePattern(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
  if (jsonEqual(own(b, "pattern"), own(a, "pattern"))) return;
  const [bp, ap] = [own(b, "pattern"), own(a, "pattern")];
  // A pattern that matches every string constrains nothing: `.*` or `''` is as good as none.
  const [bc, ac] = [patternOf(b), patternOf(a)];
  const effect: Effect =
    bc === undefined
      ? ac === undefined
        ? "equivalent"
        : "narrows"
      : ac === undefined
        ? "widens"
        : jsonEqual(bc, ac)
          ? "equivalent"
          : "incompatible";
  const words = ap === undefined ? "removed" : ac === undefined ? "now matches every string" : bp === undefined ? "added" : "changed";
  push("pattern-changed", effect, `pattern${ofField(at)} ${words}`, bp, ap, [...at, "pattern"]);
}

function compareMultipleOf(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
  const [bm, am] = [own(b, "multipleOf"), own(a, "multipleOf")];
  if (jsonEqual(bm, am)) return;
  const effect: Effect =
    typeof bm === "number" && typeof am === "number"
      ? fromContainment(bm % am === 0, am % bm === 0)
      : bm === undefined
        ? "narrows"
        : "widens";
  push("multiple-of-changed", effect, `multipleOf${ofField(at)} changed`, bm, am, [...at, "multipleOf"]);
}

/** `enum` (or `const`): values added and removed one by one, a one-for-one swap as a rename, and their descriptions. */
function compareEnum(bn: SchemaNode, an: SchemaNode, at: string[], push: Push): void {
  const [bv, av] = [enumValues(bn.schema), enumValues(an.schema)];
  const where = [...at, "enum"];
  if (bv === undefined && av === undefined) return;
  if (bv === undefined || av === undefined) {
    push(
      bv === undefined ? "enum-added" : "enum-removed",
      bv === undefined ? "narrows" : "widens",
      `${bv === undefined ? "now limited to" : "no longer limited to"} enum values${ofField(at)}`,
      bv,
      av,
      where,
    );
    return;
  }
  const bKeys = new Map(bv.map((value) => [JSON.stringify(value), value]));
  const aKeys = new Map(av.map((value) => [JSON.stringify(value), value]));
  const removed = [...bKeys].filter(([key]) => !aKeys.has(key)).map(([, value]) => value);
  const added = [...aKeys].filter(([key]) => !bKeys.has(key)).map(([, value]) => value);
  if (removed.length > 0 && added.length > 0) {
    const renamed = removed.length === 1 && added.length === 1;
    const text = renamed
      ? `enum value ${show(removed[0]) ?? ""}${ofField(at)} renamed to ${show(added[0]) ?? ""}`
      : `enum values${ofField(at)} changed: removed ${listed(removed)}; added ${listed(added)}`;
    push(renamed ? "enum-value-renamed" : "enum-values-replaced", "incompatible", text, removed, added, where);
  } else {
    for (const value of removed)
      push("enum-value-removed", "narrows", `removed enum value ${show(value) ?? ""}${ofField(at)}`, value, undefined, [
        ...where,
        JSON.stringify(value),
      ]);
    for (const value of added)
      push("enum-value-added", "widens", `added enum value ${show(value) ?? ""}${ofField(at)}`, undefined, value, [
        ...where,
        JSON.stringify(value),
      ]);
  }
  for (const [key, value] of aKeys) {
    const [was, now] = [bn.enumDocs?.get(key), an.enumDocs?.get(key)];
    if (bKeys.has(key) && was !== now)
      push("description-changed", "documentation", `description of enum value ${show(value) ?? ""}${ofField(at)} changed`, was, now, [
        ...where,
        key,
      ]);
  }
}

/** The values of `enum`, or the one of `const`; undefined when neither is there. */
function enumValues(schema: JsonObject): Json[] | undefined {
  const list = own(schema, "enum");
  if (Array.isArray(list)) return list;
  return Object.hasOwn(schema, "const") ? [own(schema, "const") as Json] : undefined;
}

const listed = (values: readonly Json[]): string => values.map((value) => show(value) ?? "").join(", ");

/** Minimums and maximums (and lengths, item and property counts): a tighter bound narrows. */
function compareBounds(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
  for (const [keys, lower] of [
    [MINIMUMS, true],
    [MAXIMUMS, false],
  ] as const) {
    for (const key of keys) {
      const [bv, av] = [own(b, key), own(a, key)];
      if (jsonEqual(bv, av)) continue;
      let effect: Effect;
      // A 3.0 boolean `exclusiveMinimum` tightens its bound when it turns true.
      if (typeof bv === "boolean" || typeof av === "boolean") effect = av === true ? "narrows" : "widens";
      else if (bv === undefined) effect = "narrows";
      else if (av === undefined) effect = "widens";
      else if (typeof bv === "number" && typeof av === "number") effect = av > bv === lower ? "narrows" : "widens";
      else effect = "incompatible";
      const words =
        bv === undefined
          ? `added ${show(av) ?? ""}`
          : av === undefined
            ? `removed (was ${show(bv) ?? ""})`
            : `${show(bv) ?? ""} → ${show(av) ?? ""}`;
      push(`${key}-changed`, effect, `\`${key}\`${ofField(at)} ${words}`, bv, av, [...at, key]);
    }
  }
}
