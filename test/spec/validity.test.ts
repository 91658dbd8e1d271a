// Every document is a valid OpenAPI 3.0 document (schema and semantic checks of swagger-parser).
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { loadDocs } from "./support.js";

// The document type swagger-parser works with (from its own typings).
type ApiDocument = SwaggerParser["api"];

const docs = await loadDocs();

describe("OpenAPI validity", () => {
  it.each(docs)("$file is valid OpenAPI 3.0", async ({ doc }) => {
    // validate() dereferences in place: give it a copy.
    const copy = structuredClone(doc) as unknown as ApiDocument;
    const validated = await SwaggerParser.validate(copy);
    expect(validated).toBeDefined();
  });

  it.each(docs)("$file declares OpenAPI 3.0.3", ({ doc }) => {
    expect(doc["openapi"]).toBe("3.0.3");
  });
});
