/**
 * `system-update/mocks`: a mock rack that answers like the real control plane, for tests and local
 * development. `msw` is an optional peer: only `createMockHandlers` needs it.
 */
export { createMockCore, MockControlError, SESSION_HEADER, DEFAULT_SESSION } from "./core/mock.js";
export type { AdvanceRequest, AdvanceResult, MockCore, MockOptions, MupdateRequest } from "./core/mock.js";
export type { MockHeaders, MockRequest, MockResponse } from "./core/http/message.js";
export type { AuthConfig } from "./core/http/auth.js";
export type { FleetRole } from "./core/operations/context.js";
export type { HubrisComponents, RackFlags, RackState, Repository, Sled, TargetRelease, Zone } from "./core/simulator/state.js";
export { parseRackState } from "./core/simulator/state-schema.js";
export { SCENARIOS, DEFAULT_SCENARIO } from "./core/simulator/scenarios.js";
export { buildRepositoryArchive } from "./core/tuf/archive.js";
export { createMockHandlers } from "./msw.js";
export type { MockHandlers, MockHandlersOptions, MockResponseInfo } from "./msw.js";
export { createMockControl, MockControlRequestError } from "./control-client.js";
export type { MockControl, MockControlOptions } from "./control-client.js";
