/**
 * Rack state documents of any size for the benchmarks: every sled with a realistic zone mix (about six
 * zones a sled, three Nexus in the rack), Hubris components and both OS slots on one release, nothing
 * pending. Deterministic ids, so every run measures the same document.
 */

/** The release every component runs, and the one uploaded next to it. */
export const CURRENT = "20.0.0-0.local+git553e6c0886a";
export const UPLOADED_NEXT = "21.0.0-0.ci+git8f3e2d1c0ba";
/** A release that passes every rule (one major up, nothing pending) but was never uploaded. */
export const NOT_UPLOADED = "21.0.1-0.ci+git0000000000a";

/**
 * The HTTP benchmarks' request: PUT target-release to NOT_UPLOADED passes every rule on these racks and is
 * refused at the last step, the repository lookup (404), so the state never changes.
 */
export const BENCH_PUT = {
  method: "PUT",
  path: "/v1/system/update/target-release",
  headers: { "content-type": "application/json", "api-version": "2026081901.0.0" },
  body: JSON.stringify({ system_version: NOT_UPLOADED }),
} as const;

const KINDS = [
  ["crucible", "crucible", "internal_ntp", "cockroach_db", "crucible_pantry", "oximeter"],
  ["crucible", "crucible", "internal_dns", "external_dns", "boundary_ntp", "clickhouse", "cockroach_db"],
  ["crucible", "crucible", "internal_ntp", "cockroach_db"],
] as const;

const uuid = (kind: number, a: number, b = 0) =>
  `${kind.toString(16).padStart(8, "0")}-${a.toString(16).padStart(4, "0")}-4${b.toString(16).padStart(3, "0")}-8000-${(a * 4096 + b).toString(16).padStart(12, "0")}`;

export function rackDocument(sleds: number): unknown {
  const artifact = { type: "artifact", version: CURRENT };
  return {
    target_release: {
      generation: 3,
      version: CURRENT,
      time_requested: "2026-08-21T09:15:02.551Z",
      previous_version: "19.0.0-0.ci+git44ac79d168b",
    },
    target_release_minimum_generation: 3,
    time_last_step_planned: "2026-08-21T09:16:40.310Z",
    repositories: [CURRENT, UPLOADED_NEXT].map((system_version, i) => ({
      system_version,
      file_name: `repo-${system_version}.zip`,
      hash: String(i + 1).repeat(64),
      time_created: "2026-08-20T16:51:40.227Z",
    })),
    sleds: Array.from({ length: sleds }, (_, s) => {
      const kinds: readonly string[] = [...(s < 3 ? ["nexus"] : []), ...(KINDS[s % KINDS.length] ?? [])];
      return {
        id: uuid(1, s),
        serial: `BRM4222${String(s).padStart(4, "0")}`,
        state: "active",
        mupdate_override: null,
        remove_mupdate_override: null,
        install_dataset: CURRENT,
        host_phase_2: { slot_a: artifact, slot_b: artifact },
        zones: kinds.map((kind, z) => ({ id: uuid(2, s, z), kind, disposition: "in_service", image_source: artifact })),
        components: { sp: CURRENT, rot: CURRENT, rot_bootloader: CURRENT, host_phase_1: CURRENT },
      };
    }),
    flags: { contact_support: false },
  };
}
