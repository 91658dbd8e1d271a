/** `system-update`: a typed client for the Oxide control plane's system update API. */
export * from "./client/index.js";
export { API_VERSIONS, LATEST_API_VERSION } from "../generated/index.js";
export type { ApiVersion, PathsByVersion } from "../generated/index.js";
export type { TargetReleaseRefusal, TargetReleaseRefusalKind } from "./rules/refusals.js";
