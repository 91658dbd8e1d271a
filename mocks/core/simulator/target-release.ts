/** Writing a new target release row into the rack state (the last step of both PUTs, docs/design.md, "Order of checks" step 10). */
import { MAX_EARLIER_RELEASES, type RackState, type TargetRelease } from "./state.js";

/** Distinct releases named by the target release rows, newest first (what the pruner keeps the first few of). */
export function recentReleases(release: TargetRelease): string[] {
  const named = [release.version, release.previous_version, ...(release.earlier_releases ?? [])];
  return [...new Set(named.filter((version): version is string => version !== null))];
}

/**
 * The state after a new target release row: `version` at `generation` (the caller has decided both, see
 * `decideTargetRelease`), requested `now`. The current release becomes the previous one, which the status
 * needs (docs/design.md, "Status"). Nothing else changes: no blueprint edit, minimum generation untouched, and
 * `time_last_step_planned` stays (setting a target release is not a planning step).
 */
export function setTargetRelease(state: RackState, version: string, generation: number, now: Date): RackState {
  // "Previous" means generation - 1 upstream; any other generation would make previous_version lie.
  if (generation !== state.target_release.generation + 1) {
    throw new RangeError(`target release generation ${generation} does not follow ${state.target_release.generation}`);
  }
  const old = state.target_release;
  const next: TargetRelease = { generation, version, time_requested: now.toISOString(), previous_version: old.version };
  const earlier = recentReleases(old)
    .filter((release) => release !== version && release !== old.version)
    .slice(0, MAX_EARLIER_RELEASES);
  return { ...state, target_release: earlier.length === 0 ? next : { ...next, earlier_releases: earlier } };
}
