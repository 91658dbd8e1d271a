/** `system-update`: a typed client for the Oxide control plane's system update API. */
export { createClient, ApiError, NetworkError } from "./client/index.js";
export type {
  ApiResult,
  BinaryBody,
  ClientError,
  ClientOptions,
  LatestApiVersion,
  OperationInit,
  OperationMethods,
  PageQuery,
  Schemas,
  SystemUpdateClient,
  SystemUpdateMethods,
} from "./client/index.js";
export { API_VERSIONS, LATEST_API_VERSION } from "../generated/index.js";
// Every type a client's signature names, from this entry (a consumer's `declaration: true` must name them):
// the versions' generated types and openapi-fetch's client behind `client.raw`.
export type * from "../generated/index.js";
export type { Client as RawClient, Middleware } from "openapi-fetch";
export type { TargetReleaseRefusal, TargetReleaseRefusalKind } from "./rules/refusals.js";
