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

export interface Repository {
  readonly system_version: string;
  readonly file_name: string;
  /** sha256 of the archive, 64 lowercase hex digits. */
  readonly hash: string;
  readonly time_created: string;
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
}

/** Deep-copies a state document; documents are plain JSON data. */
export function cloneState(state: RackState): RackState {
  return structuredClone(state) as RackState;
}
