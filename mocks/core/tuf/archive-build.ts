/**
 * Builds repository archives laid out as tufaceous does (see `layout.ts`), for tests and scenarios. The
 * metadata is shaped like TUF's but unsigned: the mock verifies no signatures.
 */
import { MANIFEST } from "./layout.js";
import { sha256Hex } from "./sha256.js";
import { writeZip, type ZipWriteEntry } from "./zip-write.js";

export interface ArchiveArtifact {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  /** The target's bytes; small deterministic bytes when absent. */
  readonly data?: Uint8Array;
}
export interface RepositoryArchiveOptions {
  readonly systemVersion: string;
  /** Defaults to a realistic small release: SP/RoT images, host OS, trampoline and a few zones. */
  readonly artifacts?: readonly ArchiveArtifact[];
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

const signed = (role: Record<string, unknown>): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify({ signatures: [], signed: role }, null, 2)}\n`);
const fileMeta = async (data: Uint8Array) => ({ hashes: { sha256: await sha256Hex(data) }, length: data.byteLength });

/** A tufaceous-like repository archive; the same options always give the same bytes. */
export async function buildRepositoryArchive(options: RepositoryArchiveOptions): Promise<Uint8Array> {
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
  targets.set(MANIFEST, encoder.encode(`${JSON.stringify({ system_version: options.systemVersion, artifacts: listed }, null, 2)}\n`));

  const names = [...targets.keys()].sort();
  const targetEntries: ZipWriteEntry[] = [];
  const targetsMeta: Record<string, unknown> = {};
  for (const name of names) {
    const data = targets.get(name) ?? new Uint8Array(0);
    const meta = await fileMeta(data);
    targetsMeta[name] = meta;
    targetEntries.push({ name: `repo/targets/${meta.hashes.sha256}.${name}`, data });
  }
  const roles = Object.fromEntries(["root", "snapshot", "targets", "timestamp"].map((role) => [role, { keyids: [], threshold: 1 }]));
  const root = signed({ _type: "root", consistent_snapshot: true, expires: EXPIRES, keys: {}, roles, spec_version: "1.0.0", version: 1 });
  const targetsJson = signed({ _type: "targets", expires: EXPIRES, spec_version: "1.0.0", targets: targetsMeta, version: 1 });
  const snapshot = signed({
    _type: "snapshot",
    expires: EXPIRES,
    meta: { "targets.json": { ...(await fileMeta(targetsJson)), version: 1 } },
    spec_version: "1.0.0",
    version: 1,
  });
  const timestamp = signed({
    _type: "timestamp",
    expires: EXPIRES,
    meta: { "snapshot.json": { ...(await fileMeta(snapshot)), version: 1 } },
    spec_version: "1.0.0",
    version: 1,
  });
  return writeZip([
    { name: "repo/metadata/1.root.json", data: root },
    { name: "repo/metadata/root.json", data: root },
    { name: "repo/metadata/snapshot.json", data: snapshot },
    { name: "repo/metadata/targets.json", data: targetsJson },
    { name: "repo/metadata/timestamp.json", data: timestamp },
    ...targetEntries,
  ]);
}

/**
 * rawzip's path normalization, which tufaceous applies to every entry: `\` becomes `/`, anything up to
 * the last `:` goes, and `.`, `..` and empty segments are resolved without ever leaving the root. So a
 * traversal entry cannot escape (`../../etc/x` is `etc/x`); it is simply not under `repo/`, and ignored.
 */
