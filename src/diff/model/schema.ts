// JSON Schema (OpenAPI 3.0/3.1 flavour) as the comparison sees it: `$ref`s kept by name, wrappers that
// mean nothing unwrapped (`allOf` or `oneOf` of one schema, as dropshot writes nullable refs and titled
// variants), and a `oneOf` of string enums (dropshot's documented enum values) read as one enum.
import { escapeSegment, isObject, own, ownObject, unescapeSegment, type Json, type JsonObject } from "./json.js";
import { decodePercent } from "../../shared/percent.js";

export interface SchemaNode {
  /** The component the node points at (`schemas/Name`), if it is a `$ref`; its siblings are in `schema`. */
  ref?: string;
  schema: JsonObject;
  /** For an enum read from documented variants: each value's description, keyed by its JSON text. */
  enumDocs?: Map<string, string>;
}

/** Keywords that only document. */
export const PROSE = ["description", "title", "example", "examples", "externalDocs", "$comment"] as const;
const PROSE_SET: ReadonlySet<string> = new Set(PROSE);
export const isProse = (key: string): boolean => PROSE_SET.has(key);

/** A property set on a fresh object even when its name is `__proto__`. */
export function setOwn(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `#/components/schemas/X` -> `schemas/X`; undefined for a non-local ref. */
export function componentName(ref: string): string | undefined {
  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) return undefined;
  return `${match[1]}/${unescapeSegment(decodePercent(match[2] ?? ""))}`;
}

/** The component itself: `schemas/X` in `doc`. */
export function componentAt(doc: JsonObject, name: string): Json | undefined {
  const slash = name.indexOf("/");
  return own(ownObject(ownObject(doc, "components"), name.slice(0, slash)), name.slice(slash + 1));
}

export function refName(value: Json | undefined): string | undefined {
  const ref = isObject(value) ? own(value, "$ref") : undefined;
  return typeof ref === "string" ? componentName(ref) : undefined;
}

const ENUM_VARIANT_KEYS = new Set(["type", "enum", "description", "title"]);

/** The variants of a `oneOf` of plain enums, merged: `{type, enum}` and each value's description. */
function enumOfVariants(variants: readonly Json[]): SchemaNode | undefined {
  if (variants.length === 0) return undefined;
  let type: Json | undefined;
  const values: Json[] = [];
  const docs = new Map<string, string>();
  for (const variant of variants) {
    if (!isObject(variant) || !Object.keys(variant).every((key) => ENUM_VARIANT_KEYS.has(key))) return undefined;
    const values_ = own(variant, "enum");
    if (!Array.isArray(values_)) return undefined;
    const variantType = own(variant, "type");
    if (type !== undefined && JSON.stringify(variantType) !== JSON.stringify(type)) return undefined;
    type = variantType;
    const description = own(variant, "description");
    for (const value of values_) {
      values.push(value);
      if (typeof description === "string") docs.set(JSON.stringify(value), description);
    }
  }
  const schema: JsonObject = { enum: values };
  if (type !== undefined) schema["type"] = type;
  return { schema, enumDocs: docs };
}

/** Reads a schema for comparison (see the module comment). Booleans become `{}` (true) and `{not: {}}`. */
export function normalize(value: Json | undefined): SchemaNode {
  if (value === false) return { schema: { not: {} } };
  if (!isObject(value)) return { schema: {} };
  let ref = refName(value);
  const rest: JsonObject = {};
  for (const key of Object.keys(value)) if (key !== "$ref") setOwn(rest, key, value[key] as Json);
  let enumDocs: Map<string, string> | undefined;
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    const items = own(rest, keyword);
    if (!Array.isArray(items)) continue;
    if (keyword !== "allOf" && !Object.hasOwn(rest, "enum")) {
      const merged = enumOfVariants(items);
      if (merged) {
        delete rest[keyword];
        for (const key of Object.keys(merged.schema)) if (!Object.hasOwn(rest, key)) setOwn(rest, key, merged.schema[key] as Json);
        enumDocs = merged.enumDocs;
        continue;
      }
    }
    if (items.length !== 1) continue;
    const inner = normalize(items[0]);
    if (inner.ref !== undefined && ref !== undefined) continue;
    delete rest[keyword];
    ref ??= inner.ref;
    enumDocs ??= inner.enumDocs;
    // The wrapper's own keywords (nullable, description) win over the wrapped schema's.
    for (const key of Object.keys(inner.schema)) if (!Object.hasOwn(rest, key)) setOwn(rest, key, inner.schema[key] as Json);
  }
  return { ...(ref === undefined ? {} : { ref }), schema: rest, ...(enumDocs === undefined ? {} : { enumDocs }) };
}

/** How many refs in a row are followed (and how deep a containment check goes) before settling for what is there. */
export const MAX_REF_DEPTH = 16;

/** A ref resolved to its component in `doc`, with the ref's own sibling keywords over it. */
export function resolveRef(node: SchemaNode, doc: JsonObject, depth = 0): SchemaNode {
  if (node.ref === undefined || depth > MAX_REF_DEPTH) return node;
  const target = normalize(componentAt(doc, node.ref));
  const schema: JsonObject = {};
  for (const key of Object.keys(target.schema)) setOwn(schema, key, target.schema[key] as Json);
  for (const key of Object.keys(node.schema)) setOwn(schema, key, node.schema[key] as Json);
  const merged: SchemaNode = { ...(target.ref === undefined ? {} : { ref: target.ref }), schema };
  if (target.enumDocs) merged.enumDocs = target.enumDocs;
  return resolveRef(merged, doc, depth + 1);
}

/** The composition keywords a schema uses, as a key: two schemas of different shapes are compared by containment. */
export function shapeOf(schema: JsonObject): string {
  return ["oneOf", "anyOf", "allOf", "not"].filter((key) => Object.hasOwn(schema, key)).join("+");
}

/** `type` as a set (3.1 arrays included), or undefined when absent. */
export function typesOf(schema: JsonObject): Set<string> | undefined {
  const type = own(schema, "type");
  if (typeof type === "string") return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((item): item is string => typeof item === "string"));
  return undefined;
}

export function stringSet(value: Json | undefined): Set<string> {
  return new Set(Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
}

/** Integer formats with the range they admit, to tell widening from narrowing. */
export const INTEGER_RANGES: ReadonlyMap<string, readonly [bigint, bigint]> = new Map([
  ["int8", [-(2n ** 7n), 2n ** 7n - 1n]],
  ["int16", [-(2n ** 15n), 2n ** 15n - 1n]],
  ["int32", [-(2n ** 31n), 2n ** 31n - 1n]],
  ["int64", [-(2n ** 63n), 2n ** 63n - 1n]],
  ["uint8", [0n, 2n ** 8n - 1n]],
  ["uint16", [0n, 2n ** 16n - 1n]],
  ["uint32", [0n, 2n ** 32n - 1n]],
  ["uint64", [0n, 2n ** 64n - 1n]],
  ["uint", [0n, 2n ** 64n - 1n]],
]);

/** String formats that are a part of another: dropshot's `ip` is either address family. */
const STRING_FORMAT_PARENT: ReadonlyMap<string, string> = new Map([
  ["ipv4", "ip"],
  ["ipv6", "ip"],
]);

/** True when format `inner` admits only values that `outer` admits (integer widths, address families). */
export function formatWithin(outer: string, inner: string): boolean {
  if (outer === inner || STRING_FORMAT_PARENT.get(inner) === outer) return true;
  const [o, i] = [INTEGER_RANGES.get(outer), INTEGER_RANGES.get(inner)];
  return o !== undefined && i !== undefined && o[0] <= i[0] && i[1] <= o[1];
}

/**
 * The `pattern` that constrains a string, or undefined when there is none or it matches every string. A
 * pattern is searched for, not anchored: one without assertions (`^`, `$`, `\b`, lookaround) that matches
 * the empty string matches at the start of any string (`''`, `.*`, `a*`). Anything else counts as a
 * constraint (a `^` inside a class is taken for an anchor: unsure reads as constrained).
 */
export function patternOf(schema: JsonObject): Json | undefined {
  const pattern = own(schema, "pattern");
  if (typeof pattern !== "string" || /[\^$]|\\[bB]|\(\?<?[=!]/.test(pattern)) return pattern;
  try {
    return new RegExp(pattern, "u").test("") ? undefined : pattern;
  } catch {
    return pattern;
  }
}

/** A path inside a schema as written in a change's `at`: names, never indices. */
export const joinAt = (at: readonly string[]): string => at.map(escapeSegment).join("/");

/** The field a schema path is about, for a sentence: `target_release.version`, `items[]`, or "" at the top. */
export function fieldOf(at: readonly string[]): string {
  let field = "";
  for (let i = 0; i < at.length; i++) {
    const segment = at[i];
    if (segment === "properties" && i + 1 < at.length) field = field ? `${field}.${at[++i] ?? ""}` : (at[++i] ?? "");
    else if (segment === "items") field += "[]";
    else if (segment === "additionalProperties") field += "{}";
    else if ((segment === "oneOf" || segment === "anyOf" || segment === "allOf") && i + 1 < at.length) field += `(${at[++i] ?? ""})`;
  }
  return field;
}

/** A short text for a value in a sentence, or undefined when it would be too long to help. */
export function show(value: Json | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value).replaceAll("`", "'");
  return text.length <= 60 ? `\`${text}\`` : undefined;
}

// The JSON Schema keywords the comparison knows, grouped by what they are about. One list, so the
// keyword-by-keyword comparison and the containment check agree on which keywords they weigh themselves.

/** Lower bounds: a larger value admits fewer values. */
export const MINIMUMS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;
/** Upper bounds: a smaller value admits fewer values. */
export const MAXIMUMS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;

/** Keywords the comparison weighs itself; any other keyword that changes is reported as unclassified. */
export const KNOWN = new Set<string>([
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
export const STRUCTURE = new Set(["properties", "required", "additionalProperties", "items", "oneOf", "anyOf", "allOf", "not", "nullable"]);
