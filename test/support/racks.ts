/** Small, explicit rack builders for rule tests (the mock's scenarios are tested separately). */
import type { ImageSource, OsSlot, RackView, SledView, ZoneView } from "../../src/rules/index.js";

export const SLED_IDS = [
  "0c7011f7-a4bf-4daf-90cc-1c2410103300",
  "2707b587-9c7f-4fb0-a7af-37c3b7a9a0fa",
  "5f6720b8-8a31-45f8-8c94-8e699218f28b",
  "b82c2f7a-c45a-4d96-9b1b-1ec0b1f2a9c1",
] as const;

export const artifact = (version: string | null): OsSlot & ImageSource => ({ type: "artifact", version });

export function zone(sledIndex: number, zoneIndex: number, image_source: ImageSource): ZoneView {
  return {
    id: `${sledIndex}${zoneIndex}000000-0000-4000-8000-00000000000${zoneIndex}`,
    disposition: "in_service",
    image_source,
  };
}

/** A sled whose OS slots and zones are all on `version`. */
export function sledOn(sledIndex: number, version: string, zoneCount = 3): SledView {
  return {
    id: SLED_IDS[sledIndex] ?? `${sledIndex}`,
    state: "active",
    remove_mupdate_override: null,
    host_phase_2: { slot_a: artifact(version), slot_b: artifact(version) },
    zones: Array.from({ length: zoneCount }, (_, z) => zone(sledIndex, z, artifact(version))),
  };
}

export interface RackOptions {
  readonly current: string | null;
  readonly generation?: number;
  readonly minimumGeneration?: number;
  readonly repositories?: readonly string[];
  readonly sleds?: readonly SledView[];
}

/** "All on current": every sled's OS and zones on the current release, nothing pending. */
export function rackOn(options: RackOptions): RackView {
  const generation = options.generation ?? (options.current === null ? 1 : 2);
  const version = options.current ?? "1.0.0";
  return {
    target_release: { generation, version: options.current },
    target_release_minimum_generation: options.minimumGeneration ?? generation,
    repositories: (options.repositories ?? []).map((system_version) => ({ system_version })),
    sleds: options.sleds ?? SLED_IDS.map((_, index) => sledOn(index, version)),
  };
}

/** Replaces sled `index` of a rack with `change(sled)`. */
export function withSled(rack: RackView, index: number, change: (sled: SledView) => SledView): RackView {
  return { ...rack, sleds: rack.sleds.map((sled, i) => (i === index ? change(sled) : sled)) };
}

/** Replaces the image source of zone `zoneIndex` on sled `sledIndex`. */
export function withZone(rack: RackView, sledIndex: number, zoneIndex: number, image_source: ImageSource): RackView {
  return withSled(rack, sledIndex, (sled) => ({
    ...sled,
    zones: sled.zones.map((z, i) => (i === zoneIndex ? { ...z, image_source } : z)),
  }));
}
