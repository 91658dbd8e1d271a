// A small API document for one-change tests: `POST /things` sends a body (the request side) and
// `GET /things` returns one (the response side), each its own inline schema, plus what a case adds.
import { diffSpecs, type JsonObject } from "../../src/diff/index.js";
import { verdicts } from "./support.js";

export type Side = "request" | "response";

/** The document with `schema` as the request body of POST /things or the response body of GET /things. */
export function tinyApi(side: Side, schema: JsonObject, extra: JsonObject = {}): JsonObject {
  const body = { content: { "application/json": { schema } } };
  const operation: JsonObject =
    side === "request"
      ? { post: { operationId: "thing_create", requestBody: { ...body, required: true }, responses: { "204": { description: "done" } } } }
      : { get: { operationId: "thing_view", responses: { "200": { description: "the thing", ...body } } } };
  return { openapi: "3.0.3", info: { title: "tiny", version: "1.0.0" }, paths: { "/things": operation }, ...extra };
}

/** An object schema with one field `name`, its schema `field`, required or not. */
export function withField(field: JsonObject, required: boolean): JsonObject {
  return { type: "object", properties: { name: field }, ...(required ? { required: ["name"] } : {}) };
}

/** `scope · area · rule · severity` of every change between the two documents (see support.verdicts). */
export function judged(before: JsonObject, after: JsonObject): string[] {
  return verdicts(diffSpecs(before, after));
}

/** The one line of a change to the body of the tiny API on `side`, with `rule` judged `severity`. */
export function bodyLine(side: Side, rule: string, severity: string): string {
  const scope = side === "request" ? "POST /things · request body" : "GET /things · response 200";
  return `${scope} · ${rule} · ${severity}`;
}
