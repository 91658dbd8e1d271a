/** Property tests over generated racks and versions (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkRecovery,
  checkUpdate,
  classifyBlueprint,
  decideTargetRelease,
  describeRefusal,
  findMupdateEvidence,
  parseRefusal,
  type ImageSource,
  type OsSlot,
  type RackView,
  type SledView,
  type TargetReleaseRefusal,
} from "../../src/rules/index.js";
import { semver } from "../support/versions.js";

const VERSIONS = ["1.0.0", "1.0.0+b", "2.0.0-rc.1", "2.0.0", "3.1.4", "17.0.0-0.ci+git0123456789a"] as const;

const versionText = fc.constantFrom(...VERSIONS);
const osSlot: fc.Arbitrary<OsSlot> = fc.oneof(
  fc.constant({ type: "current_contents" as const }),
  fc.record({ type: fc.constant("artifact" as const), version: fc.option(versionText, { nil: null }) }),
);
const imageSource: fc.Arbitrary<ImageSource> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ type: "install_dataset" as const }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("artifact" as const), version: fc.option(versionText, { nil: null }) }) },
);
const sled: fc.Arbitrary<SledView> = fc.record({
  id: fc.uuid(),
  state: fc.constantFrom("active" as const, "active" as const, "decommissioned" as const),
  remove_mupdate_override: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.uuid() }),
  host_phase_2: fc.record({ slot_a: osSlot, slot_b: osSlot }),
  zones: fc.array(
    fc.record({
      id: fc.uuid(),
      disposition: fc.constantFrom("in_service" as const, "in_service" as const, "expunged" as const),
      image_source: imageSource,
    }),
    { maxLength: 4 },
  ),
});
const rack: fc.Arbitrary<RackView> = fc
  .record({
    version: fc.option(versionText, { nil: null }),
    generation: fc.integer({ min: 2, max: 6 }),
    minimumAhead: fc.integer({ min: -2, max: 2 }),
    repositories: fc.subarray([...VERSIONS]),
    sleds: fc.uniqueArray(sled, { selector: (s) => s.id, maxLength: 6 }),
  })
  .map(({ version, generation, minimumAhead, repositories, sleds }) => ({
    target_release: { version, generation: version === null ? 1 : generation },
    target_release_minimum_generation: Math.max(1, (version === null ? 1 : generation) + minimumAhead),
    repositories: repositories.map((system_version) => ({ system_version })),
    sleds,
  }));

const hasMupdateEvidence = (r: RackView): boolean =>
  r.sleds.some(
    (s) =>
      (s.state === "active" &&
        (s.remove_mupdate_override !== null ||
          (s.host_phase_2.slot_a.type === "current_contents" && s.host_phase_2.slot_b.type === "current_contents"))) ||
      s.zones.some((z) => z.disposition === "in_service" && z.image_source.type === "install_dataset"),
  );

/** An independent oracle for the sled a refusal names: first active sled by id whose OS lacks V, else first with a differing zone. */
function firstDifferingSled(r: RackView, version: string): string | undefined {
  const ids = [...r.sleds].sort((a, b) => (a.id < b.id ? -1 : 1));
  const osDiffers = (s: SledView) =>
    s.state === "active" &&
    ![s.host_phase_2.slot_a, s.host_phase_2.slot_b].some((slot) => slot.type === "artifact" && slot.version === version);
  const zoneDiffers = (s: SledView) =>
    s.zones.some((z) => z.disposition === "in_service" && z.image_source.type === "artifact" && z.image_source.version !== version);
  return (ids.find(osDiffers) ?? ids.find(zoneDiffers))?.id;
}

describe("rules over generated racks", () => {
  it("update never accepts the current version", () => {
    fc.assert(
      fc.property(rack, (r) => {
        fc.pre(r.target_release.version !== null);
        const refusal = checkUpdate(r, semver(r.target_release.version as string));
        expect(refusal?.kind).toBe("already-targeting");
      }),
    );
  });

  it("mupdate evidence is found exactly when the oracle sees some, whatever the version", () => {
    fc.assert(
      fc.property(rack, versionText, (r, version) => {
        const evidence = findMupdateEvidence(r.sleds);
        expect(evidence !== undefined).toBe(hasMupdateEvidence(r));
        if (evidence) expect(classifyBlueprint(r.sleds, version)).toEqual(evidence);
      }),
    );
  });

  it("recovery always accepts when there is mupdate evidence", () => {
    fc.assert(
      fc.property(rack, versionText, (r, proposed) => {
        fc.pre(hasMupdateEvidence(r));
        expect(checkRecovery(r, semver(proposed))).toBeUndefined();
      }),
    );
  });

  it("a wrong-version refusal names the first differing sled in id order", () => {
    fc.assert(
      fc.property(rack, versionText, (r, proposed) => {
        const refusal = checkRecovery(r, semver(proposed));
        fc.pre(refusal?.kind === "recovery-wrong-version");
        if (refusal?.kind !== "recovery-wrong-version") return;
        expect(refusal.sledId).toBe(firstDifferingSled(r, proposed));
      }),
    );
  });

  it("decisions are deterministic, ignore the order sleds are listed in, and never throw", () => {
    fc.assert(
      fc.property(rack, versionText, fc.constantFrom("update" as const, "recover" as const), (r, proposed, intent) => {
        const first = decideTargetRelease(r, intent, semver(proposed));
        expect(decideTargetRelease(r, intent, semver(proposed))).toEqual(first);
        const reversed = { ...r, sleds: [...r.sleds].reverse() };
        expect(decideTargetRelease(reversed, intent, semver(proposed))).toEqual(first);
        expect(classifyBlueprint(reversed.sleds, proposed)).toEqual(classifyBlueprint(r.sleds, proposed));
      }),
    );
  });

  it("a refusal's message parses back to the same refusal", () => {
    fc.assert(
      fc.property(rack, versionText, fc.constantFrom("update" as const, "recover" as const), (r, proposed, intent) => {
        const decision = decideTargetRelease(r, intent, semver(proposed));
        if (decision.ok) return;
        const { status, errorCode, message } = describeRefusal(decision.refusal);
        expect(parseRefusal(status, errorCode, message)).toEqual(decision.refusal);
      }),
    );
  });
});

describe("the refusal table", () => {
  const examples: TargetReleaseRefusal[] = [
    { kind: "already-targeting", current: "16.2.0-0.ci+git544f608e05a" },
    { kind: "skip-release", currentMajor: "16", proposedMajor: "18" },
    { kind: "downgrade", proposed: "16.1.0-0.ci+git123456789ab", current: "16.2.0-0.ci+git544f608e05a" },
    { kind: "mupdate-pending" },
    { kind: "update-in-progress" },
    { kind: "recovery-not-needed" },
    { kind: "recovery-wrong-version", proposed: "2.0.0", sledId: "0c7011f7-a4bf-4daf-90cc-1c2410103300", versionFound: "1.0.0" },
    { kind: "recovery-wrong-version", proposed: "2.0.0", sledId: "0c7011f7-a4bf-4daf-90cc-1c2410103300", versionFound: null },
    { kind: "repo-not-found", version: "3.0.0-rc.1+b" },
  ];

  it.each(examples)("round-trips %o", (refusal) => {
    const { status, errorCode, message } = describeRefusal(refusal);
    expect(parseRefusal(status, errorCode, message)).toEqual(refusal);
  });

  it("recognises nothing else", () => {
    expect(parseRefusal(400, "InvalidRequest", "Target release cannot be changed: something new")).toBeUndefined();
    expect(parseRefusal(404, undefined, "Not Found")).toBeUndefined();
    expect(parseRefusal(500, "InvalidRequest", "Target release cannot be changed: a previous update is still in progress")).toBeUndefined();
  });
});
