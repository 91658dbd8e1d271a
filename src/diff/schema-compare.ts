// Compares two schemas keyword by keyword and says, for each difference, how it changes the set of values
// the schema admits (see effects.ts); whether that breaks a client depends on the side it is used on, which
// the caller knows. Two refs to the same component stop the walk: that component is compared once, on its
// own. Different refs, or a ref against an inline schema, are compared by content.
import { fromContainment, type Effect } from "./effects.js";
import { isObject, jsonEqual, own, ownObject, type Json, type JsonObject } from "./json.js";
import {
  componentAt,
  fieldOf,
  formatWithin,
  INTEGER_RANGES,
  isProse,
  normalize,
  PROSE,
  setOwn,
  shapeOf,
  show,
  stringSet,
  typesOf,
  type SchemaNode,
} from "./schema-model.js";

export interface Finding {
  rule: string;
  effect: Effect;
  /** Segments inside the compared schema: `properties`, `status`, `enum`. */
  at: string[];
  description: string;
  before?: Json;
  after?: Json;
}

export interface Documents {
  before: JsonObject;
  after: JsonObject;
}

const MINIMUMS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;
const MAXIMUMS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;
/** Keywords this module compares itself; any other keyword that changes is reported as unclassified. */
const KNOWN = new Set<string>([
  ...PROSE,
  ...MINIMUMS,
  ...MAXIMUMS,
  "type",
  "nullable",
  "format",
  "enum",
  "const",
  "pattern",
  "multipleOf",
  "uniqueItems",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "discriminator",
]);
/** Keywords about the parts of a value (fields, items, variants), left out when only its own checks are weighed. */
const STRUCTURE = new Set(["properties", "required", "additionalProperties", "items", "oneOf", "anyOf", "allOf", "not", "nullable"]);
/** How deep a containment check follows refs before it settles for equality. */
const MAX_DEPTH = 16;

const of = (at: readonly string[]): string => {
  const field = fieldOf(at);
  return field ? ` of \`${field}\`` : "";
};

export class SchemaComparer {
  constructor(private readonly docs: Documents) {}

  /** The findings between two schemas (raw, possibly refs) at `at`. */
  compare(before: Json | undefined, after: Json | undefined, at: string[] = []): Finding[] {
    const out: Finding[] = [];
    this.node(normalize(before), normalize(after), at, out, new Set());
    return out;
  }

  /** A ref resolved to its component, with the ref's own sibling keywords over it. */
  private resolve(node: SchemaNode, doc: JsonObject, depth = 0): SchemaNode {
    if (node.ref === undefined || depth > MAX_DEPTH) return node;
    const target = normalize(componentAt(doc, node.ref));
    const schema: JsonObject = {};
    for (const key of Object.keys(target.schema)) setOwn(schema, key, target.schema[key] as Json);
    for (const key of Object.keys(node.schema)) setOwn(schema, key, node.schema[key] as Json);
    const merged: SchemaNode = { ...(target.ref === undefined ? {} : { ref: target.ref }), schema };
    if (target.enumDocs) merged.enumDocs = target.enumDocs;
    return this.resolve(merged, doc, depth + 1);
  }

  private node(b: SchemaNode, a: SchemaNode, at: string[], out: Finding[], stack: Set<string>): void {
    if (b.ref !== undefined && b.ref === a.ref) {
      // Same component: only the ref's sibling keywords (nullable, description) are this place's own.
      this.keywords(b, a, at, out, stack);
      return;
    }
    if (b.ref !== undefined || a.ref !== undefined) {
      const pair = `${b.ref ?? "inline"}|${a.ref ?? "inline"}|${at.join("/")}`;
      if (stack.has(pair)) return;
      const inner: Finding[] = [];
      this.keywords(this.resolve(b, this.docs.before), this.resolve(a, this.docs.after), at, inner, new Set([...stack, pair]));
      if (b.ref !== undefined && a.ref !== undefined) {
        out.push({
          rule: "schema-type-renamed",
          effect: "sdk",
          at,
          description: `type${of(at)} is now \`${a.ref.split("/")[1] ?? a.ref}\`, was \`${b.ref.split("/")[1] ?? b.ref}\``,
          before: b.ref,
          after: a.ref,
        });
      } else if (inner.every((finding) => finding.effect === "documentation")) {
        const named = a.ref ?? b.ref ?? "";
        out.push({
          rule: a.ref === undefined ? "schema-inlined" : "schema-extracted",
          effect: "equivalent",
          at,
          description: `schema${of(at)} ${a.ref === undefined ? "inlined from" : "moved into"} \`${named}\`, same values`,
        });
      }
      out.push(...inner);
      return;
    }
    this.keywords(b, a, at, out, stack);
  }

  private child(before: Json | undefined, after: Json | undefined, at: string[], out: Finding[], stack: Set<string>): void {
    this.node(normalize(before), normalize(after), at, out, stack);
  }

  private keywords(bn: SchemaNode, an: SchemaNode, at: string[], out: Finding[], stack: Set<string>): void {
    const [b, a] = [bn.schema, an.schema];
    const push = (rule: string, effect: Effect, description: string, before?: Json, after?: Json, where = at): void => {
      out.push({
        rule,
        effect,
        at: where,
        description,
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
      });
    };
    for (const key of PROSE) {
      if (!jsonEqual(own(b, key), own(a, key)))
        push(`${key}-changed`, "documentation", `${key}${of(at)} changed`, own(b, key), own(a, key), [...at, key]);
    }
    if (shapeOf(b) !== shapeOf(a)) {
      const effect = fromContainment(
        this.accepts(a, b, this.docs.after, this.docs.before, 0),
        this.accepts(b, a, this.docs.before, this.docs.after, 0),
      );
      const rule =
        { equivalent: "schema-rewritten", widens: "schema-widened", narrows: "schema-narrowed" }[effect as string] ?? "schema-changed";
      const what =
        { equivalent: "rewritten, same values", widens: "widened", narrows: "narrowed" }[effect as string] ?? "changed incompatibly";
      push(rule, effect, `schema${of(at)} ${what} (${describeShape(b)} → ${describeShape(a)})`);
      return;
    }
    this.flags(b, a, at, push);
    const first = out.length;
    this.types(b, a, at, push);
    this.enums(bn, an, at, push);
    this.bounds(b, a, at, push);
    this.reconcile(out.slice(first), b, a);
    this.objects(b, a, at, out, stack, push);
    const [bi, ai] = [own(b, "items"), own(a, "items")];
    if (bi !== undefined || ai !== undefined) this.child(bi, ai, [...at, "items"], out, stack);
    for (const keyword of ["oneOf", "anyOf", "allOf"] as const) this.variants(keyword, b, a, at, out, stack, push);
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (KNOWN.has(key) || jsonEqual(own(b, key), own(a, key))) continue;
      const extension = key.startsWith("x-");
      push(
        extension ? "extension-changed" : "keyword-changed",
        extension ? "additive" : "incompatible",
        `\`${key}\`${of(at)} changed`,
        own(b, key),
        own(a, key),
        [...at, key],
      );
    }
  }

  /**
   * Constraints judged one keyword at a time can mislead: `uint64, minimum 0` becoming `enum [512, 4096]`
   * drops a format and a minimum (each a widening) while the values admitted only narrow. When the value
   * checks of this node changed, the containment of the whole node decides their effect.
   */
  private reconcile(local: readonly Finding[], b: JsonObject, a: JsonObject): void {
    if (local.length < 2 || local.every((finding) => finding.effect === local[0]?.effect)) return;
    const scalar = (schema: JsonObject): JsonObject => {
      const out: JsonObject = {};
      for (const key of Object.keys(schema)) if (!STRUCTURE.has(key)) setOwn(out, key, schema[key] as Json);
      return out;
    };
    const [sb, sa] = [scalar(b), scalar(a)];
    const effect = fromContainment(
      this.accepts(sa, sb, this.docs.after, this.docs.before, 0),
      this.accepts(sb, sa, this.docs.before, this.docs.after, 0),
    );
    if (effect === "incompatible") return;
    for (const finding of local) finding.effect = effect;
  }

  private flags(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
    const flag = (key: string): boolean => own(b, key) === true;
    const now = (key: string): boolean => own(a, key) === true;
    if (flag("nullable") !== now("nullable")) {
      if (now("nullable"))
        push("became-nullable", "widens", `\`${fieldOf(at) || "value"}\` became nullable`, false, true, [...at, "nullable"]);
      else push("no-longer-nullable", "narrows", `\`${fieldOf(at) || "value"}\` is no longer nullable`, true, false, [...at, "nullable"]);
    }
    if (flag("deprecated") !== now("deprecated")) {
      push(
        now("deprecated") ? "deprecated" : "undeprecated",
        "additive",
        `${now("deprecated") ? "deprecated" : "no longer deprecated"}${of(at)}`,
        undefined,
        undefined,
        [...at, "deprecated"],
      );
    }
    for (const key of ["readOnly", "writeOnly"]) {
      if (flag(key) !== now(key))
        push(`${key}-changed`, "incompatible", `\`${key}\`${of(at)} is now ${String(now(key))}`, flag(key), now(key), [...at, key]);
    }
    if (!jsonEqual(own(b, "default"), own(a, "default"))) {
      push("default-changed", "additive", `default${of(at)} changed`, own(b, "default"), own(a, "default"), [...at, "default"]);
    }
    if (flag("uniqueItems") !== now("uniqueItems")) {
      push(
        "unique-items-changed",
        now("uniqueItems") ? "narrows" : "widens",
        `items${of(at)} ${now("uniqueItems") ? "must now be unique" : "may now repeat"}`,
        undefined,
        undefined,
        [...at, "uniqueItems"],
      );
    }
    if (!jsonEqual(own(b, "discriminator"), own(a, "discriminator"))) {
      push("discriminator-changed", "incompatible", `discriminator${of(at)} changed`, own(b, "discriminator"), own(a, "discriminator"), [
        ...at,
        "discriminator",
      ]);
    }
  }

  private types(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
    const [bt, atypes] = [typesOf(b), typesOf(a)];
    const text = (types: Set<string> | undefined): string => (types ? [...types].join("|") : "any");
    if (text(bt) !== text(atypes)) {
      const within = (inner: Set<string> | undefined, outer: Set<string> | undefined): boolean =>
        outer === undefined || (inner !== undefined && [...inner].every((t) => outer.has(t) || (t === "integer" && outer.has("number"))));
      const effect = fromContainment(within(bt, atypes), within(atypes, bt));
      push("type-changed", effect, `type${of(at)} changed from ${text(bt)} to ${text(atypes)}`, own(b, "type"), own(a, "type"), [
        ...at,
        "type",
      ]);
    }
    const [bf, af] = [own(b, "format"), own(a, "format")];
    if (!jsonEqual(bf, af)) {
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
    const [bp, ap] = [own(b, "pattern"), own(a, "pattern")];
    if (!jsonEqual(bp, ap)) {
      const effect: Effect = bp === undefined ? "narrows" : ap === undefined ? "widens" : "incompatible";
      push("pattern-changed", effect, `pattern${of(at)} ${bp === undefined ? "added" : ap === undefined ? "removed" : "changed"}`, bp, ap, [
        ...at,
        "pattern",
      ]);
    }
    const [bm, am] = [own(b, "multipleOf"), own(a, "multipleOf")];
    if (!jsonEqual(bm, am)) {
      const effect: Effect =
        typeof bm === "number" && typeof am === "number"
          ? fromContainment(bm % am === 0, am % bm === 0)
          : bm === undefined
            ? "narrows"
            : "widens";
      push("multiple-of-changed", effect, `multipleOf${of(at)} changed`, bm, am, [...at, "multipleOf"]);
    }
  }

  private enums(bn: SchemaNode, an: SchemaNode, at: string[], push: Push): void {
    const [b, a] = [bn.schema, an.schema];
    const values = (schema: JsonObject): Json[] | undefined => {
      const list = own(schema, "enum");
      if (Array.isArray(list)) return list;
      return Object.hasOwn(schema, "const") ? [own(schema, "const") as Json] : undefined;
    };
    const [bv, av] = [values(b), values(a)];
    const where = [...at, "enum"];
    if (bv === undefined && av === undefined) return;
    if (bv === undefined || av === undefined) {
      push(
        bv === undefined ? "enum-added" : "enum-removed",
        bv === undefined ? "narrows" : "widens",
        `${bv === undefined ? "now limited to" : "no longer limited to"} enum values${of(at)}`,
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
        ? `enum value ${show(removed[0]) ?? ""}${of(at)} renamed to ${show(added[0]) ?? ""}`
        : `enum values${of(at)} changed: removed ${listed(removed)}; added ${listed(added)}`;
      push(renamed ? "enum-value-renamed" : "enum-values-replaced", "incompatible", text, removed, added, where);
    } else {
      for (const value of removed)
        push("enum-value-removed", "narrows", `removed enum value ${show(value) ?? ""}${of(at)}`, value, undefined, [
          ...where,
          JSON.stringify(value),
        ]);
      for (const value of added)
        push("enum-value-added", "widens", `added enum value ${show(value) ?? ""}${of(at)}`, undefined, value, [
          ...where,
          JSON.stringify(value),
        ]);
    }
    for (const [key, value] of aKeys) {
      const [was, now] = [bn.enumDocs?.get(key), an.enumDocs?.get(key)];
      if (bKeys.has(key) && was !== now)
        push("description-changed", "documentation", `description of enum value ${show(value) ?? ""}${of(at)} changed`, was, now, [
          ...where,
          key,
        ]);
    }
  }

  private bounds(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
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
        push(`${key}-changed`, effect, `\`${key}\`${of(at)} ${words}`, bv, av, [...at, key]);
      }
    }
  }

  private objects(b: JsonObject, a: JsonObject, at: string[], out: Finding[], stack: Set<string>, push: Push): void {
    const [bp, ap] = [ownObject(b, "properties") ?? {}, ownObject(a, "properties") ?? {}];
    const [br, ar] = [stringSet(own(b, "required")), stringSet(own(a, "required"))];
    const closedBefore = own(b, "additionalProperties") === false;
    const closedAfter = own(a, "additionalProperties") === false;
    const names = new Set([...Object.keys(bp), ...Object.keys(ap), ...br, ...ar]);
    for (const name of names) {
      const [inB, inA] = [Object.hasOwn(bp, name), Object.hasOwn(ap, name)];
      const where = [...at, "properties", name];
      const field = fieldOf(where);
      if (inB && !inA) {
        const required = br.has(name);
        // A closed object now refuses the field; an open one admits any value for it.
        const effect: Effect = closedAfter ? (required ? "incompatible" : "narrows") : "widens";
        push(
          required ? "required-property-removed" : "property-removed",
          effect,
          `removed ${required ? "required " : ""}field \`${field}\``,
          undefined,
          undefined,
          where,
        );
        continue;
      }
      if (!inB && inA) {
        const required = ar.has(name);
        const effect: Effect = required ? (closedBefore ? "incompatible" : "narrows") : closedBefore ? "widens" : "additive";
        push(
          required ? "required-property-added" : "property-added",
          effect,
          `added ${required ? "required " : "optional "}field \`${field}\``,
          undefined,
          undefined,
          where,
        );
        continue;
      }
      if (inB && inA) this.child(bp[name], ap[name], where, out, stack);
      if (br.has(name) !== ar.has(name)) {
        const nowRequired = ar.has(name);
        push(
          nowRequired ? "property-became-required" : "property-became-optional",
          nowRequired ? "narrows" : "widens",
          `field \`${field}\` ${nowRequired ? "became required" : "is no longer required"}`,
          undefined,
          undefined,
          [...at, "required", name],
        );
      }
    }
    const [bx, ax] = [own(b, "additionalProperties"), own(a, "additionalProperties")];
    if (jsonEqual(bx, ax)) return;
    const where = [...at, "additionalProperties"];
    if (bx === false || ax === false) {
      push(
        "additional-properties-changed",
        bx === false ? "widens" : "narrows",
        `other fields${of(at)} ${bx === false ? "are now allowed" : "are no longer allowed"}`,
        bx,
        ax,
        where,
      );
    } else this.child(isObject(bx) ? bx : {}, isObject(ax) ? ax : {}, where, out, stack);
  }

  private variants(
    keyword: "oneOf" | "anyOf" | "allOf",
    b: JsonObject,
    a: JsonObject,
    at: string[],
    out: Finding[],
    stack: Set<string>,
    push: Push,
  ): void {
    const [bv, av] = [own(b, keyword), own(a, keyword)];
    if (!Array.isArray(bv) || !Array.isArray(av) || jsonEqual(bv, av)) return;
    const label = (list: Json[]): Map<string, Json> => {
      const labels = new Map<string, Json>();
      list.forEach((variant, i) => {
        let name = variantLabel(variant) ?? `#${i}`;
        if (labels.has(name)) name = `${name}#${i}`;
        labels.set(name, variant);
      });
      return labels;
    };
    const [bl, al] = [label(bv), label(av)];
    // allOf requires every part: an added part narrows; any/oneOf admits each: an added variant widens.
    const [addEffect, removeEffect]: [Effect, Effect] = keyword === "allOf" ? ["narrows", "widens"] : ["widens", "narrows"];
    for (const [name, variant] of bl) {
      const where = [...at, keyword, name];
      if (al.has(name)) this.child(variant, al.get(name), where, out, stack);
      else
        push(
          `${keyword}-variant-removed`,
          removeEffect,
          `removed \`${keyword}\` variant \`${name}\`${of(at)}`,
          undefined,
          undefined,
          where,
        );
    }
    for (const [name] of al) {
      if (!bl.has(name))
        push(`${keyword}-variant-added`, addEffect, `added \`${keyword}\` variant \`${name}\`${of(at)}`, undefined, undefined, [
          ...at,
          keyword,
          name,
        ]);
    }
  }

  /**
   * True when every value `inner` admits is admitted by `outer` (a conservative check: false when unsure).
   * `outerDoc` and `innerDoc` resolve each side's refs.
   */
  accepts(outerRaw: Json | JsonObject, innerRaw: Json | JsonObject, outerDoc: JsonObject, innerDoc: JsonObject, depth: number): boolean {
    if (depth > MAX_DEPTH) return jsonEqual(outerRaw, innerRaw);
    const o = this.resolve(normalize(outerRaw), outerDoc).schema;
    const i = this.resolve(normalize(innerRaw), innerDoc).schema;
    const next = depth + 1;
    const within = (outer: Json | undefined, inner: Json | undefined): boolean =>
      this.accepts(outer ?? {}, inner ?? {}, outerDoc, innerDoc, next);
    for (const keyword of ["oneOf", "anyOf"]) {
      const list = own(i, keyword);
      if (Array.isArray(list))
        return list.every((variant) => within(o, variant)) && (own(i, "nullable") !== true || own(o, "nullable") === true);
    }
    for (const keyword of ["oneOf", "anyOf"]) {
      const list = own(o, keyword);
      if (Array.isArray(list))
        return (
          list.some((variant) => within(variant, withoutKey(i, "nullable"))) && (own(i, "nullable") !== true || own(o, "nullable") === true)
        );
    }
    const outerAll = own(o, "allOf");
    if (Array.isArray(outerAll) && !outerAll.every((part) => within(part, withoutKey(i, "allOf")) || within(part, i))) return false;
    const innerAll = own(i, "allOf");
    if (Array.isArray(innerAll) && !Array.isArray(outerAll)) return innerAll.some((part) => within(withoutKey(o, "allOf"), part));
    // A closed set of values is contained when each value passes the outer checks.
    const values = own(i, "enum");
    if (Array.isArray(values) && shapeOf(o) === "" && !Object.hasOwn(o, "properties") && !Object.hasOwn(o, "items")) {
      return values.every((value) => admits(o, value));
    }
    const [ot, it] = [typesOf(o), typesOf(i)];
    if (ot !== undefined && (it === undefined || ![...it].every((t) => ot.has(t) || (t === "integer" && ot.has("number"))))) return false;
    if (own(i, "nullable") === true && own(o, "nullable") !== true && ot !== undefined) return false;
    const oe = own(o, "enum");
    if (Array.isArray(oe)) {
      const ie = own(i, "enum");
      if (!Array.isArray(ie) || !ie.every((value) => oe.some((allowed) => jsonEqual(allowed, value)))) return false;
    }
    const [of_, if_] = [own(o, "format"), own(i, "format")];
    if (typeof of_ === "string" && !(typeof if_ === "string" && formatWithin(of_, if_))) return false;
    if (own(o, "pattern") !== undefined && own(o, "pattern") !== own(i, "pattern")) return false;
    for (const key of MINIMUMS) {
      const [ov, iv] = [own(o, key), own(i, key)];
      if (typeof ov === "number" && !(typeof iv === "number" && iv >= ov)) return false;
    }
    for (const key of MAXIMUMS) {
      const [ov, iv] = [own(o, key), own(i, key)];
      if (typeof ov === "number" && !(typeof iv === "number" && iv <= ov)) return false;
    }
    const innerRequired = stringSet(own(i, "required"));
    if (![...stringSet(own(o, "required"))].every((name) => innerRequired.has(name))) return false;
    const [op, ip] = [ownObject(o, "properties") ?? {}, ownObject(i, "properties") ?? {}];
    const innerClosed = own(i, "additionalProperties") === false;
    for (const name of Object.keys(op)) {
      if (Object.hasOwn(ip, name)) {
        if (!within(op[name], ip[name])) return false;
      } else if (!innerClosed && !within(op[name], {})) return false;
    }
    const ox = own(o, "additionalProperties");
    if (ox === false && !(innerClosed && Object.keys(ip).every((name) => Object.hasOwn(op, name)))) return false;
    if (isObject(ox) && !within(ox, isObject(own(i, "additionalProperties")) ? own(i, "additionalProperties") : {})) return false;
    if (own(o, "items") !== undefined && !within(own(o, "items"), own(i, "items"))) return false;
    if (own(o, "uniqueItems") === true && own(i, "uniqueItems") !== true) return false;
    const handled = new Set([...KNOWN, "oneOf", "anyOf", "allOf"]);
    for (const key of Object.keys(o)) {
      if (handled.has(key) || isProse(key) || key.startsWith("x-")) continue;
      if (!jsonEqual(own(o, key), own(i, key))) return false;
    }
    if (own(o, "not") !== undefined && !jsonEqual(own(o, "not"), own(i, "not"))) return false;
    return true;
  }
}

/** Whether one value passes a schema's own checks (type, enum, integer format, pattern, bounds); false when unsure. */
function admits(schema: JsonObject, value: Json): boolean {
  if (value === null) return own(schema, "nullable") === true || typesOf(schema)?.has("null") === true || typesOf(schema) === undefined;
  const types = typesOf(schema);
  const kind = typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : Array.isArray(value) ? "array" : typeof value;
  if (types !== undefined && !types.has(kind) && !(kind === "integer" && types.has("number"))) return false;
  const allowed = own(schema, "enum");
  if (Array.isArray(allowed) && !allowed.some((item) => jsonEqual(item, value))) return false;
  const format = own(schema, "format");
  if (typeof format === "string") {
    const range = INTEGER_RANGES.get(format);
    if (range === undefined || typeof value !== "number" || BigInt(Math.trunc(value)) < range[0] || BigInt(Math.trunc(value)) > range[1])
      return false;
  }
  const pattern = own(schema, "pattern");
  if (typeof pattern === "string") {
    try {
      if (typeof value !== "string" || !new RegExp(pattern, "u").test(value)) return false;
    } catch {
      return false;
    }
  }
  const size = typeof value === "number" ? value : typeof value === "string" ? [...value].length : undefined;
  const [min, max] = typeof value === "number" ? ["minimum", "maximum"] : ["minLength", "maxLength"];
  const [low, high] = [own(schema, min), own(schema, max)];
  if (typeof low === "number" && (size === undefined || size < low)) return false;
  if (typeof high === "number" && (size === undefined || size > high)) return false;
  return true;
}

const listed = (values: readonly Json[]): string => values.map((value) => show(value) ?? "").join(", ");

type Push = (rule: string, effect: Effect, description: string, before?: Json, after?: Json, where?: string[]) => void;

function withoutKey(schema: JsonObject, key: string): JsonObject {
  const out: JsonObject = {};
  for (const name of Object.keys(schema)) if (name !== key) setOwn(out, name, schema[name] as Json);
  return out;
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

/** A few words for a schema's shape: `oneOf[2]`, `string`, `ref Name`. */
function describeShape(schema: JsonObject): string {
  for (const keyword of ["oneOf", "anyOf", "allOf"]) {
    const list = own(schema, keyword);
    if (Array.isArray(list)) return `${keyword} of ${list.length}`;
  }
  const types = typesOf(schema);
  const format = own(schema, "format");
  return `${types ? [...types].join("|") : "any"}${typeof format === "string" ? ` (${format})` : ""}`;
}
