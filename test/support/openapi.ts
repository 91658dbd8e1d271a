/**
 * OpenAPI 3.0 documents as JSON Schema for ajv, shared by the spec suites (examples) and the contract
 * layer (responses): plain-JSON helpers, the OAS-to-draft-07 conversion (`nullable`, component
 * references) and an ajv instance per document that knows the formats the spec uses.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule.default;

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Escape one JSON Pointer segment (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The value at a JSON Pointer, or undefined. */
export function resolvePointer(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

const COMPONENT_REF = "#/components/schemas/";

export interface JsonSchemaOptions {
  /**
   * Close every object schema that lists `properties` (`additionalProperties: false`) unless it says
   * otherwise: the documents leave objects open, as upstream's do, so a field a version lacks would
   * pass. Maps (`additionalProperties: {...}`) and free-form values (`{}`) stay as they are.
   */
  readonly closeObjects?: boolean;
}

/** A schema that lists properties and says nothing about others: what `closeObjects` closes. */
export function isOpenObjectSchema(node: JsonObject): boolean {
  return isObject(node["properties"]) && !("additionalProperties" in node);
}

/**
 * A copy ajv (JSON Schema draft-07) understands: examples removed, OpenAPI's `nullable: true`
 * turned into an explicit null alternative, and component references aimed at the
 * "components" schema `createSpecAjv` registers.
 */
export function toJsonSchema(value: Json, options: JsonSchemaOptions = {}, isPropertyMap = false): Json {
  if (Array.isArray(value)) return value.map((child) => toJsonSchema(child, options));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (isPropertyMap) out[key] = toJsonSchema(child, options);
    else if (key === "$ref" && typeof child === "string" && child.startsWith(COMPONENT_REF)) {
      out[key] = `components#/definitions/${child.slice(COMPONENT_REF.length)}`;
    } else if (key !== "example" && key !== "examples" && key !== "nullable") {
      out[key] = toJsonSchema(child, options, key === "properties");
    }
  }
  if (isPropertyMap) return out;
  if (options.closeObjects && isOpenObjectSchema(value)) {
    const allOf = value["allOf"];
    // Closing one part of a composition would reject the other parts' fields.
    if (Array.isArray(allOf) && allOf.length > 0) throw new Error("closeObjects: properties beside allOf are not supported");
    out["additionalProperties"] = false;
  }
  if (value["nullable"] !== true) return out;
  const type = out["type"];
  if (typeof type === "string") {
    out["type"] = [type, "null"];
    const values = out["enum"];
    if (Array.isArray(values)) out["enum"] = [...values, null];
    return out;
  }
  // No single type (e.g. nullable allOf): wrap it.
  const { description, ...rest } = out;
  return {
    ...(description === undefined ? {} : { description }),
    anyOf: [{ type: "null" }, rest],
  };
}

const UINT32_MAX = 2 ** 32 - 1;

/**
 * An ajv for one OpenAPI document: its component schemas registered as "components", and the formats
 * the upstream generator emits that JSON Schema does not define, checked for what their names say.
 */
export function createSpecAjv(doc: JsonObject, options: JsonSchemaOptions = {}): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("uint", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 });
  ajv.addFormat("uint32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= UINT32_MAX });
  ajv.addFormat("hex string (32 bytes)", /^[0-9a-fA-F]{64}$/);
  // Bytes (upload bodies): nothing to check in a JSON value.
  ajv.addFormat("binary", true);
  const schemas = resolvePointer(doc, "/components/schemas");
  const definitions: JsonObject = {};
  if (isObject(schemas)) {
    for (const [name, schema] of Object.entries(schemas)) definitions[name] = toJsonSchema(schema, options);
  }
  ajv.addSchema({ $id: "components", definitions }, "components");
  return ajv;
}

/** Compiles (once) the schema at a JSON Pointer of `doc`. */
export function schemaValidator(doc: JsonObject, options: JsonSchemaOptions = {}): (schemaPointer: string) => ValidateFunction {
  const ajv = createSpecAjv(doc, options);
  const cache = new Map<string, ValidateFunction>();
  return (schemaPointer) => {
    let validate = cache.get(schemaPointer);
    if (!validate) {
      const schema = resolvePointer(doc, schemaPointer);
      if (schema === undefined) throw new Error(`no schema at ${schemaPointer}`);
      validate = ajv.compile(toJsonSchema(schema, options) as JsonObject | boolean);
      cache.set(schemaPointer, validate);
    }
    return validate;
  };
}

/** One ajv error as a line that names the field: `/target_release/version must match pattern "…"`. */
export function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "body" : `body${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  const extra = typeof params["additionalProperty"] === "string" ? `: '${params["additionalProperty"]}'` : "";
  return `${where} ${error.message ?? error.keyword}${extra}`;
}
