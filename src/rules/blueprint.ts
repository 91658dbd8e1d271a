/**
 * The plain data the rules read: the planner's current blueprint as the mock's rack state document
 * describes it (domain.md §5.1). The mock's state is a superset of these shapes.
 */

/** A host phase 2 (OS) slot: the bits that were on the disk, or an artifact of a release. */
export type OsSlot =
  | { readonly type: "current_contents" }
  /** `version: null` is an artifact whose version the control plane cannot name. */
  | { readonly type: "artifact"; readonly version: string | null };

/** Where a zone's image comes from: the install dataset written at manufacturing or by a mupdate, or an artifact. */
export type ImageSource =
  | { readonly type: "install_dataset" }
  | { readonly type: "artifact"; readonly version: string | null };

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

function classifySled(sled: SledView, version: string): SledFinding {
  if (sled.remove_mupdate_override !== null) {
    return { kind: "mupdate", evidence: "remove_mupdate_override" };
  }
  let currentContents = 0;
  // A later slot's known version replaces an earlier one; unknown versions never replace (as upstream).
  let remembered: string | null = null;
  for (const slot of [sled.host_phase_2.slot_a, sled.host_phase_2.slot_b]) {
    if (slot.type === "current_contents") currentContents += 1;
    else if (slot.version === version) return { kind: "matches" };
    else if (slot.version !== null) remembered = slot.version;
  }
  if (currentContents === 2) return { kind: "mupdate", evidence: "boot_disk_contents" };
  return { kind: "different", versionFound: remembered };
}

/**
 * Classifies the blueprint against `version` (domain.md §2.2): mupdate evidence beats a different
 * version, which beats "all match". Sled findings come before zone findings, so the sled reported is
 * the first (by id) whose OS differs, and only then the first differing zone.
 */
export function classifyBlueprint(sleds: readonly SledView[], version: string): BlueprintStatus {
  const ordered = sledsInIdOrder(sleds);
  let mupdate: Extract<BlueprintStatus, { kind: "mupdate_pending" }> | undefined;
  let different: Extract<BlueprintStatus, { kind: "different_version" }> | undefined;

  for (const sled of ordered) {
    if (sled.state !== "active") continue;
    const finding = classifySled(sled, version);
    if (finding.kind === "mupdate") mupdate ??= { kind: "mupdate_pending", evidence: finding.evidence, sledId: sled.id };
    else if (finding.kind === "different") different ??= { kind: "different_version", sledId: sled.id, versionFound: finding.versionFound };
  }
  // Upstream walks every in-service zone of the blueprint, whatever the state of its sled.
  for (const sled of ordered) {
    for (const zone of [...sled.zones].sort(byId)) {
      if (zone.disposition !== "in_service") continue;
      const source = zone.image_source;
      if (source.type === "install_dataset") {
        mupdate ??= { kind: "mupdate_pending", evidence: "install_dataset_zone", sledId: sled.id };
      } else if (source.version !== version) {
        different ??= { kind: "different_version", sledId: sled.id, versionFound: source.version };
      }
    }
  }
  return mupdate ?? different ?? { kind: "all_match" };
}
