// What changes in generated TypeScript: the declarations of every changed, added or removed schema and the
// method of every changed operation, printed in the shape TypeScript generators give them (a type per
// schema, camelCase methods named after operationIds, as Oxide's oxide.ts does), then diffed. Reviewers of
// SDK changes read this the way they read a diff of generated code.
import { isObject, own, ownObject, type Json, type JsonObject } from "../model/json.js";
import { normalize, stringSet, typesOf } from "../model/schema.js";
import type { ComponentDiff, OperationDiff } from "../types.js";
import { unifiedDiff } from "./line-diff.js";
import { operationsOf } from "../compare/usage.js";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Nesting printed in full; deeper objects are elided, as they rarely help a review. */
const MAX_DEPTH = 6;

const typeName = (name: string): string => name.replace(/[^\w$]/g, "_");

/** snake_case operationId -> camelCase method name. */
export const methodName = (operationId: string): string => operationId.replace(/[_-]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** A schema as a TypeScript type expression. */
export function tsType(value: Json | undefined, indent = "", depth = 0): string {
  const node = normalize(value);
  const nullable = own(node.schema, "nullable") === true;
  const base = node.ref !== undefined ? typeName(node.ref.slice(node.ref.indexOf("/") + 1)) : bare(node.schema, indent, depth);
  return nullable && base !== "unknown" ? `${base} | null` : base;
}

function bare(schema: JsonObject, indent: string, depth: number): string {
  for (const keyword of ["oneOf", "anyOf"]) {
    const list = own(schema, keyword);
    if (Array.isArray(list)) return list.map((variant) => tsType(variant, indent, depth + 1)).join(" | ") || "never";
  }
  const all = own(schema, "allOf");
  if (Array.isArray(all)) return all.map((part) => tsType(part, indent, depth + 1)).join(" & ") || "unknown";
  const values = own(schema, "enum");
  if (Array.isArray(values)) return values.map((item) => JSON.stringify(item)).join(" | ") || "never";
  const types = typesOf(schema);
  if (types === undefined) return Object.hasOwn(schema, "properties") ? object(schema, indent, depth) : "unknown";
  return [...types].map((type) => primitive(type, schema, indent, depth)).join(" | ");
}

function primitive(type: string, schema: JsonObject, indent: string, depth: number): string {
  switch (type) {
    case "integer":
    case "number":
      return "number";
    case "string":
      return own(schema, "format") === "date-time" ? "Date" : "string";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array": {
      const item = tsType(own(schema, "items"), indent, depth + 1);
      return /^[\w$.]+$/.test(item) ? `${item}[]` : `(${item})[]`;
    }
    case "object":
      return object(schema, indent, depth);
    default:
      return "unknown";
  }
}

function object(schema: JsonObject, indent: string, depth: number): string {
  const properties = ownObject(schema, "properties") ?? {};
  const names = Object.keys(properties);
  const extra = own(schema, "additionalProperties");
  if (names.length === 0) return isObject(extra) ? `Record<string, ${tsType(extra, indent, depth + 1)}>` : "Record<string, unknown>";
  if (depth >= MAX_DEPTH) return "{ … }";
  const required = stringSet(own(schema, "required"));
  const inner = `${indent}  `;
  const fields = names.map((name) => {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    return `${inner}${key}${required.has(name) ? "" : "?"}: ${tsType(properties[name], inner, depth + 1)};`;
  });
  return `{\n${fields.join("\n")}\n${indent}}`;
}

function declarations(doc: JsonObject, components: readonly ComponentDiff[], operations: readonly OperationDiff[]): string {
  const out: string[] = [];
  const schemas = ownObject(ownObject(doc, "components"), "schemas") ?? {};
  for (const component of components) {
    if (!component.name.startsWith("schemas/")) continue;
    const name = component.name.slice("schemas/".length);
    if (Object.hasOwn(schemas, name)) out.push(`export type ${typeName(name)} = ${tsType(schemas[name])};`);
  }
  const wanted = new Set(operations.map((operation) => `${operation.method} ${operation.path}`));
  for (const entry of operationsOf(doc)) {
    if (!wanted.has(`${entry.method} ${entry.path}`) || entry.operationId === undefined) continue;
    out.push(
      `${methodName(entry.operationId)}(${signature(entry.operation)}): Promise<${result(entry.operation)}>; ` +
        `// ${entry.method} ${entry.path}`,
    );
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/** `params: { path: {...}, query: {...}, body: T }`, as the generated method takes it. */
function signature(operation: JsonObject): string {
  const parts: string[] = [];
  const list = own(operation, "parameters");
  const byPlace = new Map<string, string[]>();
  if (Array.isArray(list)) {
    for (const parameter of list.filter(isObject)) {
      const where = String(own(parameter, "in"));
      const name = String(own(parameter, "name"));
      const optional = own(parameter, "required") === true ? "" : "?";
      const field = `${IDENTIFIER.test(name) ? name : JSON.stringify(name)}${optional}: ${tsType(own(parameter, "schema"), "", MAX_DEPTH)}`;
      byPlace.set(where, [...(byPlace.get(where) ?? []), field]);
    }
  }
  for (const [where, fields] of byPlace) parts.push(`${where}: { ${fields.join("; ")} }`);
  const body = ownObject(own(operation, "requestBody") as JsonObject, "content");
  const media = body === undefined ? undefined : Object.keys(body)[0];
  if (body !== undefined && media !== undefined)
    parts.push(
      `body${own(ownObject(operation, "requestBody"), "required") === true ? "" : "?"}: ` +
        tsType(own(ownObject(body, media), "schema"), "", MAX_DEPTH),
    );
  return parts.length === 0 ? "" : `params: { ${parts.join("; ")} }`;
}

function result(operation: JsonObject): string {
  const responses = ownObject(operation, "responses") ?? {};
  const code = Object.keys(responses).find((key) => /^2/.test(key));
  const content = code === undefined ? undefined : ownObject(ownObject(responses, code), "content");
  const media = content === undefined ? undefined : Object.keys(content)[0];
  return media === undefined ? "void" : tsType(own(ownObject(content, media), "schema"), "", MAX_DEPTH);
}

/** The diff of the generated declarations of what changed; empty when nothing generated changes. */
export function typesDiff(
  before: JsonObject,
  after: JsonObject,
  components: readonly ComponentDiff[],
  operations: readonly OperationDiff[],
): string {
  const moved = operations.flatMap((operation) => (operation.from ? [{ ...operation, ...operation.from }] : []));
  return unifiedDiff(
    declarations(before, components, [...operations, ...moved]),
    declarations(after, components, operations),
    ["before.ts", "after.ts"],
    2,
  );
}
