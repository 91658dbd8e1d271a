/** docs/design.md, "Golden cases" golden cases that the rules decide on their own (the HTTP layer is tested with the mock). */
import { describe, expect, it } from "vitest";
import {
  decideTargetRelease,
  describeRefusal,
  isSuspended,
  parseSemver,
  type RackView,
  type TargetReleaseIntent,
} from "../../src/rules/index.js";
import { SLED_IDS, artifact, rackOn, withSled, withZone } from "../support/racks.js";

const P = "Target release cannot be changed: ";
const CURRENT = "16.2.0-0.ci+git544f608e05a";

function decide(rack: RackView, intent: TargetReleaseIntent, version: string) {
  const parsed = parseSemver(version);
  if (!parsed.ok) throw new Error(parsed.message);
  const decision = decideTargetRelease(rack, intent, parsed.version);
  if (decision.ok) return { status: 204, generation: decision.generation, repository: decision.repository.system_version };
  const { status, errorCode, message } = describeRefusal(decision.refusal);
  return { status, errorCode, message };
}

const refused = (message: string) => ({ status: 400, errorCode: "InvalidRequest", message: P + message });

/** Every proposed version of the unit-test cases (G11–G28) is uploaded. */
const UPLOADED = [
  CURRENT,
  "16.2.0-0.ci+git11111111111",
  "17.100.99-0.ci+git123456789ab",
  "16.1.0-0.ci+git123456789ab",
  "15.3.0-0.ci+git123456789ab",
  "18.0.0-0.ci+git123456789ab",
  "17.0.0-0.ci+git123456789ab",
  "17.0.0-0.ci+git0123456789a",
];
const allOnCurrent = (minimumAhead = false): RackView =>
  rackOn({ current: CURRENT, generation: 3, minimumGeneration: minimumAhead ? 4 : 3, repositories: UPLOADED });

describe("G11–G28 upstream unit tests (current 16.2.0-0.ci+git544f608e05a, all on it)", () => {
  it("G11 another build of the same release is an update", () => {
    expect(decide(allOnCurrent(), "update", "16.2.0-0.ci+git11111111111")).toEqual({
      status: 204,
      generation: 4,
      repository: "16.2.0-0.ci+git11111111111",
    });
  });

  it("G12 the next major release at any minor and patch", () => {
    expect(decide(allOnCurrent(), "update", "17.100.99-0.ci+git123456789ab").status).toBe(204);
  });

  it("G13 the same version, build included, is refused", () => {
    expect(decide(allOnCurrent(), "update", CURRENT)).toEqual(
      refused(`cannot update to target release ${CURRENT} (already targeting that version)`),
    );
  });

  it.each(["16.1.0-0.ci+git123456789ab", "15.3.0-0.ci+git123456789ab"])("G14/G15 downgrade to %s", (version) => {
    expect(decide(allOnCurrent(), "update", version)).toEqual(
      refused(`cannot downgrade: requested target release version ${version} is older than current target release version ${CURRENT}`),
    );
  });

  it("G16 skipping a major release", () => {
    expect(decide(allOnCurrent(), "update", "18.0.0-0.ci+git123456789ab")).toEqual(
      refused("cannot skip from scheduled release 16 to scheduled release 18"),
    );
  });

  const mupdatePending = refused("a support-driven recovery (mupdate) has occurred and must be cleared first");
  const inProgress = refused("a previous update is still in progress");
  const NEXT = "17.0.0-0.ci+git123456789ab";

  it("G17 a sled with remove_mupdate_override", () => {
    const rack = withSled(allOnCurrent(), 2, (s) => ({ ...s, remove_mupdate_override: "d6b3b2a1-6c3e-4c9b-8d3e-6f1f0e2b9a01" }));
    expect(decide(rack, "update", NEXT)).toEqual(mupdatePending);
  });

  it("G18 a sled with both OS slots on current contents", () => {
    const rack = withSled(allOnCurrent(), 1, (s) => ({
      ...s,
      host_phase_2: { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } },
    }));
    expect(decide(rack, "update", NEXT)).toEqual(mupdatePending);
  });

  it("G19 a zone on the install dataset", () => {
    expect(decide(withZone(allOnCurrent(), 3, 1, { type: "install_dataset" }), "update", NEXT)).toEqual(mupdatePending);
  });

  it("G20 a zone on an older artifact", () => {
    expect(decide(withZone(allOnCurrent(), 0, 2, artifact("15.0.0-0.ci+git123456789ab")), "update", NEXT)).toEqual(inProgress);
  });

  it("G21 a zone on an artifact of unknown version", () => {
    expect(decide(withZone(allOnCurrent(), 1, 0, artifact(null)), "update", NEXT)).toEqual(inProgress);
  });

  it("G22 a sled with both OS slots on an older artifact", () => {
    const old = artifact("15.0.0-0.ci+git123456789ab");
    const rack = withSled(allOnCurrent(), 3, (s) => ({ ...s, host_phase_2: { slot_a: old, slot_b: old } }));
    expect(decide(rack, "update", NEXT)).toEqual(inProgress);
  });

  const RECOVERY = "17.0.0-0.ci+git0123456789a";
  const notNeeded = refused("no evidence a mupdate has occurred - recovery not needed");

  it("G23 recovery with no evidence and the minimum generation not ahead", () => {
    expect(decide(allOnCurrent(), "recover", RECOVERY)).toEqual(notNeeded);
  });

  describe("G24 recovery with mupdate evidence is accepted, minimum generation ahead or not", () => {
    const evidence: Record<string, (rack: RackView) => RackView> = {
      remove_mupdate_override: (rack) =>
        withSled(rack, 0, (s) => ({ ...s, remove_mupdate_override: "0a2b6c3d-1e2f-4a5b-8c7d-9e0f1a2b3c4d" })),
      "both OS slots current contents": (rack) =>
        withSled(rack, 2, (s) => ({ ...s, host_phase_2: { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } } })),
      "install dataset zone": (rack) => withZone(rack, 1, 1, { type: "install_dataset" }),
    };
    for (const [name, apply] of Object.entries(evidence)) {
      it.each([true, false])(`${name} (minimum ahead: %s)`, (ahead) => {
        expect(decide(apply(allOnCurrent(ahead)), "recover", RECOVERY).status).toBe(204);
      });
    }
  });

  it("G25 recovery to the current version with no evidence", () => {
    expect(decide(allOnCurrent(), "recover", CURRENT)).toEqual(notNeeded);
  });

  it("G26 minimum ahead but every component already on current: another version names the first sled", () => {
    expect(decide(allOnCurrent(true), "recover", RECOVERY)).toEqual(
      refused(
        `mupdate recovery required, but specified version ${RECOVERY} does not match the version of components deployed on sled ${SLED_IDS[0]} (version ${CURRENT})`,
      ),
    );
  });

  it("G27 then G28: recovery to the deployed version catches the generation up, once", () => {
    const rack = allOnCurrent(true);
    expect(isSuspended(rack)).toBe(true);
    const accepted = decide(rack, "recover", CURRENT);
    expect(accepted).toMatchObject({ status: 204, generation: rack.target_release_minimum_generation });
    const caughtUp: RackView = {
      ...rack,
      target_release: { generation: rack.target_release_minimum_generation, version: CURRENT },
    };
    expect(isSuspended(caughtUp)).toBe(false);
    expect(decide(caughtUp, "recover", CURRENT)).toEqual(notNeeded);
    expect(decide(caughtUp, "recover", RECOVERY)).toEqual(notNeeded);
  });
});

describe("G29–G47 integration cases the rules decide", () => {
  it("G29 first target release skips validation but the repository must exist", () => {
    expect(decide(rackOn({ current: null }), "update", "0.0.0")).toEqual({
      status: 404,
      errorCode: "ObjectNotFound",
      message: 'not found: tuf-repo with id "0.0.0"',
    });
  });

  it("G30, G31, G32: update, then downgrade refused, then validation before the repository lookup", () => {
    const first = rackOn({ current: "1.0.0", repositories: ["1.0.0", "2.0.0"] });
    expect(decide(first, "update", "2.0.0")).toMatchObject({ status: 204, generation: 3 });
    // The blueprint stays on 1.0.0 after the PUT.
    const after: RackView = { ...first, target_release: { generation: 3, version: "2.0.0" }, target_release_minimum_generation: 1 };
    expect(decide(after, "update", "1.0.0")).toEqual(
      refused("cannot downgrade: requested target release version 1.0.0 is older than current target release version 2.0.0"),
    );
    expect(decide(after, "update", "3.0.0")).toEqual(refused("a previous update is still in progress"));
  });

  it("G33, G34: minimum generation ahead, all on 1.0.0", () => {
    const rack = rackOn({ current: "1.0.0", generation: 2, minimumGeneration: 3, repositories: ["1.0.0"] });
    expect(decide(rack, "recover", "2.0.0")).toEqual(
      refused(
        `mupdate recovery required, but specified version 2.0.0 does not match the version of components deployed on sled ${SLED_IDS[0]} (version 1.0.0)`,
      ),
    );
    expect(decide(rack, "recover", "1.0.0")).toMatchObject({ status: 204, generation: 3 });
  });

  it("G35 install-dataset evidence: recovery to any version, twice", () => {
    const installDataset = rackOn({ current: null, repositories: ["1.0.0", "2.0.0"] });
    const fresh: RackView = {
      ...installDataset,
      sleds: installDataset.sleds.map((s) => ({ ...s, zones: s.zones.map((z) => ({ ...z, image_source: { type: "install_dataset" } })) })),
    };
    expect(decide(fresh, "recover", "1.0.0")).toMatchObject({ status: 204, generation: 2 });
    const afterFirst: RackView = { ...fresh, target_release: { generation: 2, version: "1.0.0" } };
    expect(decide(afterFirst, "recover", "2.0.0")).toMatchObject({ status: 204, generation: 3 });
  });

  it("G36 target-release while zones are still on the install dataset", () => {
    const rack = rackOn({ current: "1.0.0", repositories: ["1.0.0", "2.0.0"] });
    const fresh = withZone(rack, 0, 0, { type: "install_dataset" });
    expect(decide(fresh, "update", "2.0.0")).toEqual(refused("a support-driven recovery (mupdate) has occurred and must be cleared first"));
  });

  it("G46 the same version is refused whatever the caller's role (validation first)", () => {
    const version = "20.0.0-0.local+git553e6c0886a";
    expect(decide(rackOn({ current: version, repositories: [version] }), "update", version)).toEqual(
      refused(`cannot update to target release ${version} (already targeting that version)`),
    );
  });
});

describe("precedence details", () => {
  it("update: version ordering wins over blueprint state", () => {
    const rack = withSled(allOnCurrent(), 0, (s) => ({ ...s, remove_mupdate_override: "0a2b6c3d-1e2f-4a5b-8c7d-9e0f1a2b3c4d" }));
    expect(decide(rack, "update", CURRENT).message).toContain("already targeting");
  });

  it("mupdate evidence on a later sled beats a different version on an earlier one", () => {
    let rack = withZone(allOnCurrent(), 0, 0, artifact("15.0.0"));
    rack = withSled(rack, 3, (s) => ({ ...s, remove_mupdate_override: "0a2b6c3d-1e2f-4a5b-8c7d-9e0f1a2b3c4d" }));
    expect(decide(rack, "update", "17.0.0-0.ci+git123456789ab")).toEqual(
      refused("a support-driven recovery (mupdate) has occurred and must be cleared first"),
    );
  });

  it("recovery names the first sled whose OS differs before any differing zone, in id order", () => {
    // Sleds are given out of order; sled 1's zone differs, sled 2's OS differs.
    let rack = allOnCurrent(true);
    rack = withZone(rack, 1, 0, artifact("9.9.9"));
    rack = withSled(rack, 2, (s) => ({ ...s, host_phase_2: { slot_a: artifact("8.8.8"), slot_b: artifact(null) } }));
    rack = { ...rack, sleds: [...rack.sleds].reverse() };
    expect(decide(rack, "recover", CURRENT).message).toBe(
      `${P}mupdate recovery required, but specified version ${CURRENT} does not match the version of components deployed on sled ${SLED_IDS[2]} (version 8.8.8)`,
    );
  });

  it("an unknown version renders as (unknown version)", () => {
    const rack = withSled(allOnCurrent(true), 0, (s) => ({ ...s, host_phase_2: { slot_a: artifact(null), slot_b: artifact(null) } }));
    expect(decide(rack, "recover", CURRENT).message).toBe(
      `${P}mupdate recovery required, but specified version ${CURRENT} does not match the version of components deployed on sled ${SLED_IDS[0]} ((unknown version))`,
    );
  });

  it("decommissioned sleds and expunged zones are not inspected", () => {
    let rack = withSled(allOnCurrent(), 0, (s) => ({
      ...s,
      state: "decommissioned",
      remove_mupdate_override: "0a2b6c3d-1e2f-4a5b-8c7d-9e0f1a2b3c4d",
    }));
    rack = withSled(rack, 1, (s) => ({
      ...s,
      zones: s.zones.map((z) => ({ ...z, disposition: "expunged", image_source: { type: "install_dataset" } })),
    }));
    expect(decide(rack, "update", "17.0.0-0.ci+git123456789ab").status).toBe(204);
  });

  it("a repository must match build metadata exactly", () => {
    const rack = rackOn({ current: "1.0.0", repositories: ["2.0.0+abc"] });
    expect(decide(rack, "update", "2.0.0")).toEqual({
      status: 404,
      errorCode: "ObjectNotFound",
      message: 'not found: tuf-repo with id "2.0.0"',
    });
    expect(decide(rack, "update", "2.0.0+abc").status).toBe(204);
  });
});
