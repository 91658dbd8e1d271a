/**
 * The types that tie the mock to the spec: operation ids, request body kinds and response bodies all come
 * from `generated/`, so a handler that answers a field the spec does not have (or misses one it requires,
 * at every version) does not compile.
 */
import type { ApiVersion, LatestApiVersion, OperationsByVersion } from "../../../generated/index.js";
import type { OPERATIONS } from "../../../generated/operations.js";

type LatestOperations = OperationsByVersion[LatestApiVersion];

/** Every operation of the latest API version. */
export type OperationId = keyof LatestOperations & string;

/** How an operation takes its body, from the spec's request media type (for a union of ids: each one's). */
export type BodyKind<K extends OperationId> = K extends OperationId
  ? (typeof OPERATIONS)[K]["body"] extends "application/json"
    ? "json"
    : (typeof OPERATIONS)[K]["body"] extends "application/octet-stream"
      ? "binary"
      : "none"
  : never;

type ResponsesAt<K extends OperationId, V extends ApiVersion> = K extends keyof OperationsByVersion[V]
  ? OperationsByVersion[V][K] extends { responses: infer R }
    ? R
    : never
  : never;

type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : never;

/** The success statuses the latest spec gives operation K (200, 201, 204...). */
export type SuccessStatus<K extends OperationId> = Extract<keyof ResponsesAt<K, LatestApiVersion>, 200 | 201 | 202 | 204>;

/** Statuses of K whose answer has a JSON body, and those without a body. */
export type JsonStatus<K extends OperationId> = {
  [S in SuccessStatus<K>]: [JsonContent<ResponsesAt<K, LatestApiVersion>[S]>] extends [never] ? never : S;
}[SuccessStatus<K>];
export type EmptyStatus<K extends OperationId> = Exclude<SuccessStatus<K>, JsonStatus<K>>;

/**
 * The JSON body of K's `status` answer at the API versions `V` (default: any version that has K): the
 * status operation answers the shape of the version the request asked for, so a handler may produce any.
 */
export type ResponseBody<K extends OperationId, S extends number, V extends ApiVersion = ApiVersion> = {
  [W in V]: S extends keyof ResponsesAt<K, W> ? JsonContent<ResponsesAt<K, W>[S]> : never;
}[V];

/** The JSON request body of K as the spec describes it; never for operations without a JSON body. */
export type RequestBody<K extends OperationId> = LatestOperations[K] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;
