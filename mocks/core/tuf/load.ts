/**
 * Loading an uploaded repository's TUF metadata as tufaceous's `RepositoryLoader::load` does over tough
 * (`tufaceous/lib/src/loader.rs`, `tough/src/lib.rs` `load_root`/`load_timestamp`/`load_snapshot`/
 * `load_targets`): for each trusted root in turn, the root chain through `N.root.json`, then timestamp,
 * snapshot and targets, each checked against the final root's keys and thresholds, the snapshot and
 * targets files against their recorded length and sha256. Expiration is not enforced (RFD 721). A
 * failed signature check moves on to the next root; the last one's error is the answer; any other
 * failure ends the load. Messages and the 400/503 split are upstream's (docs/design.md, "TUF verification").
 */
import { parseJsonBytes } from "../../../src/shared/json.js";
import { limitMessage, type MockLimits } from "../protocol/limits.js";
import { deserializeAsync } from "../serde/value-de.js";
import { errorChain } from "./errors.js";
import { readSignedMeta, readSignedRoot, readSignedTargets, type Root, type Signed, type TargetMeta } from "./schema.js";
import { sha256Hex } from "./sha256.js";
import { verifyRole } from "./verify-role.js";
import type { ZipEntry } from "./zip-read.js";

/** tough's default `Limits`, which tufaceous keeps: they also bound the work of parsing and canonicalizing. */
const MAX_ROOT_UPDATES = 1024;
const MAX_ROOT_SIZE = 1_048_576;
const MAX_TIMESTAMP_SIZE = 1_048_576;
const MAX_SNAPSHOT_SIZE = 1_048_576;
const MAX_TARGETS_SIZE = 10 * 1_048_576;
export const METADATA_URL = "zip:///repo/metadata/";
export const TARGETS_URL = "zip:///repo/targets/";

export type LoadFailure = { readonly ok: false; readonly status: 400 | 503; readonly message: string };
export interface LoadedRepository {
  readonly ok: true;
  readonly targets: ReadonlyMap<string, TargetMeta>;
  readonly consistentSnapshot: boolean;
}
export type LoadResult = LoadedRepository | LoadFailure;

/** Why one root did not load: `verify` failures let the next trusted root try. */
export class LoadError extends Error {
  constructor(
    readonly status: 400 | 503,
    message: string,
    readonly verify = false,
  ) {
    super(message);
  }
}

export type MetadataLimits = Pick<MockLimits, "maxMetadataBytes">;

/** The archive's files by normalized path; null marks a path present more than once. */
export type ArchiveFiles = ReadonlyMap<string, ZipEntry | null>;

/** A transport failure as tufaceous words it (`ErrorKind::Fetch`: the TransportError and its cause). */
export function transportError(kind: "file not found" | "other", url: string, cause: string, status: 400 | 503): LoadError {
  return new LoadError(status, errorChain(`Transport '${kind}' error fetching '${url}': ${cause}`, cause));
}

/** A file of the archive as the zip transport fetches it; undefined when absent. */
export async function fetchFile(files: ArchiveFiles, path: string, url: string): Promise<Uint8Array | undefined> {
  const entry = files.get(path);
  if (entry === undefined) return undefined;
  if (entry === null) throw transportError("other", url, "multiple entries found for file", 400);
  const read = await entry.read();
  if (!read.ok) throw new LoadError(400, errorChain(read.message, read.cause));
  return read.data;
}

/** tough's `fetch_sha256`: at most `length` bytes, then the digest. Both failures are transport errors (503). */
export async function checkFile(data: Uint8Array, url: string, length: number | undefined, sha256: string | undefined, specifier: string) {
  if (length !== undefined && data.byteLength > length)
    throw transportError("other", url, `Maximum size ${length} (specified by ${specifier}) exceeded`, 503);
  if (sha256 === undefined) return;
  const calculated = await sha256Hex(data);
  if (calculated !== sha256)
    throw transportError("other", url, `Hash mismatch for ${url}: calculated ${calculated}, expected ${sha256}`, 503);
}

interface Expected {
  readonly length: number | undefined;
  readonly sha256: string | undefined;
  readonly specifier: string;
}

/** A metadata file: fetched (checked against `expected` while read, as tough's stream does), then parsed. */
async function readMetadata<T>(
  files: ArchiveFiles,
  limits: MetadataLimits,
  name: string,
  role: string,
  read: (document: unknown) => T | Promise<T>,
  expected: Expected,
) {
  const url = METADATA_URL + name;
  const data = await fetchFile(files, `repo/metadata/${name}`, url);
  if (data === undefined) {
    if (role !== "root") throw transportError("file not found", url, "file not found", 400);
    return undefined;
  }
  await checkFile(data, url, expected.length, expected.sha256, expected.specifier);
  if (data.byteLength > limits.maxMetadataBytes) {
    throw new LoadError(400, limitMessage(limits, "maxMetadataBytes", `the repository's ${name} is ${data.byteLength} bytes`));
  }
  const parsed = parseJsonBytes(data);
  const document = parsed.ok ? await deserializeAsync(() => read(parsed.value)) : parsed;
  if (!document.ok) throw new LoadError(400, errorChain(`Failed to parse ${role} metadata: ${document.message}`, document.message));
  return document.value;
}

async function verified(root: Root, role: "root" | "timestamp" | "snapshot" | "targets", document: Signed<unknown>, trusted = false) {
  const failed = await verifyRole(root, role, document);
  if (failed === undefined) return;
  const message = trusted ? `Failed to verify trusted root metadata: ${failed}` : `Failed to verify ${role} metadata: ${failed}`;
  throw new LoadError(400, errorChain(message, failed), true);
}

async function loadWith(files: ArchiveFiles, trustRoot: unknown, limits: MetadataLimits): Promise<LoadResult> {
  const metadata = <T>(name: string, role: string, read: (document: unknown) => T | Promise<T>, expected: Expected) =>
    readMetadata(files, limits, name, role, read, expected);
  const trusted = await deserializeAsync(() => readSignedRoot(trustRoot));
  if (!trusted.ok) throw new LoadError(400, errorChain(`Failed to parse trusted root metadata: ${trusted.message}`, trusted.message));
  let root = trusted.value;
  await verified(root.signed, "root", root, true);
  const original = root.signed.version;
  for (;;) {
    if (root.signed.version >= original + MAX_ROOT_UPDATES) throw new LoadError(400, `Maximum root updates ${MAX_ROOT_UPDATES} exceeded`);
    const next = await metadata(`${root.signed.version + 1}.root.json`, "root", readSignedRoot, {
      length: MAX_ROOT_SIZE,
      sha256: undefined,
      specifier: "max_root_size argument",
    });
    if (next === undefined) break;
    await verified(root.signed, "root", next);
    await verified(next.signed, "root", next);
    if (next.signed.version < root.signed.version) {
      const message = `Found version ${next.signed.version} of root metadata when we had previously fetched version ${root.signed.version}`;
      throw new LoadError(400, message);
    }
    if (next.signed.version === root.signed.version) break;
    root = next;
  }
  const keys = root.signed;
  const timestamp = await metadata("timestamp.json", "timestamp", (d) => readSignedMeta(d, "Timestamp"), {
    length: MAX_TIMESTAMP_SIZE,
    sha256: undefined,
    specifier: "max_timestamp_size argument",
  });
  if (timestamp === undefined) throw new Error("unreachable: only roots may be absent");
  await verified(keys, "timestamp", timestamp);
  const snapshotMeta = timestamp.signed.meta.get("snapshot.json");
  if (snapshotMeta === undefined) throw new LoadError(400, 'Meta for "snapshot.json" missing from timestamp metadata');
  const snapshotName = keys.consistentSnapshot ? `${snapshotMeta.version}.snapshot.json` : "snapshot.json";
  const snapshot = await metadata(snapshotName, "snapshot", (d) => readSignedMeta(d, "Snapshot"), {
    length: snapshotMeta.length ?? MAX_SNAPSHOT_SIZE,
    sha256: snapshotMeta.sha256,
    specifier: "timestamp.json",
  });
  if (snapshot === undefined) throw new Error("unreachable: only roots may be absent");
  versionMatches("snapshot", snapshot.signed.version, snapshotMeta.version);
  await verified(keys, "snapshot", snapshot);
  const targetsMeta = snapshot.signed.meta.get("targets.json");
  // tough names the timestamp role here (`load_targets`), though the meta is the snapshot's.
  if (targetsMeta === undefined) throw new LoadError(400, 'Meta for "targets.json" missing from timestamp metadata');
  const targetsName = keys.consistentSnapshot ? `${targetsMeta.version}.targets.json` : "targets.json";
  const specifier = targetsMeta.length === undefined ? "max_targets_size parameter" : "snapshot.json";
  const targets = await metadata(targetsName, "targets", readSignedTargets, {
    length: targetsMeta.length ?? MAX_TARGETS_SIZE,
    sha256: targetsMeta.sha256,
    specifier,
  });
  if (targets === undefined) throw new Error("unreachable: only roots may be absent");
  versionMatches("targets", targets.signed.version, targetsMeta.version);
  await verified(keys, "targets", targets);
  return { ok: true, targets: targets.signed.targets, consistentSnapshot: keys.consistentSnapshot };
}

function versionMatches(role: string, fetched: number, expected: number): void {
  if (fetched !== expected) throw new LoadError(400, `${role} metadata version mismatch: fetched ${fetched}, expected ${expected}`);
}

/** Loads the repository's metadata against the trusted roots, in order. Never throws a `LoadError`. */
export async function loadRepository(files: ArchiveFiles, trustRoots: readonly unknown[], limits: MetadataLimits): Promise<LoadResult> {
  let last: LoadFailure = { ok: false, status: 400, message: "no trust roots provided to load repository" };
  for (const trustRoot of trustRoots) {
    try {
      return await loadWith(files, trustRoot, limits);
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      last = { ok: false, status: error.status, message: error.message };
      if (!error.verify) return last;
    }
  }
  return last;
}
