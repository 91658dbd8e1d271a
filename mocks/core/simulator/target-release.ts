/** Writing a new target release row into the rack state (the last step of both PUTs, docs/design.md, "Order of checks" step 10). */
import type { RackState } from "./state.js";

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
  return {
    ...state,
    target_release: {
      generation,
      version,
      time_requested: now.toISOString(),
      previous_version: state.target_release.version,
    },
  };
}
