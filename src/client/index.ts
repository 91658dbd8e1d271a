export { createClient } from "./client.js";
export type { ApiResult, ClientOptions, LatestApiVersion, PageQuery, Schemas, SystemUpdateClient, SystemUpdateMethods } from "./client.js";
export type { BinaryBody, OperationInit, OperationMethods } from "./operations.js";
export { ApiError, NetworkError } from "./errors.js";
export type { ClientError } from "./errors.js";
