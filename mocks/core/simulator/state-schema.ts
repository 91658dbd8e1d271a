/**
 * Validation of the rack state document (docs/design.md, "The rack state document"): `PUT /__mock/state` and every scenario go
 * through `parseRackState`. It names the first bad field by path, fills the defaults of optional fields
 * and returns a fresh document whose keys are always in the same order, so a state written out twice
 * reads the same.
 *
 * Order of checks: fields are read depth-first in the order they are written out; within an object,
 * unknown keys are reported before its fields (a misspelt key is named as such, not as a missing field).
 * One exception: whether an OS slot or image source may have `version` depends on its `type`, so a
 * `version` on a `current_contents`/`install_dataset` tag is reported after the tag is read.
 */
import {
  MAX_EARLIER_RELEASES,
  type HubrisComponents,
  type ImageSource,
  type OsSlot,
  type RackFlags,
  type RackState,
  type Repository,
  type Sled,
  type TargetRelease,
  type Zone,
} from "./state.js";
import { parseArtifact, parseBoard, parsePruner } from "./state-schema-parts.js";
import {
  Fields,
  InvalidField,
  readBoolean,
  readArray,
  readEnum,
  readGeneration,
  readHash,
  readString,
  readTime,
  readUuid,
  readVersion,
} from "./schema-read.js";

export type RackStateParseResult = { readonly ok: true; readonly state: RackState } | { readonly ok: false; readonly message: string };

/**
 * Default of `time_last_step_planned` when omitted: the target release's request time when one is set
 * (the planner has run at least up to then, as far as anything observable goes), else the Unix epoch,
 * which reads as "never recorded".
 */
export const NEVER_PLANNED = "1970-01-01T00:00:00Z";

/** Uniqueness of ids across the whole document: the first path that used each value. */
type Seen = Map<string, string>;

function unique(seen: Seen, value: string, path: string): void {
  const first = seen.get(value);
  if (first !== undefined) throw new InvalidField(path, `duplicates ${first} (${value})`);
  seen.set(value, path);
}

function parseEarlierReleases(fields: Fields, current: readonly (string | null)[]): readonly string[] | undefined {
  const value = fields.raw("earlier_releases");
  if (value === undefined) return undefined;
  const path = fields.at("earlier_releases");
  const list = readArray(value, path);
  if (list.length > MAX_EARLIER_RELEASES) throw new InvalidField(path, `must list at most ${MAX_EARLIER_RELEASES} releases`);
  const seen = new Set(current.filter((version) => version !== null));
  return Array.from(list, (element, index) => {
    const version = readVersion(element, `${path}[${index}]`);
    if (seen.has(version)) throw new InvalidField(`${path}[${index}]`, "repeats a more recent release");
    seen.add(version);
    return version;
  });
}

function parseTargetRelease(value: unknown, path: string): TargetRelease {
  const fields = Fields.of(value, path, ["generation", "version", "time_requested", "previous_version", "earlier_releases"]);
  const generation = fields.required("generation", readGeneration, "an integer >= 1");
  const version = fields.nullable("version", readVersion, "a semver version");
  // Generation 1 is the row inserted at installation, which names no release; every later row names one.
  if (generation === 1 && version !== null) throw new InvalidField(fields.at("version"), "must be null when generation is 1 (never set)");
  if (generation > 1 && version === null)
    throw new InvalidField(fields.at("version"), "must be a version when generation is greater than 1");
  const time_requested = fields.nullable("time_requested", readTime, "an RFC 3339 date-time");
  if ((time_requested === null) !== (version === null)) {
    const problem = version === null ? "must be null when version is null" : "must be a date-time when version is set";
    throw new InvalidField(fields.at("time_requested"), problem);
  }
  const previous_version = fields.optionalNullable("previous_version", readVersion);
  if (previous_version !== null && generation < 3) {
    throw new InvalidField(fields.at("previous_version"), "must be null when generation is below 3 (generation 1 names no release)");
  }
  const earlier_releases = parseEarlierReleases(fields, [version, previous_version]);
  const release: TargetRelease = { generation, version, time_requested, previous_version };
  return earlier_releases === undefined || earlier_releases.length === 0 ? release : { ...release, earlier_releases };
}

function parseRepository(value: unknown, path: string, versions: Seen): Repository {
  const fields = Fields.of(value, path, ["system_version", "file_name", "hash", "time_created", "pruned", "artifacts"]);
  const system_version = fields.required("system_version", readVersion, "a semver version");
  unique(versions, system_version, fields.at("system_version"));
  // Any string, "" too: upstream accepts `file_name=` on upload, so a state the API made must read back.
  const file_name = fields.required("file_name", readString, "a string");
  const hash = fields.required("hash", readHash, "64 hexadecimal digits");
  const time_created = fields.required("time_created", readTime, "an RFC 3339 date-time");
  const repository: Repository = { system_version, file_name, hash, time_created };
  // Written out only when they say something: a document from before pruning and artifacts reads the same.
  const pruned = fields.optional("pruned", readBoolean, false);
  const artifacts = fields.raw("artifacts") === undefined ? undefined : fields.array("artifacts", parseArtifact);
  return { ...repository, ...(pruned ? { pruned } : {}), ...(artifacts === undefined ? {} : { artifacts }) };
}

/** The shape shared by OS slots and zone image sources: a tag plus, for artifacts, a version or null. */
function parseTagged<Tag extends string>(
  value: unknown,
  path: string,
  plain: Tag,
): { type: Tag } | { type: "artifact"; version: string | null } {
  // The tag decides which keys exist, so it is read before the unknown-key check.
  const tagOnly = Fields.of(value, path, ["type", "version"]);
  const type = tagOnly.required("type", (v, p) => readEnum(v, p, [plain, "artifact"] as const), `"${plain}" or "artifact"`);
  if (type !== "artifact") {
    Fields.of(value, path, ["type"]);
    return { type: plain };
  }
  return { type: "artifact", version: tagOnly.nullable("version", readVersion, "a semver version") };
}

const parseOsSlot = (value: unknown, path: string): OsSlot => parseTagged(value, path, "current_contents" as const);
const parseImageSource = (value: unknown, path: string): ImageSource => parseTagged(value, path, "install_dataset" as const);

function parseHostPhase2(value: unknown, path: string): Sled["host_phase_2"] {
  const slots = Fields.of(value, path, ["slot_a", "slot_b"]);
  return { slot_a: parseOsSlot(slots.raw("slot_a"), slots.at("slot_a")), slot_b: parseOsSlot(slots.raw("slot_b"), slots.at("slot_b")) };
}

function readZoneKind(value: unknown, path: string): string {
  const kind = readString(value, path);
  if (!/^[a-z][a-z0-9_]*$/.test(kind)) throw new InvalidField(path, 'must be a snake_case zone kind such as "nexus"');
  return kind;
}

function parseZone(value: unknown, path: string, zoneIds: Seen): Zone {
  const fields = Fields.of(value, path, ["id", "kind", "disposition", "image_source"]);
  const id = fields.required("id", readUuid, "a UUID");
  unique(zoneIds, id, fields.at("id"));
  const kind = fields.required("kind", readZoneKind, "a string");
  const disposition = fields.required("disposition", (v, p) => readEnum(v, p, ["in_service", "expunged"] as const), "a string");
  const image_source = parseImageSource(fields.raw("image_source"), fields.at("image_source"));
  return { id, kind, disposition, image_source };
}

function parseComponents(value: unknown, path: string): HubrisComponents {
  if (value === undefined) return { sp: null, rot: null, rot_bootloader: null, host_phase_1: null };
  const fields = Fields.of(value, path, ["sp", "rot", "rot_bootloader", "host_phase_1"]);
  return {
    sp: fields.optionalNullable("sp", readVersion),
    rot: fields.optionalNullable("rot", readVersion),
    rot_bootloader: fields.optionalNullable("rot_bootloader", readVersion),
    host_phase_1: fields.optionalNullable("host_phase_1", readVersion),
  };
}

const SLED_KEYS = [
  "id",
  "serial",
  "state",
  "mupdate_override",
  "remove_mupdate_override",
  "install_dataset",
  "host_phase_2",
  "zones",
  "components",
];

function parseSled(value: unknown, path: string, sledIds: Seen, zoneIds: Seen): Sled {
  const fields = Fields.of(value, path, SLED_KEYS);
  const id = fields.required("id", readUuid, "a UUID");
  unique(sledIds, id, fields.at("id"));
  // Read in output order, so the first bad field in the written-out document is the one named.
  return {
    id,
    serial: fields.optional("serial", readString, ""),
    state: fields.optional("state", (v, p) => readEnum(v, p, ["active", "decommissioned"] as const), "active"),
    mupdate_override: fields.optionalNullable("mupdate_override", readUuid),
    remove_mupdate_override: fields.optionalNullable("remove_mupdate_override", readUuid),
    install_dataset: fields.optionalNullable("install_dataset", readVersion),
    host_phase_2: parseHostPhase2(fields.raw("host_phase_2"), fields.at("host_phase_2")),
    zones: fields.array("zones", (zone, zonePath) => parseZone(zone, zonePath, zoneIds)),
    components: parseComponents(fields.raw("components"), fields.at("components")),
  };
}

function parseFlags(value: unknown, path: string): RackFlags {
  if (value === undefined) return { contact_support: false };
  return { contact_support: Fields.of(value, path, ["contact_support"]).optional("contact_support", readBoolean, false) };
}

const ROOT_KEYS = [
  "target_release",
  "target_release_minimum_generation",
  "time_last_step_planned",
  "repositories",
  "sleds",
  "flags",
  "boards",
  "pruner",
];

function parseOrThrow(input: unknown): RackState {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new InvalidField("the document", "must be a JSON object");
  const root = Fields.of(input, "", ROOT_KEYS);
  const target_release = parseTargetRelease(root.raw("target_release"), "target_release");
  const target_release_minimum_generation = root.required("target_release_minimum_generation", readGeneration, "an integer >= 1");
  const time_last_step_planned = root.optional("time_last_step_planned", readTime, target_release.time_requested ?? NEVER_PLANNED);
  const versions: Seen = new Map();
  const repositories = root.array("repositories", (repository, path) => parseRepository(repository, path, versions));
  const sledIds: Seen = new Map();
  const zoneIds: Seen = new Map();
  const sleds = root.array("sleds", (sled, path) => parseSled(sled, path, sledIds, zoneIds));
  const serials: Seen = new Map();
  const flags = parseFlags(root.raw("flags"), "flags");
  const state: RackState = { target_release, target_release_minimum_generation, time_last_step_planned, repositories, sleds, flags };
  const boards = root.raw("boards") === undefined ? undefined : root.array("boards", (board, path) => parseBoard(board, path, serials));
  const pruner = parsePruner(root.raw("pruner"), "pruner");
  return { ...state, ...(boards === undefined ? {} : { boards }), ...(pruner === undefined ? {} : { pruner }) };
}

/** Validates a rack state document (docs/design.md, "The rack state document") and fills its defaults. Never throws. */
export function parseRackState(input: unknown): RackStateParseResult {
  try {
    return { ok: true, state: parseOrThrow(input) };
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, message: `invalid rack state: ${error.message}` };
    // Anything else is a bug here, but callers are promised a result; keep the cause readable.
    return { ok: false, message: `invalid rack state: ${error instanceof Error ? error.message : String(error)}` };
  }
}
