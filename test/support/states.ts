/**
 * State documents for mock tests, written as a test author would: only the fields that matter, the
 * mock fills in the rest (docs/design.md, "The rack state document").
 */

export const SLEDS = [
  "0c7011f7-a4bf-4daf-90cc-1c2410103300",
  "2707b587-9c7f-4fb0-a7af-37c3b7a9a0fa",
  "5f6720b8-8a31-45f8-8c94-8e699218f28b",
  "b82c2f7a-c45a-4d96-9b1b-1ec0b1f2a9c1",
] as const;

const ZONE_KINDS = ["nexus", "crucible", "internal_dns", "ntp"] as const;

type Source = { type: "install_dataset" } | { type: "artifact"; version: string | null };
type Slot = { type: "current_contents" } | { type: "artifact"; version: string | null };

export interface SledDoc {
  id: string;
  state?: "active" | "decommissioned";
  remove_mupdate_override?: string | null;
  mupdate_override?: string | null;
  install_dataset?: string | null;
  host_phase_2: { slot_a: Slot; slot_b: Slot };
  zones: { id: string; kind: string; disposition: "in_service" | "expunged"; image_source: Source }[];
}

export interface RackDoc {
  target_release: { generation: number; version: string | null; time_requested: string | null };
  target_release_minimum_generation: number;
  repositories: { system_version: string; file_name: string; hash: string; time_created: string }[];
  sleds: SledDoc[];
}

const art = (version: string | null) => ({ type: "artifact" as const, version });

export function hashOf(version: string): string {
  // A stable, distinct 64-hex digest per version (not a real archive hash: these repos are seeded).
  let h = 0x811c9dc5;
  for (const c of version) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}

export function repo(version: string) {
  return { system_version: version, file_name: `repo-${version}.zip`, hash: hashOf(version), time_created: "2026-08-01T12:00:00Z" };
}

/** Every sled's OS slots and every zone on `version`; nothing pending. */
export function allOn(version: string, options: { generation?: number; minimumGeneration?: number; uploaded?: string[] } = {}): RackDoc {
  const generation = options.generation ?? 2;
  return {
    target_release: { generation, version, time_requested: "2026-08-20T10:00:00Z" },
    target_release_minimum_generation: options.minimumGeneration ?? generation,
    repositories: (options.uploaded ?? [version]).map(repo),
    sleds: SLEDS.map((id, s) => ({
      id,
      install_dataset: version,
      host_phase_2: { slot_a: art(version), slot_b: art(version) },
      zones: ZONE_KINDS.map((kind, z) => ({
        id: `${s}${z}00000a-0000-4000-8000-00000000000${z}`,
        kind,
        disposition: "in_service" as const,
        image_source: art(version),
      })),
    })),
  };
}

export function editSled(doc: RackDoc, index: number, edit: (sled: SledDoc) => void): RackDoc {
  const copy = structuredClone(doc);
  edit(copy.sleds[index] as SledDoc);
  return copy;
}
