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
export type { ApiVersion, PathsByVersion } from "../generated/index.js";
export type { TargetReleaseRefusal, TargetReleaseRefusalKind } from "./rules/refusals.js";
