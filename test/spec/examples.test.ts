// Every example in the documents is valid against the schema it illustrates, with no field the schema
// lacks (objects checked closed, as the contract layer checks responses), and every successful response
// with a body carries one (Prism's static mock answers with it).
import { describe, expect, it } from "vitest";
import { schemaValidator } from "../support/openapi.js";
import { isObject, loadDocs, pointerSegment, type Json } from "./support.js";

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

const docs = await loadDocs();

describe.each(docs)("examples in $file", ({ doc }) => {
  const sites = collectExamples(doc);
  const validatorAt = schemaValidator(doc, { closeObjects: true });

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
