/** `GET /v1/system/update/status` computed from the rack state (docs/design.md, "Status"). */
import { describe, expect, it } from "vitest";
import { RELEASE_19, RELEASE_20, RELEASE_21 } from "../../mocks/core/simulator/scenario-rack.js";
import { SCENARIOS, findScenario } from "../../mocks/core/simulator/scenarios.js";
import type { ImageSource, OsSlot, RackState, Sled } from "../../mocks/core/simulator/state.js";
import { computeStatus, countComponents } from "../../mocks/core/simulator/status.js";

const scenario = (name: string): RackState => {
  const found = findScenario(name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found.build();
};

const withSled = (state: RackState, serial: string, change: (sled: Sled) => Sled): RackState => ({
  ...state,
  sleds: state.sleds.map((sled) => (sled.serial === serial ? change(sled) : sled)),
});

const S3 = "BRM42220003";
const artifact = (version: string | null): OsSlot & ImageSource => ({ type: "artifact", version });
const CC: OsSlot = { type: "current_contents" };

describe("computeStatus on the scenarios", () => {
  it("factory: exact body", () => {
    expect(computeStatus(scenario("factory"), { contactSupportField: true })).toEqual({
      target_release: null,
      // 32 zones; 5 OSes and 20 sled Hubris components, and 12 on the switches and power shelves, on an untargeted release.
      components_by_release_version: { "install dataset": 32, unknown: 25 + 12 },
      time_last_step_planned: "2026-08-20T17:02:04.118Z",
      suspended: true,
      contact_support: false,
    });
  });

  it("steady: exact body, with and without contact_support", () => {
    const body = {
      target_release: { time_requested: "2026-08-21T09:15:02.551Z", version: RELEASE_20 },
      components_by_release_version: { [RELEASE_20]: 69 },
      time_last_step_planned: "2026-08-21T10:03:33.946Z",
      suspended: false,
    };
    expect(computeStatus(scenario("steady"), { contactSupportField: true })).toEqual({ ...body, contact_support: false });
    const old = computeStatus(scenario("steady"), { contactSupportField: false });
    expect(old).toEqual(body);
    expect("contact_support" in old).toBe(false);
  });

  it("the other scenarios", () => {
    const status = (name: string) => computeStatus(scenario(name), { contactSupportField: true });
    expect(status("update-in-progress")).toMatchObject({
      target_release: { version: RELEASE_21 },
      components_by_release_version: { [RELEASE_20]: 27, [RELEASE_21]: 42 },
      suspended: false,
      contact_support: false,
    });
    expect(status("mupdate-waiting")).toMatchObject({
      target_release: { version: RELEASE_20 },
      components_by_release_version: { "install dataset": 32, unknown: 37 },
      suspended: true,
      contact_support: false,
    });
    expect(status("single-sled-mupdate-converted")).toMatchObject({
      components_by_release_version: { [RELEASE_20]: 69 },
      suspended: true,
    });
    expect(status("contact-support")).toMatchObject({ contact_support: true, suspended: false });
  });

  it("keeps upstream's key order, and sorted labels", () => {
    for (const { build } of SCENARIOS) {
      const body = computeStatus(build(), { contactSupportField: true });
      expect(Object.keys(body)).toEqual([
        "target_release",
        "components_by_release_version",
        "time_last_step_planned",
        "suspended",
        "contact_support",
      ]);
      const labels = Object.keys(body.components_by_release_version);
      expect(labels).toEqual([...labels].sort());
    }
  });
});

describe("components_by_release_version labels", () => {
  // Target 20, previous 19; the sleds only (the switches and power shelves have their own case below).
  const steady: RackState = { ...scenario("steady"), boards: [] };

  it("counts each switch and power shelf's SP, RoT and RoT bootloader, an unknown version as unknown", () => {
    const boards = scenario("steady").boards ?? [];
    expect(boards.map((board) => board.kind)).toEqual(["switch", "switch", "power_shelf", "power_shelf"]);
    const [first, ...rest] = boards;
    if (first === undefined) throw new Error("need a board");
    const mixed = [{ ...first, components: { sp: RELEASE_19, rot: RELEASE_21, rot_bootloader: null } }, ...rest];
    expect(countComponents({ ...steady, boards: mixed })).toEqual({ [RELEASE_19]: 1, [RELEASE_20]: 57 + 9, unknown: 2 });
  });

  it("reads a document without boards (written before them) as a rack without switches or power shelves", () => {
    const { boards: _left, ...old } = scenario("steady");
    expect(countComponents(old)).toEqual({ [RELEASE_20]: 57 });
  });

  it("names the current and the previous release, and counts anything else as unknown", () => {
    const versions = [RELEASE_19, RELEASE_21, null];
    const state = withSled(steady, S3, (sled) => ({
      ...sled,
      zones: sled.zones.map((zone, i) => (i < versions.length ? { ...zone, image_source: artifact(versions[i] ?? null) } : zone)),
    }));
    expect(countComponents(state)).toEqual({ [RELEASE_19]: 1, [RELEASE_20]: 54, unknown: 2 });
  });

  it("counts install-dataset zones as such, whatever release the dataset holds", () => {
    const install = { type: "install_dataset" as const };
    const state = withSled(steady, S3, (sled) => ({ ...sled, zones: sled.zones.map((zone) => ({ ...zone, image_source: install })) }));
    expect(countComponents(state)).toEqual({ "install dataset": 8, [RELEASE_20]: 49 });
  });

  it("labels the OS by its artifact slots, or by the install dataset when it has none", () => {
    const os = (slot_a: OsSlot, slot_b: OsSlot, install_dataset: string | null = RELEASE_19): Readonly<Record<string, number>> => {
      const state = withSled(steady, S3, (sled) => ({ ...sled, install_dataset, host_phase_2: { slot_a, slot_b } }));
      const counts = countComponents(state);
      // Everything else stays on 20: 56 components besides this OS.
      return Object.fromEntries(
        Object.entries(counts)
          .map(([label, n]) => [label, label === RELEASE_20 ? n - 56 : n])
          .filter(([, n]) => n !== 0),
      );
    };
    expect(os(artifact(RELEASE_19), artifact(RELEASE_20))).toEqual({ [RELEASE_20]: 1 });
    expect(os(artifact(RELEASE_20), artifact(RELEASE_19))).toEqual({ [RELEASE_20]: 1 });
    expect(os(artifact(RELEASE_21), artifact(RELEASE_19))).toEqual({ [RELEASE_19]: 1 });
    expect(os(artifact(RELEASE_21), artifact(null))).toEqual({ unknown: 1 });
    expect(os(CC, artifact(RELEASE_19))).toEqual({ [RELEASE_19]: 1 });
    expect(os(CC, CC, RELEASE_19)).toEqual({ [RELEASE_19]: 1 });
    expect(os(CC, CC, RELEASE_21)).toEqual({ unknown: 1 });
    expect(os(CC, CC, null)).toEqual({ unknown: 1 });
  });

  it("leaves out decommissioned sleds, expunged zones and absent Hubris components", () => {
    let state = withSled(steady, S3, (sled) => ({ ...sled, state: "decommissioned" }));
    expect(countComponents(state)).toEqual({ [RELEASE_20]: 57 - 8 - 5 });
    state = withSled(steady, "BRM42220001", (sled) => ({
      ...sled,
      zones: sled.zones.map((zone, i) => (i === 0 ? { ...zone, disposition: "expunged" as const } : zone)),
      components: { ...sled.components, rot_bootloader: null, host_phase_1: null },
    }));
    expect(countComponents(state)).toEqual({ [RELEASE_20]: 57 - 1 - 2 });
  });

  it("knows no previous release before the second target release", () => {
    const state = { ...steady, target_release: { ...steady.target_release, previous_version: null } };
    const mixed = withSled(state, S3, (sled) => ({ ...sled, components: { ...sled.components, sp: RELEASE_19 } }));
    expect(countComponents(mixed)).toEqual({ [RELEASE_20]: 56, unknown: 1 });
  });
});

describe("the other fields", () => {
  it("reads suspended, time_last_step_planned and contact_support straight from the state", () => {
    const steady = scenario("steady");
    const state: RackState = {
      ...steady,
      target_release_minimum_generation: steady.target_release.generation + 1,
      time_last_step_planned: "2026-12-31T23:59:59Z",
      flags: { contact_support: true },
    };
    expect(computeStatus(state, { contactSupportField: true })).toMatchObject({
      suspended: true,
      time_last_step_planned: "2026-12-31T23:59:59Z",
      contact_support: true,
    });
    expect(computeStatus(state, { contactSupportField: false })).not.toHaveProperty("contact_support");
  });
});
