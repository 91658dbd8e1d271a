// The documents carry our prose everywhere a reader looks: every description is non-empty, and
// operations, parameters, request bodies, responses, schemas, properties and tags all have one.
import { describe, expect, it } from "vitest";
import { UPSTREAM_TEXT_SCHEMAS, isObject, loadDocs, resolvePointer, walkObjects, type JsonObject } from "./support.js";

const docs = await loadDocs();

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

/** Pointers of the objects that must have a description, by kind. */
function describedPlaces(doc: JsonObject): string[] {
  const places: string[] = ["/info"];
  const paths = doc["paths"];
  for (const [route, item] of Object.entries(isObject(paths) ? paths : {})) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(operation)) continue;
      const at = `/paths/${route.replaceAll("/", "~1")}/${method}`;
      places.push(at);
      const parameters = operation["parameters"];
      if (Array.isArray(parameters)) parameters.forEach((_, i) => places.push(`${at}/parameters/${i}`));
      if (isObject(operation["requestBody"])) places.push(`${at}/requestBody`);
      const responses = operation["responses"];
      for (const [status, response] of Object.entries(isObject(responses) ? responses : {})) {
        // Shared responses are described once, in components.
        if (isObject(response) && !("$ref" in response)) places.push(`${at}/responses/${status}`);
      }
    }
  }
  const components = doc["components"];
  const schemas = isObject(components) ? components["schemas"] : undefined;
  for (const [name, schema] of Object.entries(isObject(schemas) ? schemas : {})) {
    places.push(`/components/schemas/${name}`);
    // Upstream's text word for word (a tool reads it): upstream describes no property there.
    if (UPSTREAM_TEXT_SCHEMAS.has(name)) continue;
    const properties = isObject(schema) ? schema["properties"] : undefined;
    for (const property of Object.keys(isObject(properties) ? properties : {})) {
      places.push(`/components/schemas/${name}/properties/${property}`);
    }
  }
  const responses = isObject(components) ? components["responses"] : undefined;
  for (const name of Object.keys(isObject(responses) ? responses : {})) {
    places.push(`/components/responses/${name}`);
  }
  const tags = doc["tags"];
  if (Array.isArray(tags)) tags.forEach((_, i) => places.push(`/tags/${i}`));
  return places;
}

describe.each(docs)("prose of $file", ({ doc }) => {
  it("has no empty description or summary", () => {
    const empty: string[] = [];
    walkObjects(doc, (node, pointer) => {
      for (const key of ["description", "summary", "title"]) {
        const text = node[key];
        // A property named "description" is a schema, not prose.
        if (key in node && !pointer.endsWith("/properties")) {
          if (typeof text !== "string" || text.trim() === "") empty.push(`${pointer}/${key}`);
        }
      }
    });
    expect(empty).toEqual([]);
  });

  it("describes every operation, parameter, body, response, schema, property and tag", () => {
    const missing = describedPlaces(doc).filter((pointer) => {
      const node = resolvePointer(doc, pointer);
      return !isObject(node) || typeof node["description"] !== "string";
    });
    expect(missing).toEqual([]);
  });

  it("gives every operation a summary", () => {
    const missing = describedPlaces(doc)
      .filter((pointer) => /^\/paths\/[^/]+\/[a-z]+$/.test(pointer))
      .filter((pointer) => {
        const node = resolvePointer(doc, pointer);
        return !isObject(node) || typeof node["summary"] !== "string";
      });
    expect(missing).toEqual([]);
  });
});
