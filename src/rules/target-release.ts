/**
 * The two intents behind setting the target release (docs/design.md, "Order of checks", steps 6 to 9), as pure functions:
 * `update` (PUT target-release) and `recover` (PUT recovery-finish).
 */
import { classifyBlueprint, type BlueprintStatus, type RackView, type RepositoryView, type SledView } from "./blueprint.js";
import type { TargetReleaseRefusal } from "./refusals.js";
import { comparePrecedence, formatSemver, parseSemver, semverEqual, withoutBuild, type Semver } from "./semver.js";

export type TargetReleaseIntent = "update" | "recover";

export interface DecisionOptions {
  /**
   * How to classify the blueprint (default `classifyBlueprint`). A caller whose racks never change in
   * place may pass a memoised one: the mock does, since it replaces its state instead of editing it.
   */
  readonly classify?: (sleds: readonly SledView[], version: string) => BlueprintStatus;
}

export type TargetReleaseDecision<Repo extends RepositoryView = RepositoryView> =
  | {
      readonly ok: true;
      /** The uploaded repository of the proposed release. */
      readonly repository: Repo;
      /** The generation the new target release row gets. */
      readonly generation: number;
    }
  | { readonly ok: false; readonly refusal: TargetReleaseRefusal };

/**
 * The version-number rules of an update from the current target release (null: none was ever set, so
 * nothing to check) to `proposed`. The current version comes from a validated state document or from
 * `GET status`, so one that does not parse is the caller's mistake.
 */
export function checkOrderingFrom(current: string | null, proposed: Semver): TargetReleaseRefusal | undefined {
  if (current === null) return undefined;
  const parsed = parseSemver(current);
  if (!parsed.ok) throw new TypeError(`current target release is not a version: ${JSON.stringify(current)} (${parsed.message})`);
  return checkUpdateOrdering(parsed.version, proposed);
}

/** Version-number rules of an update, in upstream's order: identical, then skip, then downgrade. */
export function checkUpdateOrdering(current: Semver, proposed: Semver): TargetReleaseRefusal | undefined {
  if (semverEqual(proposed, current)) return { kind: "already-targeting", current: formatSemver(current) };
  if (proposed.major > current.major + 1n) {
    return { kind: "skip-release", currentMajor: current.major.toString(), proposedMajor: proposed.major.toString() };
  }
  // Another build of the same release is allowed in either direction (omicron#9071).
  if (comparePrecedence(withoutBuild(proposed), withoutBuild(current)) < 0) {
    return { kind: "downgrade", proposed: formatSemver(proposed), current: formatSemver(current) };
  }
  return undefined;
}

/** Why an update to `proposed` is refused, or undefined when it may start (before the repository lookup). */
export function checkUpdate(
  rack: RackView,
  proposed: Semver,
  { classify = classifyBlueprint }: DecisionOptions = {},
): TargetReleaseRefusal | undefined {
  if (rack.target_release.version === null) return undefined;
  const ordering = checkOrderingFrom(rack.target_release.version, proposed);
  if (ordering) return ordering;
  // The blueprint is compared with the *current* release: is the previous update fully planned?
  const status = classify(rack.sleds, rack.target_release.version);
  if (status.kind === "mupdate_pending") return { kind: "mupdate-pending" };
  if (status.kind === "different_version") return { kind: "update-in-progress" };
  return undefined;
}

/** Why recovery to `proposed` is refused, or undefined when it is accepted (before the repository lookup). */
export function checkRecovery(
  rack: RackView,
  proposed: Semver,
  { classify = classifyBlueprint }: DecisionOptions = {},
): TargetReleaseRefusal | undefined {
  if (rack.target_release.version === null) return undefined;
  // The planner raised the minimum generation after noticing a mupdate that has since been converted.
  const minimumAhead = isSuspended(rack);
  const status = classify(rack.sleds, formatSemver(proposed));
  if (status.kind === "mupdate_pending") return undefined;
  if (!minimumAhead) return { kind: "recovery-not-needed" };
  if (status.kind === "all_match") return undefined;
  return {
    kind: "recovery-wrong-version",
    proposed: formatSemver(proposed),
    sledId: status.sledId,
    versionFound: status.versionFound,
  };
}

/** The repository of exactly this release (build metadata included), if it was uploaded and not pruned. */
export function findRepository<Repo extends RepositoryView>(repositories: readonly Repo[], version: string): Repo | undefined {
  return repositories.find((repository) => repository.system_version === version && repository.pruned !== true);
}

/**
 * The whole decision for either PUT: validation by intent, then the repository lookup (validation
 * errors win over a missing repository). The first target release ever set skips validation.
 */
export function decideTargetRelease<Repo extends RepositoryView>(
  rack: RackView<Repo>,
  intent: TargetReleaseIntent,
  proposed: Semver,
  options: DecisionOptions = {},
): TargetReleaseDecision<Repo> {
  const refusal = intent === "update" ? checkUpdate(rack, proposed, options) : checkRecovery(rack, proposed, options);
  if (refusal) return { ok: false, refusal };
  const version = formatSemver(proposed);
  const repository = findRepository(rack.repositories, version);
  if (!repository) return { ok: false, refusal: { kind: "repo-not-found", version } };
  return { ok: true, repository, generation: rack.target_release.generation + 1 };
}

/** The rack reads `suspended` while its target release generation is below the blueprint's minimum. */
export function isSuspended(rack: Pick<RackView, "target_release" | "target_release_minimum_generation">): boolean {
  return rack.target_release.generation < rack.target_release_minimum_generation;
}
