/**
 * The hardware and releases every built-in scenario shares: five sleds with a realistic zone mix, three
 * releases with their repositories, and deterministic stand-ins for uuids, hashes and the clock, so a
 * scenario is the same document on every build.
 */
import { seedOf, seededWords } from "../protocol/random.js";
import type { Board, RackState, Repository, Sled, Zone } from "./state.js";

/** The factory release, the next one, and the one after (the status examples upstream documents use the first two). */
export const RELEASE_19 = "19.0.0-0.ci+git44ac79d168b";
export const RELEASE_20 = "20.0.0-0.local+git553e6c0886a";
export const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";

/** Stable pseudo-random hex digits from a seed (browsers too): the same seed, the same digits. */
function hexDigits(seed: string, count: number): string {
  const words = seededWords(seedOf(seed));
  let out = "";
  while (out.length < count) out += words().toString(16).padStart(8, "0");
  return out.slice(0, count);
}

/** A version-4-shaped lowercase uuid derived from `seed`. */
export function fixedUuid(seed: string): string {
  const hex = hexDigits(seed, 32);
  const variant = "89ab"[parseInt(hex.charAt(16), 16) % 4] ?? "8";
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A uuid generator for mupdate overrides: a new id per call, the same sequence for the same name. */
export function uuidSequence(name: string): () => string {
  let next = 0;
  return () => fixedUuid(`${name}/${next++}`);
}

/** A clock that starts at `start` and moves `stepMs` on every reading (the planner reads it once a step). */
export function clock(start: string, stepMs = 41_377): () => Date {
  let time = Date.parse(start);
  return () => {
    const now = new Date(time);
    time += stepMs;
    return now;
  };
}

function repository(system_version: string, time_created: string): Repository {
  return { system_version, file_name: `repo-${system_version}.zip`, hash: hexDigits(`repo/${system_version}`, 64), time_created };
}

export const REPOSITORY_19 = repository(RELEASE_19, "2026-08-20T16:48:12.903Z");
export const REPOSITORY_20 = repository(RELEASE_20, "2026-08-20T16:51:40.227Z");
export const REPOSITORY_21 = repository(RELEASE_21, "2026-09-08T14:05:31.614Z");

/** Three Nexus, five CockroachDB and two boundary NTP zones across five sleds, as on a small rack. */
const LAYOUT: readonly { readonly serial: string; readonly zones: readonly string[] }[] = [
  { serial: "BRM42220001", zones: ["nexus", "crucible", "crucible", "internal_dns", "boundary_ntp", "cockroach_db", "clickhouse"] },
  {
    serial: "BRM42220002",
    zones: ["nexus", "crucible", "crucible", "internal_dns", "external_dns", "boundary_ntp", "cockroach_db", "crucible_pantry"],
  },
  {
    serial: "BRM42220003",
    zones: ["nexus", "crucible", "crucible", "internal_dns", "external_dns", "internal_ntp", "cockroach_db", "oximeter"],
  },
  { serial: "BRM42220004", zones: ["crucible", "crucible", "internal_ntp", "cockroach_db", "crucible_pantry"] },
  { serial: "BRM42220005", zones: ["crucible", "crucible", "internal_ntp", "cockroach_db"] },
];

/** Sled ids by serial, for scenarios and tests that pick one sled. */
export const SLED_ID: Readonly<Record<string, string>> = Object.fromEntries(
  LAYOUT.map(({ serial }) => [serial, fixedUuid(`sled/${serial}`)]),
);

function blankSled(serial: string, kinds: readonly string[]): Sled {
  const zones = kinds.map((kind, n): Zone => ({
    id: fixedUuid(`zone/${serial}/${kind}/${n}`),
    kind,
    disposition: "in_service",
    image_source: { type: "install_dataset" },
  }));
  return {
    id: SLED_ID[serial] ?? fixedUuid(`sled/${serial}`),
    serial,
    state: "active",
    mupdate_override: null,
    remove_mupdate_override: null,
    install_dataset: null,
    host_phase_2: { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } },
    zones,
    components: { sp: null, rot: null, rot_bootloader: null, host_phase_1: null },
  };
}

/** A rack's two switches (Sidecars) and two power shelf controllers, nothing installed yet. */
const BOARDS: readonly Board[] = [
  { kind: "switch", serial: "BRM44220001" },
  { kind: "switch", serial: "BRM44220002" },
  { kind: "power_shelf", serial: "BRM45220001" },
  { kind: "power_shelf", serial: "BRM45220002" },
].map(({ kind, serial }) => ({ kind: kind as Board["kind"], serial, components: { sp: null, rot: null, rot_bootloader: null } }));

/**
 * The rack as it leaves assembly, before manufacturing installs software: zones set up to run from the
 * install dataset, nothing installed yet, no target release, the first two releases uploaded.
 */
export function assembledRack(): RackState {
  return {
    target_release: { generation: 1, version: null, time_requested: null, previous_version: null },
    target_release_minimum_generation: 1,
    time_last_step_planned: "2026-08-20T16:40:00.000Z",
    repositories: [REPOSITORY_19, REPOSITORY_20],
    sleds: LAYOUT.map(({ serial, zones }) => blankSled(serial, zones)),
    flags: { contact_support: false },
    boards: BOARDS,
  };
}
