/**
 * The plain data the rules read: the planner's current blueprint as the mock's rack state document
 * describes it (docs/design.md, "The rack state document"). The mock's state is a superset of these shapes.
 */

/** A host phase 2 (OS) slot: the bits that were on the disk, or an artifact of a release. */
export type OsSlot =
  | { readonly type: "current_contents" }
  /** `version: null` is an artifact whose version the control plane cannot name. */
  | { readonly type: "artifact"; readonly version: string | null };

/** Where a zone's image comes from: the install dataset written at manufacturing or by a mupdate, or an artifact. */
export type ImageSource = { readonly type: "install_dataset" } | { readonly type: "artifact"; readonly version: string | null };

export interface ZoneView {
  readonly id: string;
  readonly disposition: "in_service" | "expunged";
  readonly image_source: ImageSource;
}

export interface SledView {
  readonly id: string;
  readonly state: "active" | "decommissioned";
  /** Set by the planner when it notices a mupdate; cleared once the sled drops its override. */
  readonly remove_mupdate_override: string | null;
  readonly host_phase_2: { readonly slot_a: OsSlot; readonly slot_b: OsSlot };
  readonly zones: readonly ZoneView[];
}

export interface TargetReleaseView {
  /** 1 means a target release was never set. */
  readonly generation: number;
  /** null iff never set. */
  readonly version: string | null;
}

export interface RepositoryView {
  readonly system_version: string;
  /** A pruned repository is out of reach: no target release may name it (upstream looks up unpruned ones only). */
  readonly pruned?: boolean;
}

export interface RackView<Repo extends RepositoryView = RepositoryView> {
  readonly target_release: TargetReleaseView;
  readonly target_release_minimum_generation: number;
  readonly repositories: readonly Repo[];
  readonly sleds: readonly SledView[];
}

/** Why the blueprint shows that a support mupdate must be acknowledged first. */
export type MupdateEvidence = "remove_mupdate_override" | "boot_disk_contents" | "install_dataset_zone";

export type BlueprintStatus =
  | { readonly kind: "mupdate_pending"; readonly evidence: MupdateEvidence; readonly sledId: string }
  /** `versionFound: null` renders as "(unknown version)". */
  | { readonly kind: "different_version"; readonly sledId: string; readonly versionFound: string | null }
  | { readonly kind: "all_match" };

const byId = <T extends { readonly id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Sleds in the order upstream walks them: ascending UUID (lowercase text order equals byte order). */
export function sledsInIdOrder(sleds: readonly SledView[]): SledView[] {
  return [...sleds].sort(byId);
}

type SledFinding =
  | { readonly kind: "matches" }
  | { readonly kind: "mupdate"; readonly evidence: MupdateEvidence }
  | { readonly kind: "different"; readonly versionFound: string | null };

const MATCHES: SledFinding = { kind: "matches" };

function classifySled(sled: SledView, version: string): SledFinding {
  if (sled.remove_mupdate_override !== null) return { kind: "mupdate", evidence: "remove_mupdate_override" };
  const { slot_a: a, slot_b: b } = sled.host_phase_2;
  if ((a.type === "artifact" && a.version === version) || (b.type === "artifact" && b.version === version)) return MATCHES;
  if (a.type === "current_contents" && b.type === "current_contents") return { kind: "mupdate", evidence: "boot_disk_contents" };
  // Slot B's known version replaces slot A's; an unknown version never replaces one (as upstream).
  const versionFound = b.type === "artifact" && b.version !== null ? b.version : a.type === "artifact" ? a.version : null;
  return { kind: "different", versionFound };
}

/** Whether (sled, zone) ids come before another pair: the order upstream walks zones in. */
const before = (sledId: string, zoneId: string, other: { readonly sledId: string; readonly zoneId: string } | undefined): boolean =>
  other === undefined || sledId < other.sledId || (sledId === other.sledId && zoneId < other.zoneId);

/**
 * Classifies the blueprint against `version` (docs/design.md, "Target release rules"): mupdate evidence beats a different
 * version, which beats "all match". Sled findings come before zone findings, so the sled reported is
 * the first (by id) whose OS differs, and only then the first differing zone. One pass, no sorting:
 * keeping the smallest id seen gives the same answer as walking in id order.
 */
export function classifyBlueprint(sleds: readonly SledView[], version: string): BlueprintStatus {
  let sledMupdate: { sledId: string; evidence: MupdateEvidence } | undefined;
  let sledDifferent: { sledId: string; versionFound: string | null } | undefined;
  let zoneMupdate: { sledId: string; zoneId: string } | undefined;
  let zoneDifferent: { sledId: string; zoneId: string; versionFound: string | null } | undefined;

  for (const sled of sleds) {
    const sledId = sled.id;
    if (sled.state === "active") {
      const finding = classifySled(sled, version);
      if (finding.kind === "mupdate" && (sledMupdate === undefined || sledId < sledMupdate.sledId)) {
        sledMupdate = { sledId, evidence: finding.evidence };
      } else if (finding.kind === "different" && (sledDifferent === undefined || sledId < sledDifferent.sledId)) {
        sledDifferent = { sledId, versionFound: finding.versionFound };
      }
    }
    // Upstream walks every in-service zone of the blueprint, whatever the state of its sled.
    for (const zone of sled.zones) {
      if (zone.disposition !== "in_service") continue;
      const source = zone.image_source;
      if (source.type === "install_dataset") {
        if (before(sledId, zone.id, zoneMupdate)) zoneMupdate = { sledId, zoneId: zone.id };
      } else if (source.version !== version && before(sledId, zone.id, zoneDifferent)) {
        zoneDifferent = { sledId, zoneId: zone.id, versionFound: source.version };
      }
    }
  }
  if (sledMupdate) return { kind: "mupdate_pending", evidence: sledMupdate.evidence, sledId: sledMupdate.sledId };
  if (zoneMupdate) return { kind: "mupdate_pending", evidence: "install_dataset_zone", sledId: zoneMupdate.sledId };
  const different = sledDifferent ?? zoneDifferent;
  if (different) return { kind: "different_version", sledId: different.sledId, versionFound: different.versionFound };
  return { kind: "all_match" };
}

/**
 * The first sign (by sled id) that support reinstalled software which the control plane has not yet
 * been told about; undefined when there is none. It does not depend on any version.
 */
export function findMupdateEvidence(sleds: readonly SledView[]): Extract<BlueprintStatus, { kind: "mupdate_pending" }> | undefined {
  // No version is "" (not a valid semver), so nothing matches and only the evidence is left to find.
  const status = classifyBlueprint(sleds, "");
  return status.kind === "mupdate_pending" ? status : undefined;
}
