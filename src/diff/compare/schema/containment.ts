// Whether one schema admits every value another admits: the check behind every verdict the keyword-by-keyword
// comparison cannot give alone (a schema rewritten into another shape, value checks that disagree). It is
// conservative: false when unsure, so an unknown case reads as a change rather than as "same values".
import { fromContainment, type Effect } from "../../judge/effects.js";
import { isObject, jsonEqual, own, ownObject, type Json, type JsonObject } from "../../model/json.js";
import {
  KNOWN,
  MAXIMUMS,
  MINIMUMS,
  formatWithin,
  INTEGER_RANGES,
  isProse,
  MAX_REF_DEPTH,
  normalize,
  patternOf,
  resolveRef,
  setOwn,
  shapeOf,
  stringSet,
  typesOf,
} from "../../model/schema.js";

/** The two documents compared, to resolve each side's refs in. */
export interface Documents {
  before: JsonObject;
  after: JsonObject;
}

/** Containment of a part (a variant, a field, the items) one level down, outer first. */
type Within = (outer: Json | undefined, inner: Json | undefined) => boolean;

/** How going from `before` to `after` changes the values admitted, judged by containment both ways. */
export function containmentEffect(before: JsonObject, after: JsonObject, docs: Documents): Effect {
  return fromContainment(accepts(after, before, docs.after, docs.before, 0), accepts(before, after, docs.before, docs.after, 0));
}

/**
 * True when every value `inner` admits is admitted by `outer` (a conservative check: false when unsure).
 * `outerDoc` and `innerDoc` resolve each side's refs.
 */
function accepts(
  outerRaw: Json | JsonObject,
  innerRaw: Json | JsonObject,
  outerDoc: JsonObject,
  innerDoc: JsonObject,
  depth: number,
): boolean {
  if (depth > MAX_REF_DEPTH) return jsonEqual(outerRaw, innerRaw);
  const o = resolveRef(normalize(outerRaw), outerDoc).schema;
  const i = resolveRef(normalize(innerRaw), innerDoc).schema;
  const within: Within = (outer, inner) => accepts(outer ?? {}, inner ?? {}, outerDoc, innerDoc, depth + 1);
  const composed = compositionAccepts(o, i, within, (value) => resolveRef(normalize(value), outerDoc).schema);
  if (composed !== undefined) return composed;
  // A closed set of values is contained when each value passes the outer checks.
  const values = own(i, "enum");
  if (Array.isArray(values) && shapeOf(o) === "" && !Object.hasOwn(o, "properties") && !Object.hasOwn(o, "items")) {
    return values.every((value) => admits(o, value));
  }
  return valueChecksAccept(o, i) && partsAccept(o, i, within) && otherKeywordsAccept(o, i, within);
}

/** The verdict when either side is a `oneOf`/`anyOf`, or the inner side an `allOf`; undefined to go on checking. */
function compositionAccepts(o: JsonObject, i: JsonObject, within: Within, resolveOuter: (value: Json) => JsonObject): boolean | undefined {
  for (const keyword of ["oneOf", "anyOf"]) {
    const list = own(i, keyword);
    if (Array.isArray(list))
      return list.every((variant) => within(o, variant)) && (own(i, "nullable") !== true || own(o, "nullable") === true);
  }
  for (const keyword of ["oneOf", "anyOf"]) {
    const list = own(o, keyword);
    if (!Array.isArray(list)) continue;
    const inner = withoutKey(i, "nullable");
    const holding = list.findIndex((variant) => within(variant, inner));
    // `oneOf` admits a value that exactly one variant admits: each other variant must admit none of `i`.
    const alone = keyword !== "oneOf" || list.every((variant, index) => index === holding || disjoint(resolveOuter(variant), inner));
    return holding >= 0 && alone && (own(i, "nullable") !== true || own(o, "nullable") === true);
  }
  const outerAll = own(o, "allOf");
  if (Array.isArray(outerAll) && !outerAll.every((part) => within(part, withoutKey(i, "allOf")) || within(part, i))) return false;
  const innerAll = own(i, "allOf");
  if (Array.isArray(innerAll) && !Array.isArray(outerAll)) return innerAll.some((part) => within(withoutKey(o, "allOf"), part));
  return undefined;
}

/**
 * True when no value passes both schemas, as far as their types and enums tell (false when unsure): a
 * string variant and an integer one, or two enums without a common value.
 */
function disjoint(a: JsonObject, b: JsonObject): boolean {
  if (shapeOf(a) !== "" || shapeOf(b) !== "") return false;
  const [at, bt] = [typesOf(a), typesOf(b)];
  const meet = (x: string, y: string): boolean => x === y || (x === "integer" && y === "number") || (x === "number" && y === "integer");
  if (at !== undefined && bt !== undefined && ![...at].some((x) => [...bt].some((y) => meet(x, y)))) return true;
  const [ae, be] = [own(a, "enum"), own(b, "enum")];
  if (Array.isArray(ae)) return ae.every((value) => !admits(b, value));
  if (Array.isArray(be)) return be.every((value) => !admits(a, value));
  return false;
}

/** The node's own value checks: type, nullable, enum, format, pattern, bounds, unique items. */
function valueChecksAccept(o: JsonObject, i: JsonObject): boolean {
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
  if (patternOf(o) !== undefined && patternOf(o) !== patternOf(i)) return false;
  for (const key of MINIMUMS) {
    const [ov, iv] = [own(o, key), own(i, key)];
    if (typeof ov === "number" && !(typeof iv === "number" && iv >= ov)) return false;
  }
  for (const key of MAXIMUMS) {
    const [ov, iv] = [own(o, key), own(i, key)];
    if (typeof ov === "number" && !(typeof iv === "number" && iv <= ov)) return false;
  }
  return !(own(o, "uniqueItems") === true && own(i, "uniqueItems") !== true);
}

/** The parts of a value: required fields, each field, other fields, items. */
function partsAccept(o: JsonObject, i: JsonObject, within: Within): boolean {
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
  return !(own(o, "items") !== undefined && !within(own(o, "items"), own(i, "items")));
}

/** `not` by containment, and by equality any keyword the comparison does not know (prose and extensions aside). */
function otherKeywordsAccept(o: JsonObject, i: JsonObject, within: Within): boolean {
  for (const key of Object.keys(o)) {
    if (KNOWN.has(key) || isProse(key) || key.startsWith("x-")) continue;
    if (!jsonEqual(own(o, key), own(i, key))) return false;
  }
  // Outside `o.not` holds all that is outside `i.not` when `i.not` holds all of `o.not`.
  return own(o, "not") === undefined || (own(i, "not") !== undefined && within(own(i, "not"), own(o, "not")));
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
  const pattern = patternOf(schema);
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

function withoutKey(schema: JsonObject, key: string): JsonObject {
  const out: JsonObject = {};
  for (const name of Object.keys(schema)) if (name !== key) setOwn(out, name, schema[name] as Json);
  return out;
}
