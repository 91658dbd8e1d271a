// The fields of an object schema: each field matched by name and compared as a schema of its own, added and
// removed fields weighed by whether they are required and whether the object admits other fields, and the
// `additionalProperties` that says what those other fields may be.
import type { Effect, Side } from "../../judge/effects.js";
import { isObject, jsonEqual, own, ownObject, type Json, type JsonObject } from "../../model/json.js";
import { bind, ofField, type CompareChild, type Push } from "../findings.js";
import { fieldOf, normalize, stringSet } from "../../model/schema.js";

/**
 * The one side a field can appear on: a `readOnly` field is never sent by clients (and its `required` binds
 * responses only), a `writeOnly` one never sent back. Undefined for an ordinary field, or when the two
 * versions disagree (that change is a finding of its own).
 */
function sideOfField(before: Json | undefined, after: Json | undefined): Side | undefined {
  const sideOf = (value: Json | undefined): Side | undefined => {
    const schema = normalize(value).schema;
    if (own(schema, "readOnly") === true) return own(schema, "writeOnly") === true ? undefined : "response";
    return own(schema, "writeOnly") === true ? "request" : undefined;
  };
  const [b, a] = [before === undefined ? undefined : sideOf(before), after === undefined ? undefined : sideOf(after)];
  if (before === undefined) return a;
  if (after === undefined) return b;
  return a === b ? a : undefined;
}

/** Object fields, then `additionalProperties`; `child` compares a field present on both sides. */
export function compareProperties(b: JsonObject, a: JsonObject, at: string[], push: Push, child: CompareChild): void {
  const [bp, ap] = [ownObject(b, "properties") ?? {}, ownObject(a, "properties") ?? {}];
  const [br, ar] = [stringSet(own(b, "required")), stringSet(own(a, "required"))];
  const closedBefore = own(b, "additionalProperties") === false;
  const closedAfter = own(a, "additionalProperties") === false;
  for (const name of new Set([...Object.keys(bp), ...Object.keys(ap), ...br, ...ar])) {
    const [inB, inA] = [Object.hasOwn(bp, name), Object.hasOwn(ap, name)];
    const where = [...at, "properties", name];
    const binds = sideOfField(own(bp, name), own(ap, name));
    if (inB && !inA) {
      const required = br.has(name);
      // A closed object now refuses the field; an open one ignores it on requests and lacks it on responses.
      const effect: Effect = closedAfter ? "incompatible" : "drops";
      const rule = required ? "required-property-removed" : "property-removed";
      bind([push(rule, effect, `removed ${required ? "required " : ""}field \`${fieldOf(where)}\``, undefined, undefined, where)], binds);
      continue;
    }
    if (!inB && inA) {
      const required = ar.has(name);
      const effect: Effect = required ? (closedBefore ? "incompatible" : "narrows") : closedBefore ? "widens" : "additive";
      const rule = required ? "required-property-added" : "property-added";
      bind(
        [push(rule, effect, `added ${required ? "required " : "optional "}field \`${fieldOf(where)}\``, undefined, undefined, where)],
        binds,
      );
      continue;
    }
    if (inB && inA) bind(child(bp[name], ap[name], where), binds);
    if (br.has(name) !== ar.has(name)) {
      const nowRequired = ar.has(name);
      const finding = push(
        nowRequired ? "property-became-required" : "property-became-optional",
        nowRequired ? "narrows" : "widens",
        `field \`${fieldOf(where)}\` ${nowRequired ? "became required" : "is no longer required"}`,
        undefined,
        undefined,
        [...at, "required", name],
      );
      bind([finding], binds);
    }
  }
  compareAdditionalProperties(b, a, at, push, child);
}

/** `false` (no other fields) against anything else is a verdict; two schemas are compared as schemas. */
function compareAdditionalProperties(b: JsonObject, a: JsonObject, at: string[], push: Push, child: CompareChild): void {
  const [bx, ax] = [own(b, "additionalProperties"), own(a, "additionalProperties")];
  if (jsonEqual(bx, ax)) return;
  const where = [...at, "additionalProperties"];
  if (bx === false || ax === false) {
    push(
      "additional-properties-changed",
      bx === false ? "widens" : "narrows",
      `other fields${ofField(at)} ${bx === false ? "are now allowed" : "are no longer allowed"}`,
      bx,
      ax,
      where,
    );
  } else child(isObject(bx) ? bx : {}, isObject(ax) ? ax : {}, where);
}
