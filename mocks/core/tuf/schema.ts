/**
 * tough's metadata schema (`tough/src/schema/mod.rs`, `key.rs`, `de.rs`) read with serde's rules over a
 * parsed JSON value (see `../serde/value-de.ts`), so a malformed document is refused with serde's words.
 * `_type` is not checked on reading (tough's `extra_skip_type` drops it); it is what signing re-adds.
 * `expires` must be an RFC 3339 text (chrono's own parse messages are not reproduced: one text for all).
 */
import { canonicalize } from "@tufjs/canonical-json";
import {
  expectBool,
  expectMap,
  expectNonZeroU64,
  expectSeq,
  expectString,
  expectU64,
  expectVariant,
  readStruct,
  unknownVariant,
  ValueError,
} from "../serde/value-de.js";
import { decodeHex, decodePublicKey, toHex, type KeyType, type TufKey } from "./keys.js";
import { nextTask, sliceDeadline } from "../protocol/slices.js";
import { sha256Hex } from "./sha256.js";

export type RoleType = "root" | "snapshot" | "targets" | "timestamp";
const ROLE_TYPES = ["root", "snapshot", "targets", "timestamp", "delegated-targets"] as const;
const KEY_TYPES: readonly KeyType[] = ["rsa", "ed25519", "ecdsa", "ecdsa-sha2-nistp256"];
const SCHEMES: Readonly<Record<KeyType, string>> = {
  rsa: "rsassa-pss-sha256",
  ed25519: "ed25519",
  ecdsa: "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp256": "ecdsa-sha2-nistp256",
};

export interface Signature {
  /** Key ids compare by their decoded bytes, as `Decoded<Hex>` does: kept as lowercase hex. */
  readonly keyid: string;
  readonly sig: Uint8Array;
}
export interface Signed<T> {
  readonly signed: T;
  readonly signatures: readonly Signature[];
  /** The `signed` document as sent: what its signatures cover, once canonical. */
  readonly signedValue: unknown;
}
export interface RoleKeys {
  readonly keyids: readonly string[];
  readonly threshold: number;
}
export interface Root {
  readonly version: number;
  readonly consistentSnapshot: boolean;
  readonly keys: ReadonlyMap<string, TufKey>;
  readonly roles: ReadonlyMap<string, RoleKeys>;
}
export interface FileMeta {
  readonly length: number | undefined;
  readonly sha256: string | undefined;
  readonly version: number;
}
export interface Timestamped {
  readonly version: number;
  readonly meta: ReadonlyMap<string, FileMeta>;
}
export interface TargetMeta {
  readonly length: number;
  readonly sha256: string;
}
export interface Targets {
  readonly version: number;
  readonly targets: ReadonlyMap<string, TargetMeta>;
}

/** `Decoded<Hex>`, kept as lowercase hex; the common case (already lowercase) skips the decoding. */
const hex = (value: unknown): string => {
  const text = expectString(value);
  return /^(?:[0-9a-f]{2})*$/.test(text) ? text : toHex(decodeHex(text));
};
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const expires = (value: unknown): string => {
  const text = expectString(value, "an RFC 3339 formatted date and time string");
  if (!RFC3339.test(text)) throw new ValueError("input contains invalid characters");
  return text;
};
const common = { spec_version: (v: unknown) => expectString(v), version: expectNonZeroU64, expires };

function readSignature(value: unknown): Signature {
  const read = readStruct(value, "Signature", { keyid: hex, sig: (v) => decodeHex(expectString(v)) });
  return { keyid: read.keyid, sig: read.sig };
}

/** `Key`, internally tagged by `keytype`: the tag first, then the variant's struct. */
function readKey(value: unknown): TufKey {
  const entries = new Map(expectMap(value, "internally tagged enum Key"));
  if (!entries.has("keytype")) throw new ValueError("missing field `keytype`");
  const keytype = expectVariant(entries.get("keytype"), KEY_TYPES, "variant identifier");
  const read = readStruct(value, keytype, {
    keyval: (v) => readStruct(v, "Key", { public: (p) => decodePublicKey(keytype, expectString(p)) }).public,
    scheme: (v) => expectVariant(v, [SCHEMES[keytype]], "variant identifier"),
  });
  return read.keyval;
}

/** tough's `deserialize_keys`: each key id must be the sha256 of the key's canonical JSON. */
function readKeys(value: unknown, keyIds: ReadonlyMap<unknown, string>): Map<string, TufKey> {
  const keys = new Map<string, TufKey>();
  for (const [keyid, keyValue] of expectMap(value, "a map")) {
    const id = toHex(decodeHex(keyid));
    const key = readKey(keyValue);
    const calculated = keyIds.get(keyValue) ?? "";
    if (id !== calculated) throw new ValueError(`Invalid key ID ${id}: calculated ${calculated}`);
    if (keys.has(id)) throw new ValueError(`Duplicate key ID: ${id}`);
    keys.set(id, key);
  }
  return keys;
}

function readRoles(value: unknown): Map<string, RoleKeys> {
  const roles = new Map<string, RoleKeys>();
  for (const [name, keysValue] of expectMap(value, "a map")) {
    if (!ROLE_TYPES.some((role) => role === name)) throw unknownVariant(name, ROLE_TYPES);
    const read = readStruct(keysValue, "RoleKeys", {
      keyids: (v) => expectSeq(v, "a sequence").map(hex),
      threshold: expectNonZeroU64,
    });
    roles.set(name, read);
  }
  return roles;
}

/** The sha256 of each key document's canonical JSON, worked out before the (synchronous) schema read. */
async function keyIdsOf(document: unknown): Promise<Map<unknown, string>> {
  const ids = new Map<unknown, string>();
  const signed = isRecord(document) ? document["signed"] : undefined;
  const keys = isRecord(signed) ? signed["keys"] : undefined;
  if (!isRecord(keys)) return ids;
  for (const key of Object.values(keys)) {
    if (!isRecord(key)) continue;
    try {
      ids.set(key, await sha256Hex(new TextEncoder().encode(canonicalize(key))));
    } catch {
      // Not canonical JSON (a float): the key id cannot match, as in tough where the key fails to serialize.
    }
  }
  return ids;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function readSigned<T>(document: unknown, role: (signed: unknown) => T): Signed<T> {
  const read = readStruct(document, "Signed", {
    signed: (v) => ({ value: v, role: role(v) }),
    signatures: (v) => expectSeq(v, "a sequence").map(readSignature),
  });
  return { signed: read.signed.role, signatures: read.signatures, signedValue: read.signed.value };
}

/** `Signed<Root>`. Throws `ValueError` with serde's message. */
export async function readSignedRoot(document: unknown): Promise<Signed<Root>> {
  const keyIds = await keyIdsOf(document);
  return readSigned(document, (signed) => {
    const read = readStruct(signed, "Root", {
      ...common,
      consistent_snapshot: expectBool,
      keys: (v) => readKeys(v, keyIds),
      roles: readRoles,
    });
    return { version: read.version, consistentSnapshot: read.consistent_snapshot, keys: read.keys, roles: read.roles };
  });
}

function readMetafile(value: unknown): FileMeta {
  const read = readStruct(
    value,
    "Metafile",
    {
      length: (v) => (v === null ? undefined : expectU64(v)),
      hashes: (v) => (v === null ? undefined : readStruct(v, "Hashes", { sha256: hex }).sha256),
      version: expectNonZeroU64,
    },
    ["length", "hashes"],
  );
  return { length: read.length, sha256: read.hashes, version: read.version };
}

/** `Signed<Timestamp>` and `Signed<Snapshot>`: a version and a `meta` map of files. */
export function readSignedMeta(document: unknown, name: "Timestamp" | "Snapshot"): Signed<Timestamped> {
  return readSigned(document, (signed) => {
    const read = readStruct(signed, name, { ...common, meta: (v) => new Map(expectMap(v, "a map").map(([k, m]) => [k, readMetafile(m)])) });
    return { version: read.version, meta: read.meta };
  });
}

const readTarget = (value: unknown): TargetMeta => {
  const read = readStruct(value, "Target", { length: expectU64, hashes: (h) => readStruct(h, "Hashes", { sha256: hex }).sha256 });
  return { length: read.length, sha256: read.hashes };
};

/**
 * `Signed<Targets>`: each target's length and sha256 (delegations are not read: tufaceous uses none).
 * The targets map is read after the other fields, in time slices (it may hold tens of thousands of
 * entries); so when both it and a later field are wrong, the later field is the one reported.
 */
export async function readSignedTargets(document: unknown): Promise<Signed<Targets>> {
  const read = readSigned(document, (signed) => readStruct(signed, "Targets", { ...common, targets: (v) => expectMap(v, "a map") }));
  const targets = new Map<string, TargetMeta>();
  let sliceOver = sliceDeadline();
  for (const [name, target] of read.signed.targets) {
    if (sliceOver()) {
      await nextTask();
      sliceOver = sliceDeadline();
    }
    targets.set(name, readTarget(target));
  }
  return { signed: { version: read.signed.version, targets }, signatures: read.signatures, signedValue: read.signedValue };
}
