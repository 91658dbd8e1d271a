/** `GET /v1/system/update/status` computed from the rack state (docs/design.md, "Status"). */
import type { Schemas } from "../../../generated/index.js";
import { isSuspended } from "../../../src/rules/index.js";
import { BOARD_ORDER } from "./boards.js";
import { HUBRIS_ORDER } from "./planner.js";
import type { OsSlot, RackState, Sled } from "./state.js";

/** The status as the newest API version has it (the spec's type). */
export type UpdateStatus = Schemas["UpdateStatus"];
/** The status before `contact_support` was added (2026052000.0.0). */
export type UpdateStatusBeforeContactSupport = Schemas<"2026021301.0.0">["UpdateStatus"];

export interface StatusOptions {
  /** Whether the caller's API version has `contact_support`. */
  readonly contactSupportField: boolean;
}

export const INSTALL_DATASET_LABEL = "install dataset";
export const UNKNOWN_LABEL = "unknown";

/**
 * The OS's version as status sees it. Upstream reads the slot the sled booted from; the mock does not
 * model the boot slot, so it takes the most recent release an artifact slot holds (the target, then the
 * previous one, then any other, which is unknown anyway). Only an OS with no artifact slot is counted by
 * what the install dataset holds.
 */
function osVersion(sled: Sled, target: string | null, previous: string | null): string | null {
  const artifacts = [sled.host_phase_2.slot_a, sled.host_phase_2.slot_b].filter(
    (slot): slot is Extract<OsSlot, { type: "artifact" }> => slot.type === "artifact",
  );
  if (artifacts.length === 0) return sled.install_dataset;
  for (const wanted of [target, previous]) {
    if (wanted !== null && artifacts.some((slot) => slot.version === wanted)) return wanted;
  }
  return artifacts[artifacts.length - 1]?.version ?? null;
}

/**
 * Counts components per label over active sleds (each in-service zone, the OS, each Hubris component
 * present) and over switches and power shelves (upstream's `component_version_counts`).
 */
export function countComponents(state: RackState): Record<string, number> {
  const target = state.target_release.version;
  const previous = state.target_release.previous_version;
  const counts = new Map<string, number>();
  // Upstream can only name versions found in the current and previous target release's repositories.
  const label = (version: string | null): string =>
    version !== null && (version === target || version === previous) ? version : UNKNOWN_LABEL;
  const add = (key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };

  for (const sled of state.sleds) {
    if (sled.state !== "active") continue;
    for (const zone of sled.zones) {
      if (zone.disposition !== "in_service") continue;
      add(zone.image_source.type === "install_dataset" ? INSTALL_DATASET_LABEL : label(zone.image_source.version));
    }
    add(label(osVersion(sled, target, previous)));
    for (const key of HUBRIS_ORDER) {
      const version = sled.components[key];
      if (version !== null) add(label(version));
    }
  }
  // Every switch and power shelf controller: SP, RoT and RoT bootloader, an unknown caboose counted as such.
  for (const board of state.boards ?? []) {
    for (const key of BOARD_ORDER) add(label(board.components[key]));
  }
  // Upstream serialises a BTreeMap: keys in byte order.
  const sorted: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) sorted[key] = counts.get(key) ?? 0;
  return sorted;
}

/** The status body in upstream's key order; `contact_support` only at API versions that have it. */
export function computeStatus(state: RackState, options: StatusOptions): UpdateStatus | UpdateStatusBeforeContactSupport {
  const { version, time_requested } = state.target_release;
  const body: UpdateStatusBeforeContactSupport = {
    target_release: version === null || time_requested === null ? null : { time_requested, version },
    components_by_release_version: countComponents(state),
    time_last_step_planned: state.time_last_step_planned,
    suspended: isSuspended(state),
  };
  return options.contactSupportField ? { ...body, contact_support: state.flags.contact_support } : body;
}
