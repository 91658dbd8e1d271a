/**
 * The client's operation layer: one method per operationId of the pinned API version, named after it,
 * built from the generated metadata (`generated/operations.ts`) and typed by openapi-typescript's
 * `operations`. An operation added to the spec appears here after `npm run generate`, with no
 * hand-written code; the friendly methods of `client.ts` are a thin layer over these.
 */
import type { Client, ParamsOption, RequestBodyOption } from "openapi-fetch";
import type { ApiVersion, OperationsByVersion } from "../../generated/index.js";
import { OPERATIONS, type OperationSpec } from "../../generated/operations.js";
import { settle, type ApiResult, type FetchOutcome } from "./result.js";

type Operations<V extends ApiVersion> = OperationsByVersion[V];

/** A binary body as the browser and Node can send it. */
export type BinaryBody = Uint8Array | Blob | ArrayBuffer;

type BodyOption<Op> = Op extends { requestBody: { content: { "application/octet-stream": unknown } } }
  ? { body: BinaryBody }
  : RequestBodyOption<Op>;

/** What an operation takes: `params` (path and query, as the spec types them) and `body`. */
export type OperationInit<Op> = ParamsOption<Op> & BodyOption<Op>;

type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : undefined;
type SuccessOf<Op> = Op extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 | 204 ? JsonOf<R[S]> : never }[keyof R]
  : never;

/** Whether every part of the init is optional (then the method may be called without one). */
type AllOptional<T> = Partial<T> extends T ? true : false;

type OperationMethod<Op> =
  AllOptional<OperationInit<Op>> extends true
    ? (init?: OperationInit<Op>) => Promise<ApiResult<SuccessOf<Op>>>
    : (init: OperationInit<Op>) => Promise<ApiResult<SuccessOf<Op>>>;

/** Every operation of API version V, by operationId. */
export type OperationMethods<V extends ApiVersion> = { readonly [K in keyof Operations<V> & string]: OperationMethod<Operations<V>[K]> };

type AnyInit = { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; body?: unknown };

/** One operation through openapi-fetch, its body read as text; binary bodies are sent as they are. */
function call(raw: Client<object>, spec: OperationSpec, init: AnyInit): Promise<FetchOutcome> {
  const binary = spec.body === "application/octet-stream";
  const options = {
    ...init,
    parseAs: "text" as const,
    ...(binary && { bodySerializer: (body: unknown) => body as BodyInit, headers: { "content-type": spec.body } }),
  };
  // openapi-fetch types `request` by literal paths; the spec row supplies a path of the same client's spec.
  const request = raw.request as (method: string, url: string, init: object) => Promise<FetchOutcome>;
  return request(spec.method, spec.path, options);
}

export function createOperationMethods<V extends ApiVersion>(raw: Client<object>, version: V): OperationMethods<V> {
  const methods: Record<string, (init?: AnyInit) => Promise<ApiResult<unknown>>> = {};
  for (const [operationId, spec] of Object.entries<OperationSpec>(OPERATIONS)) {
    if (!spec.versions.includes(version)) continue;
    methods[operationId] = (init = {}) => settle(() => call(raw, spec, init));
  }
  return methods as unknown as OperationMethods<V>;
}
