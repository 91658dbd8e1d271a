/**
 * The walks of docs/design.md, "Planner steps"'s last paragraph, judged by the rules in `src/rules`: the planner must
 * produce exactly the blueprints the validation expects at every step.
 */
import { describe, expect, it } from "vitest";
import {
  checkRecovery,
  checkUpdate,
  classifyBlueprint,
  decideTargetRelease,
  isSuspended,
  type TargetReleaseIntent,
  type TargetReleaseRefusalKind,
} from "../../src/rules/index.js";
import { advance, applyMupdate, planStep } from "../../mocks/core/simulator/planner.js";
import { RELEASE_19, RELEASE_20, RELEASE_21, SLED_ID, uuidSequence } from "../../mocks/core/simulator/scenario-rack.js";
import type { RackState } from "../../mocks/core/simulator/state.js";
import { computeStatus } from "../../mocks/core/simulator/status.js";
import { setTargetRelease } from "../../mocks/core/simulator/target-release.js";
import { scenarioState, semver } from "../support/versions.js";

const RELEASE_22 = "22.0.0-0.ci+git0b1c2d3e4f5";
const NOW = new Date("2026-09-20T12:00:00.000Z");
const tick = (): Date => NOW;

const scenario = scenarioState;

/** Either PUT as the handler runs it: the rules decide, then the new row is written. */
function put(state: RackState, intent: TargetReleaseIntent, version: string): RackState {
  const decision = decideTargetRelease(state, intent, semver(version));
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.kind}`);
  return setTargetRelease(state, version, decision.generation, NOW);
}

const refusal = (state: RackState, intent: TargetReleaseIntent, version: string): TargetReleaseRefusalKind | undefined =>
  (intent === "update" ? checkUpdate : checkRecovery)(state, semver(version))?.kind;

const settle = (state: RackState): RackState => {
  const result = advance(state, { until: "settled" }, tick);
  expect(result.settled).toBe(true);
  return result.state;
};

/** The scenario rack's components: 57 on its sleds, and SP, RoT and RoT bootloader on each of 2 switches and 2 power shelves. */
const BOARD_COMPONENTS = 12;
const COMPONENTS = 57 + BOARD_COMPONENTS;

const counts = (state: RackState): Readonly<Record<string, number>> =>
  computeStatus(state, { contactSupportField: false }).components_by_release_version;

function mupdate(state: RackState, version: string, sleds: "all" | string[]): RackState {
  const result = applyMupdate(state, { version, sleds }, uuidSequence("walk"));
  if (!result.ok) throw new Error(result.message);
  return result.state;
}

describe("walks through the planner, judged by the rules", () => {
  it("mupdate evidence appears one step after the mupdate", () => {
    const mupdated = mupdate(scenario("steady"), RELEASE_21, "all");
    // The race upstream comments on: until the planner runs, the blueprint shows nothing.
    expect(classifyBlueprint(mupdated.sleds, RELEASE_20)).toEqual({ kind: "all_match" });
    expect(isSuspended(mupdated)).toBe(false);

    const noticed = planStep(mupdated, NOW);
    if (!noticed) throw new Error("the planner must notice");
    expect(classifyBlueprint(noticed.sleds, RELEASE_20)).toMatchObject({ kind: "mupdate_pending", evidence: "remove_mupdate_override" });
    expect(refusal(noticed, "update", RELEASE_21)).toBe("mupdate-pending");
    expect(isSuspended(noticed)).toBe(true);

    // Once the overrides are cleared, the boot disks still show it.
    const waiting = settle(noticed);
    expect(classifyBlueprint(waiting.sleds, RELEASE_20)).toMatchObject({ kind: "mupdate_pending", evidence: "boot_disk_contents" });
  });

  it("recovery to the right version converts everything and resumes updates", () => {
    const waiting = scenario("mupdate-waiting");
    expect(refusal(waiting, "recover", RELEASE_21)).toBeUndefined();
    const recovered = put(waiting, "recover", RELEASE_21);
    expect(isSuspended(recovered)).toBe(false);
    const converted = settle(recovered);
    expect(classifyBlueprint(converted.sleds, RELEASE_21)).toEqual({ kind: "all_match" });
    expect(counts(converted)).toEqual({ [RELEASE_21]: COMPONENTS });
    expect(refusal(converted, "recover", RELEASE_21)).toBe("recovery-not-needed");
    expect(refusal(converted, "update", RELEASE_22)).toBeUndefined();
  });

  it("recovery to a wrong version leaves the evidence, so recovery may be tried again", () => {
    const wrong = settle(put(scenario("mupdate-waiting"), "recover", RELEASE_20));
    expect(isSuspended(wrong)).toBe(false); // only the generations are compared
    expect(classifyBlueprint(wrong.sleds, RELEASE_20)).toMatchObject({ kind: "mupdate_pending" });
    expect(counts(wrong)).toEqual({ "install dataset": 32, unknown: 25 + BOARD_COMPONENTS });
    expect(refusal(wrong, "update", RELEASE_21)).toBe("mupdate-pending");

    const right = settle(put(wrong, "recover", RELEASE_21));
    expect(classifyBlueprint(right.sleds, RELEASE_21)).toEqual({ kind: "all_match" });
  });

  it("an update is in progress until its last component moves, one component a step", () => {
    let state = put(scenario("steady"), "update", RELEASE_21);
    let previous = counts(state);
    expect(previous).toEqual({ [RELEASE_20]: COMPONENTS });
    for (let moved = 1; ; moved++) {
      expect(refusal(state, "update", RELEASE_22)).toBe("update-in-progress");
      expect(refusal(state, "recover", RELEASE_21)).toBe("recovery-not-needed");
      const next = planStep(state, NOW);
      if (!next) throw new Error("settled while still in progress");
      const now = counts(next);
      expect(now[RELEASE_21]).toBe(moved);
      expect(now[RELEASE_20] ?? 0).toBe((previous[RELEASE_20] ?? 0) - 1);
      previous = now;
      state = next;
      if (moved === COMPONENTS) break;
    }
    expect(planStep(state, NOW)).toBeUndefined();
    expect(refusal(state, "update", RELEASE_22)).toBeUndefined();
    expect(counts(state)).toEqual({ [RELEASE_21]: COMPONENTS });
  });

  it("the first target release on a factory rack converts its release, and leaves another one waiting", () => {
    const factory = scenario("factory");
    const first = put(factory, "update", RELEASE_19);
    const converted = settle(first);
    expect(isSuspended(converted)).toBe(false);
    expect(classifyBlueprint(converted.sleds, RELEASE_19)).toEqual({ kind: "all_match" });
    expect(counts(converted)).toEqual({ [RELEASE_19]: COMPONENTS });

    const other = settle(put(factory, "update", RELEASE_20));
    expect(isSuspended(other)).toBe(false);
    expect(counts(other)).toEqual({ "install dataset": 32, unknown: 25 + BOARD_COMPONENTS });
    expect(refusal(other, "update", RELEASE_21)).toBe("mupdate-pending");
    expect(refusal(other, "recover", RELEASE_19)).toBeUndefined();
  });

  it("a single sled mupdated to the current release converts silently but stays suspended until recovery to it", () => {
    const steady = scenario("steady");
    const sled = SLED_ID["BRM42220003"] ?? "";
    const converted = settle(mupdate(steady, RELEASE_20, [sled]));
    // The built-in scenario is this very state (up to the planner's clock).
    expect({ ...converted, time_last_step_planned: "" }).toEqual({
      ...scenario("single-sled-mupdate-converted"),
      time_last_step_planned: "",
    });
    expect(classifyBlueprint(converted.sleds, RELEASE_20)).toEqual({ kind: "all_match" });
    expect(isSuspended(converted)).toBe(true);
    const firstSled = [...converted.sleds].map((s) => s.id).sort()[0];
    expect(checkRecovery(converted, semver(RELEASE_21))).toEqual({
      kind: "recovery-wrong-version",
      proposed: RELEASE_21,
      sledId: firstSled,
      versionFound: RELEASE_20,
    });
    const recovered = put(converted, "recover", RELEASE_20);
    expect(isSuspended(recovered)).toBe(false);
    expect(refusal(recovered, "recover", RELEASE_20)).toBe("recovery-not-needed");
  });
});
