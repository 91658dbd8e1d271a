/** The simulated planner (docs/design.md, "Planner steps"), support mupdates ("Control endpoints") and `advance`. */
import { describe, expect, it } from "vitest";
import { BOARD_ORDER } from "../../mocks/core/simulator/boards.js";
import { HUBRIS_ORDER, MAX_ADVANCE_STEPS, advance, applyMupdate, planStep, stepsWanted } from "../../mocks/core/simulator/planner.js";
import { RELEASE_19, RELEASE_20, RELEASE_21, SLED_ID, fixedUuid, uuidSequence } from "../../mocks/core/simulator/scenario-rack.js";
import { findScenario } from "../../mocks/core/simulator/scenarios.js";
import type { RackState, Sled, Zone } from "../../mocks/core/simulator/state.js";
import { setTargetRelease } from "../../mocks/core/simulator/target-release.js";

const NOW = new Date("2026-09-20T12:00:00.000Z");
const clock = (): (() => Date) => {
  let time = NOW.getTime();
  return () => new Date((time += 1000));
};

function scenario(name: string): RackState {
  const found = findScenario(name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found.build();
}

function step(state: RackState): RackState {
  const next = planStep(state, NOW);
  if (next === undefined) throw new Error("expected the step to change something");
  return next;
}

function mupdate(state: RackState, version: string, sleds: "all" | string[]): RackState {
  const result = applyMupdate(state, { version, sleds }, uuidSequence("test"));
  if (!result.ok) throw new Error(result.message);
  return result.state;
}

const sledOf = (state: RackState, serial: string): Sled => {
  const sled = state.sleds.find((candidate) => candidate.serial === serial);
  if (!sled) throw new Error(`no sled ${serial}`);
  return sled;
};

const withSled = (state: RackState, serial: string, change: (sled: Sled) => Sled): RackState => ({
  ...state,
  sleds: state.sleds.map((sled) => (sled.serial === serial ? change(sled) : sled)),
});

const byId = <T extends { readonly id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
const S3 = "BRM42220003";
const S3_ID = SLED_ID[S3] ?? "";

describe("rule 1: notice mupdates", () => {
  it("takes over a new override: zones to the install dataset, both OS slots current contents, minimum generation ahead", () => {
    const before = mupdate(scenario("steady"), RELEASE_21, [S3_ID]);
    const after = step(before);
    const sled = sledOf(after, S3);
    expect(sled.remove_mupdate_override).toBe(sled.mupdate_override);
    expect(sled.remove_mupdate_override).not.toBeNull();
    expect(sled.host_phase_2).toEqual({ slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } });
    expect(sled.zones.every((zone) => zone.image_source.type === "install_dataset")).toBe(true);
    expect(after.target_release_minimum_generation).toBe(before.target_release.generation + 1);
    expect(after.time_last_step_planned).toBe(NOW.toISOString());
    // Other sleds are untouched.
    expect(after.sleds.filter((s) => s.serial !== S3)).toEqual(before.sleds.filter((s) => s.serial !== S3));
  });

  it("never lowers the minimum generation", () => {
    const before = { ...mupdate(scenario("steady"), RELEASE_21, "all"), target_release_minimum_generation: 9 };
    expect(step(before).target_release_minimum_generation).toBe(9);
  });

  it("notices a second mupdate of a sled that is still being cleared, without a second bump", () => {
    const noticed = step(mupdate(scenario("steady"), RELEASE_21, [S3_ID]));
    const again = withSled(noticed, S3, (sled) => ({ ...sled, mupdate_override: fixedUuid("second") }));
    const after = step(again);
    expect(sledOf(after, S3).remove_mupdate_override).toBe(fixedUuid("second"));
    expect(after.target_release_minimum_generation).toBe(noticed.target_release_minimum_generation);
  });

  it("ignores decommissioned sleds", () => {
    const state = withSled(scenario("steady"), S3, (sled) => ({ ...sled, state: "decommissioned", mupdate_override: fixedUuid("x") }));
    expect(planStep(state, NOW)).toBeUndefined();
  });

  it("wins over the other rules in the same step", () => {
    const noticed = step(mupdate(scenario("steady"), RELEASE_21, [S3_ID]));
    const other = SLED_ID["BRM42220001"] ?? "";
    const both = step(mupdate(noticed, RELEASE_21, [other]));
    expect(sledOf(both, S3).mupdate_override).not.toBeNull(); // rule 2 has not run yet
    expect(sledOf(both, "BRM42220001").remove_mupdate_override).not.toBeNull();
  });
});

describe("rule 2: clear acknowledged overrides", () => {
  it("sets both ids to null and nothing else", () => {
    const noticed = step(mupdate(scenario("steady"), RELEASE_21, [S3_ID]));
    const cleared = step(noticed);
    expect(sledOf(cleared, S3)).toEqual({ ...sledOf(noticed, S3), mupdate_override: null, remove_mupdate_override: null });
    expect({ ...cleared, sleds: [], time_last_step_planned: "" }).toEqual({ ...noticed, sleds: [], time_last_step_planned: "" });
  });
});

describe("rule 3: no-op conversion", () => {
  it("converts install-dataset zones and current-contents slots of sleds whose install dataset is the target", () => {
    const targeted = setTargetRelease(scenario("factory"), RELEASE_19, 2, NOW);
    const after = step(targeted);
    for (const sled of after.sleds) {
      expect(sled.host_phase_2).toEqual({
        slot_a: { type: "artifact", version: RELEASE_19 },
        slot_b: { type: "artifact", version: RELEASE_19 },
      });
      expect(sled.zones.every((zone) => zone.image_source.type === "artifact" && zone.image_source.version === RELEASE_19)).toBe(true);
    }
  });

  it("leaves sleds with another release, or still clearing an override, waiting", () => {
    let state = setTargetRelease(scenario("factory"), RELEASE_19, 2, NOW);
    state = withSled(state, S3, (sled) => ({ ...sled, install_dataset: RELEASE_20 }));
    state = withSled(state, "BRM42220001", (sled) => ({ ...sled, remove_mupdate_override: fixedUuid("r") }));
    const after = step(state);
    expect(sledOf(after, S3)).toEqual(sledOf(state, S3));
    expect(sledOf(after, "BRM42220001")).toEqual(sledOf(state, "BRM42220001"));
    expect(sledOf(after, "BRM42220002").host_phase_2.slot_a).toEqual({ type: "artifact", version: RELEASE_19 });
  });

  it("runs while the rack is suspended, and not without a target release", () => {
    expect(planStep(scenario("factory"), NOW)).toBeUndefined();
    const suspended = { ...setTargetRelease(scenario("factory"), RELEASE_19, 2, NOW), target_release_minimum_generation: 5 };
    expect(sledOf(step(suspended), S3).host_phase_2.slot_b).toEqual({ type: "artifact", version: RELEASE_19 });
  });
});

/** Which components a step moved, named `<serial> <component>`. */
function moved(before: RackState, after: RackState): string[] {
  const names: string[] = [];
  before.sleds.forEach((old, i) => {
    const sled = after.sleds[i];
    if (!sled) throw new Error("sled vanished");
    for (const key of HUBRIS_ORDER) if (old.components[key] !== sled.components[key]) names.push(`${old.serial} ${key}`);
    if (JSON.stringify(old.host_phase_2) !== JSON.stringify(sled.host_phase_2)) names.push(`${old.serial} os`);
    old.zones.forEach((zone, z) => {
      if (JSON.stringify(zone.image_source) !== JSON.stringify(sled.zones[z]?.image_source)) names.push(`${old.serial} ${zone.id}`);
    });
  });
  (before.boards ?? []).forEach((old, i) => {
    const board = after.boards?.[i];
    for (const key of BOARD_ORDER) if (old.components[key] !== board?.components[key]) names.push(`${old.serial} ${key}`);
  });
  return names;
}

describe("rule 4: update one component", () => {
  const updating = (): RackState => {
    const steady = scenario("steady");
    return setTargetRelease(steady, RELEASE_21, steady.target_release.generation + 1, NOW);
  };

  it("moves exactly one component a step, in the documented order", () => {
    let state = updating();
    const sequence: string[] = [];
    for (let next = planStep(state, NOW); next; next = planStep(state, NOW)) {
      const names = moved(state, next);
      expect(names).toHaveLength(1);
      sequence.push(...names);
      state = next;
    }
    const sleds = byId(state.sleds);
    const zonesWhere = (nexus: boolean): string[] =>
      sleds.flatMap((sled) =>
        byId(sled.zones.filter((zone: Zone) => (zone.kind === "nexus") === nexus)).map((zone) => `${sled.serial} ${zone.id}`),
      );
    const boards = [...(state.boards ?? [])].sort((a, b) => (a.serial < b.serial ? -1 : 1));
    expect(boards).toHaveLength(4);
    expect(sequence).toEqual([
      ...sleds.flatMap((sled) => [...HUBRIS_ORDER.map((key) => `${sled.serial} ${key}`), `${sled.serial} os`]),
      // Then the switches and power shelves, by serial, each RoT bootloader → RoT → SP.
      ...boards.flatMap((board) => BOARD_ORDER.map((key) => `${board.serial} ${key}`)),
      ...zonesWhere(false),
      ...zonesWhere(true),
    ]);
  });

  it("writes the new OS to slot B and keeps the other slot", () => {
    const state = updating();
    const sled = byId(state.sleds)[0] ?? sledOf(state, S3);
    let after = state;
    for (let i = 0; i < 5; i++) after = step(after);
    expect(sledOf(after, sled.serial).host_phase_2).toEqual({
      slot_a: sled.host_phase_2.slot_a,
      slot_b: { type: "artifact", version: RELEASE_21 },
    });
  });

  it("counts an OS with either slot on the target as updated, skips absent Hubris components, updates unknown-version zones", () => {
    const base = scenario("steady");
    const [first, second] = byId(base.sleds);
    if (!first || !second) throw new Error("need two sleds");
    let state = withSled(base, first.serial, (sled) => ({
      ...sled,
      host_phase_2: { slot_a: { type: "artifact", version: RELEASE_21 }, slot_b: { type: "artifact", version: RELEASE_20 } },
      components: { sp: RELEASE_21, rot: RELEASE_21, rot_bootloader: null, host_phase_1: null },
    }));
    state = setTargetRelease(state, RELEASE_21, state.target_release.generation + 1, NOW);
    expect(moved(state, step(state))).toEqual([`${second.serial} rot_bootloader`]);

    const zone = byId(second.zones.filter((z) => z.kind !== "nexus"))[0];
    if (!zone) throw new Error("need a zone");
    const onlyZoneLeft = {
      ...state,
      boards: state.boards?.map((board) => ({ ...board, components: { sp: RELEASE_21, rot: RELEASE_21, rot_bootloader: RELEASE_21 } })),
      sleds: state.sleds.map((sled) => ({
        ...sled,
        host_phase_2: { slot_a: sled.host_phase_2.slot_a, slot_b: { type: "artifact" as const, version: RELEASE_21 } },
        components: { sp: null, rot: null, rot_bootloader: null, host_phase_1: null },
        zones: sled.zones.map((z) => ({
          ...z,
          image_source: { type: "artifact" as const, version: z.id === zone.id ? null : RELEASE_21 },
        })),
      })),
    };
    expect(moved(onlyZoneLeft, step(onlyZoneLeft))).toEqual([`${second.serial} ${zone.id}`]);
    expect(planStep(step(onlyZoneLeft), NOW)).toBeUndefined();
  });

  it("waits while anything blocks it", () => {
    // The pruner off: without a target release it would prune one of three repositories (see pruner.test.ts).
    const state: RackState = { ...updating(), pruner: { enabled: false, nkeep_extra_target_releases: 1, nkeep_extra_newly_uploaded: 1 } };
    const INSTALL = { type: "install_dataset" as const };
    const firstZone = (sled: Sled): Zone =>
      sled.zones[0] ?? { id: fixedUuid("z"), kind: "crucible", disposition: "in_service", image_source: INSTALL };
    const bootDisk = { slot_a: { type: "current_contents" as const }, slot_b: { type: "current_contents" as const } };
    const blocked: [string, RackState][] = [
      ["no target release", { ...state, target_release: { generation: 1, version: null, time_requested: null, previous_version: null } }],
      ["suspended", { ...state, target_release_minimum_generation: state.target_release.generation + 1 }],
      // The sled has not dropped its override yet, so rule 2 has nothing to clear either.
      ["an override being cleared", withSled(state, S3, (sled) => ({ ...sled, remove_mupdate_override: fixedUuid("r") }))],
      [
        "an install-dataset zone",
        withSled(state, S3, (sled) => ({ ...sled, zones: [{ ...firstZone(sled), image_source: INSTALL }, ...sled.zones.slice(1)] })),
      ],
      ["an OS on its boot disk contents", withSled(state, S3, (sled) => ({ ...sled, host_phase_2: bootDisk }))],
    ];
    for (const [why, rack] of blocked) expect(planStep(rack, NOW), why).toBeUndefined();
  });

  it("is not blocked by expunged zones or decommissioned sleds", () => {
    let state = updating();
    state = withSled(state, S3, (sled) => ({
      ...sled,
      state: "decommissioned",
      host_phase_2: { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } },
      zones: sled.zones.map((z) => ({ ...z, disposition: "expunged" as const, image_source: { type: "install_dataset" as const } })),
    }));
    const result = advance(state, { until: "settled" }, clock());
    expect(result.settled).toBe(true);
    expect(sledOf(result.state, S3)).toEqual(sledOf(state, S3));
  });
});

describe("advance", () => {
  it("{ steps: n } runs at most n changing steps and says whether the rack is settled", () => {
    const state = setTargetRelease(scenario("steady"), RELEASE_21, 4, NOW);
    const three = advance(state, { steps: 3 }, clock());
    expect(three).toMatchObject({ steps: 3, settled: false });
    expect(advance(state, { steps: 0 }, clock())).toEqual({ state, steps: 0, settled: false });
    const all = advance(state, { steps: 1000 }, clock());
    expect(all.settled).toBe(true);
    // 57 sled components and zones, then 4 boards × 3 components.
    expect(all.steps).toBe(69);
    expect(advance(all.state, { steps: 5 }, clock())).toEqual({ state: all.state, steps: 0, settled: true });
  });

  it("reads the clock once per changing step", () => {
    const times: string[] = [];
    const now = clock();
    const result = advance(mupdate(scenario("steady"), RELEASE_21, "all"), { until: "settled" }, () => {
      const date = now();
      times.push(date.toISOString());
      return date;
    });
    expect(result.steps).toBe(2);
    expect(times).toHaveLength(2);
    expect(result.state.time_last_step_planned).toBe(times[1]);
  });

  it("rejects a negative or fractional step count", () => {
    expect(() => advance(scenario("steady"), { steps: -1 }, clock())).toThrow(RangeError);
    expect(() => advance(scenario("steady"), { steps: 1.5 }, clock())).toThrow(RangeError);
  });

  it(`caps { steps } at ${MAX_ADVANCE_STEPS}; until settled, as many as the rack needs`, () => {
    const steady = scenario("steady");
    expect(stepsWanted({ steps: 20_000 }, steady)).toBe(MAX_ADVANCE_STEPS);
    expect(stepsWanted({ steps: 7 }, steady)).toBe(7);
    expect(stepsWanted({ until: "settled" }, steady)).toBe(MAX_ADVANCE_STEPS);
  });

  // 2,001 sleds × 5 components and 4 boards × 3: more steps than one `{ steps }` call may take (a few seconds; hence the timeout).
  it("settles a rack that needs more than that in one call until settled", { timeout: 60_000 }, () => {
    const template = sledOf(scenario("steady"), S3);
    const sleds = Array.from({ length: 2001 }, (_, i): Sled => ({ ...template, id: fixedUuid(`big/${i}`), zones: [] }));
    const big = setTargetRelease({ ...scenario("steady"), sleds }, RELEASE_21, 4, NOW);
    expect(stepsWanted({ until: "settled" }, big)).toBeGreaterThan(10_017);
    expect(advance(big, { until: "settled" }, clock())).toMatchObject({ steps: 10_017, settled: true });
  });
});

describe("applyMupdate", () => {
  it("writes install dataset, a fresh override and Hubris on each chosen sled, and leaves the blueprint alone", () => {
    const steady = scenario("steady");
    const ids = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
    let n = 0;
    const result = applyMupdate(steady, { version: RELEASE_21, sleds: [S3_ID, SLED_ID["BRM42220001"] ?? ""] }, () => ids[n++] ?? "");
    if (!result.ok) throw new Error(result.message);
    const overrides = byId(result.state.sleds)
      .map((sled) => sled.mupdate_override)
      .filter((id) => id !== null);
    expect(overrides).toEqual(ids); // drawn in sled id order
    const sled = sledOf(result.state, S3);
    expect(sled.install_dataset).toBe(RELEASE_21);
    expect(sled.components).toEqual({ sp: RELEASE_21, rot: RELEASE_21, rot_bootloader: RELEASE_21, host_phase_1: RELEASE_21 });
    expect({ ...sled, install_dataset: null, mupdate_override: null, components: null }).toEqual({
      ...sledOf(steady, S3),
      install_dataset: null,
      mupdate_override: null,
      components: null,
    });
    expect({ ...result.state, sleds: [] }).toEqual({ ...steady, sleds: [] });
    expect(sledOf(result.state, "BRM42220002")).toEqual(sledOf(steady, "BRM42220002"));
  });

  it('"all" means every active sled', () => {
    const state = withSled(scenario("steady"), S3, (sled) => ({ ...sled, state: "decommissioned" }));
    const result = applyMupdate(state, { version: RELEASE_21, sleds: "all" }, uuidSequence("all"));
    if (!result.ok) throw new Error(result.message);
    expect(result.state.sleds.filter((sled) => sled.install_dataset === RELEASE_21).length).toBe(state.sleds.length - 1);
    expect(sledOf(result.state, S3)).toEqual(sledOf(state, S3));
  });

  it("refuses bad requests with a message that names the problem", () => {
    const steady = scenario("steady");
    const unknown = "99999999-9999-4999-8999-999999999999";
    const decommissioned = withSled(steady, S3, (sled) => ({ ...sled, state: "decommissioned" }));
    const cases: [RackState, string, "all" | string[], string][] = [
      [steady, RELEASE_21, [S3_ID, unknown], `no sled with id "${unknown}"`],
      [steady, "21.0", "all", 'invalid version "21.0": unexpected end of input while parsing minor version number'],
      [steady, RELEASE_21, [], 'sleds must name at least one sled, or be "all"'],
      [decommissioned, RELEASE_21, [S3_ID], `sled ${S3_ID} is decommissioned`],
    ];
    for (const [state, version, sleds, message] of cases) {
      expect(applyMupdate(state, { version, sleds }, uuidSequence("x"))).toEqual({ ok: false, message });
    }
  });
});
