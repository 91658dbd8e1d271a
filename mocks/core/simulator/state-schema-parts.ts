/**
 * The parts of the rack state document added after its first release (repository artifacts, switches and
 * power shelves, the pruner's configuration): each optional, so older documents read as before
 * (docs/design.md, "The rack state document").
 */
import { DEFAULT_PRUNER, type Board, type PrunerConfig, type StoredArtifact } from "./state.js";
import { Fields, InvalidField, readBoolean, readEnum, readHash, readString, readVersion } from "./schema-read.js";

function readLength(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new InvalidField(path, "must be an integer >= 0");
  return value;
}

export function parseArtifact(value: unknown, path: string): StoredArtifact {
  const fields = Fields.of(value, path, ["name", "version", "kind", "hash", "length"]);
  return {
    name: fields.required("name", readString, "a string"),
    version: fields.required("version", readString, "a string"),
    kind: fields.required("kind", readString, "a string"),
    hash: fields.required("hash", readHash, "64 hexadecimal digits"),
    length: fields.required("length", readLength, "an integer >= 0"),
  };
}

function readKeepCount(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 255)
    throw new InvalidField(path, "must be an integer from 0 to 255");
  return value;
}

export function parsePruner(value: unknown, path: string): PrunerConfig | undefined {
  if (value === undefined) return undefined;
  const fields = Fields.of(value, path, ["enabled", "nkeep_extra_target_releases", "nkeep_extra_newly_uploaded"]);
  return {
    enabled: fields.optional("enabled", readBoolean, DEFAULT_PRUNER.enabled),
    nkeep_extra_target_releases: fields.optional("nkeep_extra_target_releases", readKeepCount, DEFAULT_PRUNER.nkeep_extra_target_releases),
    nkeep_extra_newly_uploaded: fields.optional("nkeep_extra_newly_uploaded", readKeepCount, DEFAULT_PRUNER.nkeep_extra_newly_uploaded),
  };
}

/** A switch or power shelf controller; serials are unique among boards. */
export function parseBoard(value: unknown, path: string, serials: Map<string, string>): Board {
  const fields = Fields.of(value, path, ["kind", "serial", "components"]);
  const kind = fields.required("kind", (v, p) => readEnum(v, p, ["switch", "power_shelf"] as const), '"switch" or "power_shelf"');
  const serial = fields.required("serial", readString, "a string");
  const first = serials.get(serial);
  if (first !== undefined) throw new InvalidField(fields.at("serial"), `duplicates ${first} (${serial})`);
  serials.set(serial, fields.at("serial"));
  const raw = fields.raw("components");
  if (raw === undefined) return { kind, serial, components: { sp: null, rot: null, rot_bootloader: null } };
  const components = Fields.of(raw, fields.at("components"), ["sp", "rot", "rot_bootloader"]);
  return {
    kind,
    serial,
    components: {
      sp: components.optionalNullable("sp", readVersion),
      rot: components.optionalNullable("rot", readVersion),
      rot_bootloader: components.optionalNullable("rot_bootloader", readVersion),
    },
  };
}
