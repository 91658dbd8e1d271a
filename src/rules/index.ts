/** `system-update/rules`: the control plane's target-release rules as pure functions over plain data. */
export { compareSemver, comparePrecedence, formatSemver, isSemver, parseSemver, semverEqual } from "./semver.js";
export type { Ordering, Semver, SemverParseResult } from "./semver.js";
export { classifyBlueprint, findMupdateEvidence } from "./blueprint.js";
export type {
  BlueprintStatus,
  ImageSource,
  MupdateEvidence,
  OsSlot,
  RackView,
  RepositoryView,
  SledView,
  TargetReleaseView,
  ZoneView,
} from "./blueprint.js";
export { TARGET_RELEASE_REFUSAL_PREFIX, TARGET_RELEASE_REFUSALS, describeRefusal, parseRefusal } from "./refusals.js";
export type { RefusalResponse, TargetReleaseRefusal, TargetReleaseRefusalKind } from "./refusals.js";
export { checkRecovery, checkUpdate, checkUpdateOrdering, decideTargetRelease, findRepository, isSuspended } from "./target-release.js";
export type { DecisionOptions, TargetReleaseDecision, TargetReleaseIntent } from "./target-release.js";
export { checkVersionOrdering } from "./version-ordering.js";
export type { VersionOrderingCheck } from "./version-ordering.js";
