/** The built-in scenarios (docs/design.md, "Scenarios"): valid documents, states the simulator reaches, what each shows. */
import { describe, expect, it } from "vitest";
import { checkRecovery, checkUpdate, classifyBlueprint, isSuspended } from "../../src/rules/index.js";
import { MAX_ADVANCE_STEPS, advance, planStep } from "../../mocks/core/simulator/planner.js";
import { RELEASE_19, RELEASE_20, RELEASE_21, SLED_ID } from "../../mocks/core/simulator/scenario-rack.js";
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from "../../mocks/core/simulator/scenarios.js";
import type { RackState } from "../../mocks/core/simulator/state.js";
import { parseRackState } from "../../mocks/core/simulator/state-schema.js";
import { scenarioState, semver } from "../support/versions.js";

const NOW = new Date("2026-09-20T12:00:00.000Z");
const RELEASE_22 = "22.0.0-0.ci+git0b1c2d3e4f5";

const scenario = scenarioState;

const settled = (state: RackState): boolean => planStep(state, NOW) === undefined;

describe("the scenario list", () => {
  it("has the required scenarios, unique names and factory as default", () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ["factory", "steady", "update-in-progress", "mupdate-waiting", "single-sled-mupdate-converted", "contact-support"]) {
      expect(names).toContain(name);
    }
    expect(DEFAULT_SCENARIO).toBe("factory");
    expect(findScenario(DEFAULT_SCENARIO)?.name).toBe("factory");
    expect(findScenario("no-such-scenario")).toBeUndefined();
    for (const { description } of SCENARIOS) expect(description.length).toBeGreaterThan(20);
  });
});

describe.each(SCENARIOS.map((s) => [s.name, s] as const))("scenario %s", (_name, { build }) => {
  it("is a valid state document that round-trips unchanged", () => {
    const state = build();
    const parsed = parseRackState(state);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.state).toEqual(state);
    expect(JSON.stringify(parsed.state)).toBe(JSON.stringify(state));
    // Through JSON text too, as PUT /__mock/state receives it.
    const reparsed = parseRackState(JSON.parse(JSON.stringify(state)));
    expect(reparsed.ok && JSON.stringify(reparsed.state)).toBe(JSON.stringify(state));
  });

  it("builds the same document every time", () => {
    expect(JSON.stringify(build())).toBe(JSON.stringify(build()));
  });

  it("has four to eight serial-numbered sleds with a realistic zone mix", () => {
    const state = build();
    expect(state.sleds.length).toBeGreaterThanOrEqual(4);
    expect(state.sleds.length).toBeLessThanOrEqual(8);
    for (const sled of state.sleds) expect(sled.serial).toMatch(/^BRM\d{8}$/);
    const kinds = state.sleds.flatMap((sled) => sled.zones.filter((z) => z.disposition === "in_service").map((z) => z.kind));
    expect(kinds.filter((kind) => kind === "nexus")).toHaveLength(3);
    expect(kinds.filter((kind) => kind === "crucible").length).toBeGreaterThan(3);
    for (const kind of ["internal_dns", "external_dns", "clickhouse", "cockroach_db", "oximeter", "crucible_pantry"])
      expect(kinds).toContain(kind);
    expect(kinds.some((kind) => kind.endsWith("_ntp"))).toBe(true);
  });

  it("settles when advanced", () => {
    const result = advance(build(), { until: "settled" }, () => NOW);
    expect(result.settled).toBe(true);
    expect(result.steps).toBeLessThan(MAX_ADVANCE_STEPS);
    expect(settled(result.state)).toBe(true);
  });
});

describe("what each scenario shows", () => {
  it("factory: one release from the install datasets, no target release, suspended, settled", () => {
    const state = scenario("factory");
    expect(state.target_release).toEqual({ generation: 1, version: null, time_requested: null, previous_version: null });
    expect(state.target_release_minimum_generation).toBe(2);
    expect(isSuspended(state)).toBe(true);
    expect(state.repositories.map((r) => r.system_version)).toEqual([RELEASE_19, RELEASE_20]);
    for (const sled of state.sleds) {
      expect(sled).toMatchObject({ install_dataset: RELEASE_19, mupdate_override: null, remove_mupdate_override: null });
      expect(sled.components).toEqual({ sp: RELEASE_19, rot: RELEASE_19, rot_bootloader: RELEASE_19, host_phase_1: RELEASE_19 });
      expect(sled.host_phase_2).toEqual({ slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } });
      expect(sled.zones.every((z) => z.image_source.type === "install_dataset")).toBe(true);
    }
    expect(settled(state)).toBe(true);
  });

  it("steady: everything on the target, nothing pending, the next release uploaded", () => {
    const state = scenario("steady");
    expect(state.target_release).toMatchObject({ generation: 3, version: RELEASE_20, previous_version: RELEASE_19 });
    expect(classifyBlueprint(state.sleds, RELEASE_20)).toEqual({ kind: "all_match" });
    expect(isSuspended(state)).toBe(false);
    expect(settled(state)).toBe(true);
    expect(state.repositories.map((r) => r.system_version)).toContain(RELEASE_21);
    expect(checkUpdate(state, semver(RELEASE_21))).toBeUndefined();
  });

  it("update-in-progress: the planner is partway through, and another update is refused", () => {
    const state = scenario("update-in-progress");
    expect(state.target_release).toMatchObject({ generation: 4, version: RELEASE_21, previous_version: RELEASE_20 });
    expect(classifyBlueprint(state.sleds, RELEASE_21)).toMatchObject({ kind: "different_version", versionFound: RELEASE_20 });
    expect(checkUpdate(state, semver(RELEASE_22))?.kind).toBe("update-in-progress");
    expect(settled(state)).toBe(false);
  });

  it("mupdate-waiting: whole rack on an untargeted release, noticed, suspended; recovery accepted", () => {
    const state = scenario("mupdate-waiting");
    expect(state.target_release.version).toBe(RELEASE_20);
    expect(state.sleds.every((sled) => sled.install_dataset === RELEASE_21)).toBe(true);
    expect(classifyBlueprint(state.sleds, RELEASE_20)).toMatchObject({ kind: "mupdate_pending" });
    expect(isSuspended(state)).toBe(true);
    expect(settled(state)).toBe(true);
    expect(checkUpdate(state, semver(RELEASE_21))?.kind).toBe("mupdate-pending");
    expect(checkRecovery(state, semver(RELEASE_21))).toBeUndefined();
    expect(checkRecovery(state, semver(RELEASE_19))).toBeUndefined();
    expect(state.repositories.map((r) => r.system_version)).toContain(RELEASE_21);
  });

  it("single-sled-mupdate-converted: no evidence, minimum generation ahead, only recovery to the current release", () => {
    const state = scenario("single-sled-mupdate-converted");
    const sled = state.sleds.find((s) => s.id === SLED_ID["BRM42220003"]);
    expect(sled?.install_dataset).toBe(RELEASE_20);
    expect(classifyBlueprint(state.sleds, RELEASE_20)).toEqual({ kind: "all_match" });
    expect(state.target_release_minimum_generation).toBe(state.target_release.generation + 1);
    expect(settled(state)).toBe(true);
    expect(checkRecovery(state, semver(RELEASE_20))).toBeUndefined();
    expect(checkRecovery(state, semver(RELEASE_21))?.kind).toBe("recovery-wrong-version");
  });

  it("contact-support: an update under way with the flag set", () => {
    const state = scenario("contact-support");
    expect(state.flags.contact_support).toBe(true);
    expect({ ...state, flags: { contact_support: false } }).toEqual(scenario("update-in-progress"));
  });
});
