// The fields of an object schema: each field matched by name and compared as a schema of its own, added and
// removed fields weighed by whether they are required and whether the object admits other fields, and the
// `additionalProperties` that says what those other fields may be.
import type { Effect } from "./effects.js";
import { isObject, jsonEqual, own, ownObject, type JsonObject } from "./json.js";
import { ofField, type CompareChild, type Push } from "./schema-findings.js";
import { fieldOf, stringSet } from "./schema-model.js";

/** Object fields, then `additionalProperties`; `child` compares a field present on both sides. */
export function compareProperties(b: JsonObject, a: JsonObject, at: string[], push: Push, child: CompareChild): void {
  const [bp, ap] = [ownObject(b, "properties") ?? {}, ownObject(a, "properties") ?? {}];
  const [br, ar] = [stringSet(own(b, "required")), stringSet(own(a, "required"))];
  const closedBefore = own(b, "additionalProperties") === false;
  const closedAfter = own(a, "additionalProperties") === false;
  for (const name of new Set([...Object.keys(bp), ...Object.keys(ap), ...br, ...ar])) {
    const [inB, inA] = [Object.hasOwn(bp, name), Object.hasOwn(ap, name)];
    const where = [...at, "properties", name];
    if (inB && !inA) {
      const required = br.has(name);
      // A closed object now refuses the field; an open one admits any value for it.
      const effect: Effect = closedAfter ? (required ? "incompatible" : "narrows") : "widens";
      const rule = required ? "required-property-removed" : "property-removed";
      push(rule, effect, `removed ${required ? "required " : ""}field \`${fieldOf(where)}\``, undefined, undefined, where);
      continue;
    }
    if (!inB && inA) {
      const required = ar.has(name);
      const effect: Effect = required ? (closedBefore ? "incompatible" : "narrows") : closedBefore ? "widens" : "additive";
      const rule = required ? "required-property-added" : "property-added";
      push(rule, effect, `added ${required ? "required " : "optional "}field \`${fieldOf(where)}\``, undefined, undefined, where);
      continue;
    }
    if (inB && inA) child(bp[name], ap[name], where);
    if (br.has(name) !== ar.has(name)) {
      const nowRequired = ar.has(name);
      push(
        nowRequired ? "property-became-required" : "property-became-optional",
        nowRequired ? "narrows" : "widens",
        `field \`${fieldOf(where)}\` ${nowRequired ? "became required" : "is no longer required"}`,
        undefined,
        undefined,
        [...at, "required", name],
      );
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
