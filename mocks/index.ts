/**
 * `system-update/mocks`: a mock rack that answers like the real control plane, for tests and local
 * development, without any framework: the core, the control client for a mock behind HTTP, and the
 * repository archive builder. MSW handlers are in `system-update/mocks/msw`; the standalone server in
 * `system-update/mocks/server`.
 */
export { createMockCore } from "./core/mock.js";
export type { MockCore, MockOptions } from "./core/mock.js";
export { DEFAULT_LIMITS } from "./core/protocol/limits.js";
export type { MockLimits } from "./core/protocol/limits.js";
export { MockControlError } from "./core/protocol/control-errors.js";
export { DEFAULT_SESSION, SESSION_HEADER } from "./core/sessions/store.js";
export type {
  AdvanceRequest,
  AdvanceResult,
  ControlOperations,
  LatencySetting,
  MupdateRequest,
  PruneResult,
  ScenarioInfo,
  Verdict,
} from "./core/control/control-types.js";
export type { MockEvent, MockEventListener } from "./core/sessions/store.js";
export { FAULT_KINDS } from "./core/faults/rules.js";
export type { FaultKind, FaultRule, FaultRuleInput, LatencySpec } from "./core/faults/rules.js";
export type { ChaosSettings } from "./core/faults/plan.js";
export type { OverrideAnswer, OverrideOptions, OverrideRequest, OverrideResolver } from "./core/faults/overrides.js";
export type { JournalEntry } from "./core/journal/journal.js";
export { BODY_TOO_LARGE, NETWORK_FAILURE } from "./core/protocol/message.js";
export type { Answer, MockHeaders, MockRequest, MockResponse, Reception, RequestHead } from "./core/protocol/message.js";
export type { AuthConfig, CallerIdentity, FleetRole } from "./core/auth/auth.js";
export type { OperationId } from "./core/protocol/operation-types.js";
export type {
  HubrisComponents,
  PrunerConfig,
  RackFlags,
  RackState,
  Repository,
  Sled,
  StoredArtifact,
  TargetRelease,
  Zone,
} from "./core/simulator/state.js";
export { parseRackState } from "./core/simulator/state-schema.js";
export { SCENARIOS, DEFAULT_SCENARIO } from "./core/simulator/scenarios.js";
export { buildRepositoryArchive } from "./core/tuf/archive-build.js";
export type { ArchiveArtifact, ArchiveRefusal, RepositoryArchiveOptions, RootRotation } from "./core/tuf/archive-build.js";
export { seedRootRole } from "./core/tuf/seed-root.js";
export { TEST_ONLY_ED25519_KEY, TEST_ONLY_ED25519_OTHER_KEY, TEST_ONLY_ED25519_THIRD_KEY } from "./core/tuf/test-keys.js";
export type { Ed25519TestKey } from "./core/tuf/test-keys.js";
export { createMockControl, MockControlRequestError } from "./control-client.js";
export type { MockControl, MockControlOptions } from "./control-client.js";
