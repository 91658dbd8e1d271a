/**
 * The rack state document (docs/design.md, "The rack state document"): everything one mock rack is. It is what `GET /__mock/state`
 * returns, what `PUT /__mock/state` accepts and the format of every scenario.
 */
import type { ImageSource, OsSlot, RackView, SledView, ZoneView } from "../../../src/rules/index.js";

export type { ImageSource, OsSlot };

export interface HubrisComponents {
  sp: string | null;
  rot: string | null;
  rot_bootloader: string | null;
  host_phase_1: string | null;
}

export interface Zone extends ZoneView {
  readonly kind: string;
}

export interface Sled extends SledView {
  readonly serial: string;
  /** What the sled itself reports after a support mupdate (the inventory side). */
  readonly mupdate_override: string | null;
  /** Which release's images the install dataset holds. */
  readonly install_dataset: string | null;
  readonly zones: readonly Zone[];
  readonly components: HubrisComponents;
}

/** One artifact an uploaded repository recorded: what upstream's datastore compares across uploads. */
export interface StoredArtifact {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  /** sha256 of the artifact's bytes, 64 lowercase hex digits. */
  readonly hash: string;
  readonly length: number;
}

export interface Repository {
  readonly system_version: string;
  readonly file_name: string;
  /** sha256 of the archive, 64 lowercase hex digits. */
  readonly hash: string;
  readonly time_created: string;
  /** Marked by the pruner: hidden from list, view and target release; an identical upload brings it back. Absent: false. */
  readonly pruned?: boolean;
  /** The artifacts its upload recorded; absent when the mock never saw it uploaded (a seeded repository). */
  readonly artifacts?: readonly StoredArtifact[];
}

export interface TargetRelease {
  /** 1 means never set. */
  readonly generation: number;
  readonly version: string | null;
  readonly time_requested: string | null;
  /**
   * The release of generation - 1 (null when that row never named one). The status needs it to name
   * components still on the previous release; `setTargetRelease` keeps it current.
   */
  readonly previous_version: string | null;
  /**
   * Distinct releases named by rows older than generation - 1, newest first, not repeating the current or
   * previous release: the pruner keeps the most recent distinct target releases. Absent: none recorded.
   */
  readonly earlier_releases?: readonly string[];
}

/** Most earlier releases a document records: the pruner never keeps more than 255 distinct target releases (a u8). */
export const MAX_EARLIER_RELEASES = 255;

/**
 * The repository pruner's configuration (upstream's `tuf_repo_pruner` in the Nexus config, and
 * `tuf_repo_pruner_enabled` in the reconfigurator config). See docs/design.md, "Repository pruning".
 */
export interface PrunerConfig {
  readonly enabled: boolean;
  /** Target releases kept beyond the two always kept (current and previous). */
  readonly nkeep_extra_target_releases: number;
  /** Newest uploads kept beyond the one always kept. */
  readonly nkeep_extra_newly_uploaded: number;
}

/** Upstream's shipped values: enabled (reconfigurator default), one extra of each (`smf/nexus/multi-sled/config-partial.toml`). */
export const DEFAULT_PRUNER: PrunerConfig = { enabled: true, nkeep_extra_target_releases: 1, nkeep_extra_newly_uploaded: 1 };

/** The Hubris components of a switch or power shelf controller (no host OS). */
export interface BoardComponents {
  sp: string | null;
  rot: string | null;
  rot_bootloader: string | null;
}

/**
 * A service-processor board that is not a sled: a switch (Sidecar) or a power shelf controller. Status
 * counts its SP, RoT and RoT bootloader, and the planner updates them after the sleds' (docs/design.md,
 * "Switches and power shelves").
 */
export interface Board {
  readonly kind: "switch" | "power_shelf";
  readonly serial: string;
  readonly components: BoardComponents;
}

export interface RackFlags {
  /** What `contact_support` reads in the status (the mock does not simulate its causes). */
  readonly contact_support: boolean;
}

export interface RackState extends RackView<Repository> {
  readonly target_release: TargetRelease;
  readonly target_release_minimum_generation: number;
  readonly time_last_step_planned: string;
  readonly repositories: readonly Repository[];
  readonly sleds: readonly Sled[];
  readonly flags: RackFlags;
  /** Switches and power shelf controllers. Absent (documents from before boards): none. */
  readonly boards?: readonly Board[];
  /** Absent: `DEFAULT_PRUNER`. */
  readonly pruner?: PrunerConfig;
}

/** Deep-copies a state document; documents are plain JSON data. */
export function cloneState(state: RackState): RackState {
  return structuredClone(state) as RackState;
}
