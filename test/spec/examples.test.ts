// Every example in the documents is valid against the schema it illustrates, and every
// successful response with a body carries one (Prism's static mock answers with it).
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { isObject, loadDocs, pointerSegment, resolvePointer, type Json, type JsonObject } from "./support.js";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule.default;

interface ExampleSite {
  /** JSON Pointer of the example in the document. */
  where: string;
  /** JSON Pointer of the schema the example must satisfy. */
  schema: string;
  value: Json;
}

/** Media type objects and parameter objects carry examples for their `schema`. */
function holdsSchema(pointer: string): boolean {
  return /\/content\/[^/]+$/.test(pointer) || /\/parameters\/\d+$/.test(pointer);
}

/** Collect examples without descending into example values themselves. */
function collectExamples(value: Json, pointer = "", sites: ExampleSite[] = []): ExampleSite[] {
  if (Array.isArray(value)) {
    value.forEach((child, i) => collectExamples(child, `${pointer}/${i}`, sites));
    return sites;
  }
  if (!isObject(value)) return sites;
  // Keys of a `properties` map are property names, not keywords.
  const isPropertyMap = pointer.endsWith("/properties");
  const schema = holdsSchema(pointer) ? `${pointer}/schema` : pointer;
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${pointerSegment(key)}`;
    if (!isPropertyMap && key === "example") {
      sites.push({ where: childPointer, schema, value: child });
    } else if (!isPropertyMap && key === "examples" && isObject(child)) {
      for (const [name, example] of Object.entries(child)) {
        const where = `${childPointer}/${pointerSegment(name)}/value`;
        if (isObject(example) && "value" in example) {
          sites.push({ where, schema, value: example["value"] ?? null });
        }
      }
    } else {
      collectExamples(child, childPointer, sites);
    }
  }
  return sites;
}

const COMPONENT_REF = "#/components/schemas/";

/**
 * A copy ajv (JSON Schema draft-07) understands: examples removed, OpenAPI's `nullable: true`
 * turned into an explicit null alternative, and component references aimed at the
 * "components" schema registered below.
 */
function toJsonSchema(value: Json, isPropertyMap = false): Json {
  if (Array.isArray(value)) return value.map((child) => toJsonSchema(child));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (isPropertyMap) out[key] = toJsonSchema(child);
    else if (key === "$ref" && typeof child === "string" && child.startsWith(COMPONENT_REF)) {
      out[key] = `components#/definitions/${child.slice(COMPONENT_REF.length)}`;
    } else if (key !== "example" && key !== "examples" && key !== "nullable") {
      out[key] = toJsonSchema(child, key === "properties");
    }
  }
  if (isPropertyMap || value["nullable"] !== true) return out;
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

function validatorFor(doc: JsonObject): (schemaPointer: string) => ValidateFunction {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  // Formats the upstream generator emits that JSON Schema does not define: not checked.
  for (const format of ["uint", "uint32", "hex string (32 bytes)", "binary"]) {
    ajv.addFormat(format, true);
  }
  const schemas = resolvePointer(doc, "/components/schemas") ?? {};
  ajv.addSchema({ $id: "components", definitions: toJsonSchema(schemas) }, "components");
  const cache = new Map<string, ValidateFunction>();
  return (schemaPointer) => {
    let validate = cache.get(schemaPointer);
    if (!validate) {
      const schema = resolvePointer(doc, schemaPointer);
      if (schema === undefined) throw new Error(`no schema at ${schemaPointer}`);
      validate = ajv.compile(toJsonSchema(schema) as JsonObject | boolean);
      cache.set(schemaPointer, validate);
    }
    return validate;
  };
}

const docs = await loadDocs();

describe.each(docs)("examples in $file", ({ doc }) => {
  const sites = collectExamples(doc);
  const validatorAt = validatorFor(doc);

  it("has examples", () => {
    expect(sites.length).toBeGreaterThan(20);
  });

  it.each(sites.map((site) => [site.where, site] as const))("%s is valid", (_where, site) => {
    const validate = validatorAt(site.schema);
    const valid = validate(site.value);
    expect(validate.errors ?? [], `example at ${site.where}`).toEqual([]);
    expect(valid).toBe(true);
  });

  it("gives every successful response body an example", () => {
    const missing: string[] = [];
    const paths = doc["paths"];
    if (!isObject(paths)) throw new Error("no paths");
    for (const [route, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const [method, operation] of Object.entries(item)) {
        const responses = isObject(operation) ? operation["responses"] : undefined;
        if (!isObject(responses)) continue;
        for (const [status, response] of Object.entries(responses)) {
          const content = isObject(response) ? response["content"] : undefined;
          if (!status.startsWith("2") || !isObject(content)) continue;
          for (const [mediaType, media] of Object.entries(content)) {
            if (isObject(media) && !("example" in media) && !("examples" in media)) {
              missing.push(`${method.toUpperCase()} ${route} ${status} ${mediaType}`);
            }
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
