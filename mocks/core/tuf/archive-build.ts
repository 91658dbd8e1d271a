/**
 * Builds repository archives laid out and signed as tufaceous does (see `layout.ts`), for tests and
 * scenarios: by default signed with `TEST_ONLY_ED25519_KEY`, which the mock's seeded trust root trusts.
 * Options build each refusal the upload meets (docs/design.md, "TUF verification").
 */
import { MANIFEST } from "./layout.js";
import { sha256Hex } from "./sha256.js";
import { signRole, type RoleKeysDocument } from "./sign.js";
import { TEST_ONLY_ED25519_KEY, TEST_ONLY_ED25519_OTHER_KEY, TEST_ONLY_ED25519_THIRD_KEY, type Ed25519TestKey } from "./test-keys.js";
import { writeZip, type ZipWriteEntry } from "./zip-write.js";

export interface ArchiveArtifact {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  /** The target's bytes; small deterministic bytes when absent. */
  readonly data?: Uint8Array;
}
/** Ready-made refusals: each builds a repository that the mock's seeded trust root refuses, as upstream would. */
export type ArchiveRefusal = "unsigned" | "wrong-key" | "under-threshold" | "tampered-target" | "rotated-root";

/** A new root, `2.root.json`, that the repository rotates to. */
export interface RootRotation {
  readonly keys: readonly Ed25519TestKey[];
  readonly threshold?: number;
  /** Whether the previous root's keys sign it too, as a rotation must be (default true). */
  readonly crossSigned?: boolean;
}

export interface RepositoryArchiveOptions {
  readonly systemVersion: string;
  /** Defaults to a realistic small release: SP/RoT images, host OS, trampoline and a few zones. */
  readonly artifacts?: readonly ArchiveArtifact[];
  /** The keys `1.root.json` names for every role (default: `TEST_ONLY_ED25519_KEY`, the seeded root's). */
  readonly keys?: readonly Ed25519TestKey[];
  /** Signatures each role needs in `1.root.json` (default 1). */
  readonly threshold?: number;
  readonly rotation?: RootRotation;
  /** The `artifacts.json` target's bytes instead of the generated manifest; null leaves it out. */
  readonly manifest?: Uint8Array | null;
  /** Keys that sign timestamp, snapshot and targets (default: the last root's keys); `[]` leaves them unsigned. */
  readonly signWith?: readonly Ed25519TestKey[];
  /** Changes a byte of the first artifact after signing, keeping its name and length. */
  readonly tamperTarget?: boolean;
  /** One of the ready-made refusals; overrides the options above it names. */
  readonly refusal?: ArchiveRefusal;
}
const EXPIRES = "2100-01-01T00:00:00Z";

/** A realistic small release: SP/RoT images, host OS, trampoline and a few zones. */
export function defaultArtifacts(version: string): ArchiveArtifact[] {
  const hubris = ["gimlet_sp", "gimlet_rot", "gimlet_rot_bootloader", "psc_sp", "switch_sp"];
  const zones = ["nexus", "crucible-zone", "oximeter", "internal-dns", "ntp", "clickhouse", "cockroachdb"];
  return [
    ...hubris.map((kind) => ({ name: kind, version, kind })),
    { name: "host", version, kind: "host" },
    { name: "trampoline", version, kind: "trampoline" },
    ...zones.map((name) => ({ name, version, kind: "zone" })),
  ];
}

const fileMeta = async (data: Uint8Array) => ({ hashes: { sha256: await sha256Hex(data) }, length: data.byteLength });

/** The options a ready-made refusal stands for. */
function presetOf(options: RepositoryArchiveOptions): RepositoryArchiveOptions {
  switch (options.refusal) {
    case undefined:
      return options;
    case "unsigned":
      return { ...options, signWith: [] };
    case "wrong-key":
      return { ...options, keys: [TEST_ONLY_ED25519_OTHER_KEY], threshold: 1, rotation: undefined, signWith: undefined };
    case "under-threshold":
      return {
        ...options,
        rotation: { keys: [TEST_ONLY_ED25519_KEY, TEST_ONLY_ED25519_THIRD_KEY], threshold: 2 },
        signWith: [TEST_ONLY_ED25519_KEY],
      };
    case "tampered-target":
      return { ...options, tamperTarget: true };
    case "rotated-root":
      return { ...options, rotation: { keys: [TEST_ONLY_ED25519_OTHER_KEY], crossSigned: false }, signWith: undefined };
  }
}

/** A tufaceous-like repository archive; the same options always give the same bytes. */
export async function buildRepositoryArchive(options: RepositoryArchiveOptions): Promise<Uint8Array> {
  return writeZip(await buildRepositoryEntries(options));
}

/** The archive's entries, metadata first, before they are zipped (for benchmarks that deflate a target themselves). */
export async function buildRepositoryEntries(requested: RepositoryArchiveOptions): Promise<ZipWriteEntry[]> {
  const options = presetOf(requested);
  const encoder = new TextEncoder();
  const artifacts = options.artifacts ?? defaultArtifacts(options.systemVersion);
  const targets = new Map<string, Uint8Array>();
  const listed: { name: string; version: string; kind: string; target: string }[] = [];
  for (const artifact of artifacts) {
    const extension = /_(sp|rot|rot_bootloader)$/.test(artifact.kind) ? ".zip" : ".tar.gz";
    let target = `${artifact.name}-${artifact.version}${extension}`;
    for (let n = 2; targets.has(target) || target === MANIFEST; n++) target = `${artifact.name}-${artifact.version}-${n}${extension}`;
    targets.set(target, artifact.data ?? encoder.encode(`fake ${artifact.kind} image ${artifact.name} ${artifact.version}\n`));
    listed.push({ name: artifact.name, version: artifact.version, kind: artifact.kind, target });
  }
  const manifest =
    options.manifest === undefined
      ? encoder.encode(`${JSON.stringify({ system_version: options.systemVersion, artifacts: listed }, null, 2)}\n`)
      : options.manifest;
  if (manifest !== null) targets.set(MANIFEST, manifest);

  const firstKeys = options.keys ?? [TEST_ONLY_ED25519_KEY];
  const first: RoleKeysDocument = { keys: firstKeys, threshold: options.threshold ?? 1 };
  const rotation = options.rotation;
  const last: RoleKeysDocument = rotation ? { keys: rotation.keys, threshold: rotation.threshold ?? 1 } : first;
  const signers = options.signWith ?? last.keys;
  const common = { consistent_snapshot: true, expires: EXPIRES, spec_version: "1.0.0" };
  const rootV1 = await signRole("root", { ...common, version: 1 }, first, firstKeys);
  const metadata: ZipWriteEntry[] = [{ name: "repo/metadata/1.root.json", data: rootV1 }];
  let root = rootV1;
  if (rotation) {
    const rotationSigners = rotation.crossSigned === false ? rotation.keys : [...new Set([...firstKeys, ...rotation.keys])];
    root = await signRole("root", { ...common, version: 2 }, last, rotationSigners);
    metadata.push({ name: "repo/metadata/2.root.json", data: root });
  }

  const targetEntries: ZipWriteEntry[] = [];
  const targetsMeta: Record<string, unknown> = {};
  const tampered = options.tamperTarget ? listed[0]?.target : undefined;
  for (const name of [...targets.keys()].sort()) {
    const data = targets.get(name) ?? new Uint8Array(0);
    const meta = await fileMeta(data);
    targetsMeta[name] = meta;
    const stored = name === tampered ? data.map((byte, i) => (i === 0 ? byte ^ 0x01 : byte)) : data;
    targetEntries.push({ name: `repo/targets/${meta.hashes.sha256}.${name}`, data: stored });
  }
  const targetsJson = await signRole(
    "targets",
    { expires: EXPIRES, spec_version: "1.0.0", targets: targetsMeta, version: 1 },
    undefined,
    signers,
  );
  const snapshot = await signRole(
    "snapshot",
    { expires: EXPIRES, meta: { "targets.json": { ...(await fileMeta(targetsJson)), version: 1 } }, spec_version: "1.0.0", version: 1 },
    undefined,
    signers,
  );
  const timestamp = await signRole(
    "timestamp",
    { expires: EXPIRES, meta: { "snapshot.json": { ...(await fileMeta(snapshot)), version: 1 } }, spec_version: "1.0.0", version: 1 },
    undefined,
    signers,
  );
  return [
    ...metadata,
    { name: "repo/metadata/root.json", data: root },
    { name: "repo/metadata/1.snapshot.json", data: snapshot },
    { name: "repo/metadata/1.targets.json", data: targetsJson },
    { name: "repo/metadata/timestamp.json", data: timestamp },
    ...targetEntries,
  ];
}
