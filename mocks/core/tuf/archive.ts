/**
 * TUF repository archives as tufaceous lays them out (domain.md §9): every entry under `repo/`, TUF
 * metadata in `repo/metadata/`, targets in `repo/targets/` named `<sha256>.<target name>`, and the target
 * `artifacts.json` naming the system version and the artifacts. The mock builds such archives (for
 * tests and scenarios) and reads the ones clients upload.
 *
 * Signatures are NOT verified: the metadata is shaped like TUF's but unsigned, and the reader never looks
 * at signatures, keys or expiry. Upstream verifies against every trusted root; the mock only requires
 * that the session has one (checked by the upload handler).
 */
import { parseSemver } from "../../../src/rules/semver.js";
import { readZip, writeZip, type ZipWriteEntry } from "./zip.js";

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

export interface RepositoryArtifact {
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  readonly target: string;
  /** sha256 (hex) and length of the target's bytes. */
  readonly hash: string;
  readonly length: number;
}

export type ReadRepositoryResult =
  | { readonly ok: true; readonly systemVersion: string; readonly artifacts: RepositoryArtifact[]; readonly hash: string }
  /**
   * `zip`: the archive could not be opened (upstream reports this before looking at trust roots);
   * `repository`: its contents are wrong (reported after the trust-root check).
   */
  | { readonly ok: false; readonly stage: "zip" | "repository"; readonly message: string };

const MANIFEST = "artifacts.json";
/** The loader looks for tufaceous v2's manifest first and names it when neither version is found. */
const V2_MANIFEST = "artifacts-v2.json";
const EXPIRES = "2100-01-01T00:00:00Z";

export async function sha256Hex(data: Uint8Array): Promise<string> {
  // WebCrypto wants an ArrayBuffer-backed view; copy only when the bytes live elsewhere (SharedArrayBuffer).
  const view = data.buffer instanceof ArrayBuffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.slice();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", view));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The error chain text Nexus answers with (`DisplayErrorChain`): the message, then each cause. */
export function errorChain(message: string, cause?: string): string {
  return cause === undefined ? message : `${message}\nCaused by:\n  -> ${cause}`;
}

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
export function normalizeZipPath(name: string): string {
  let last = "";
  for (const c of name) {
    if (c === "\\" || c === ":" || (c === "/" && last === "/") || (c === "." && (last === "." || last === "/"))) {
      const segments: string[] = [];
      for (const segment of (name.replaceAll("\\", "/").split(":").pop() ?? "").split("/")) {
        if (segment === "" || segment === ".") continue;
        if (segment === "..") segments.pop();
        else segments.push(segment);
      }
      return segments.join("/");
    }
    last = c;
  }
  return name.replace(/^(?:\.\.\/|\.\/|\/)+/, "");
}

interface JsonObject {
  readonly [key: string]: unknown;
}
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(data));
  } catch {
    return undefined;
  }
}

/** Reads an uploaded archive: its system version, artifacts and sha256. Never throws. */
export async function readRepositoryArchive(bytes: Uint8Array): Promise<ReadRepositoryResult> {
  const zip = await readZip(bytes);
  if (!zip.ok) {
    return { ok: false, stage: zip.stage === "structure" ? "zip" : "repository", message: errorChain(zip.message, zip.cause) };
  }
  const failure = (message: string): ReadRepositoryResult => ({ ok: false, stage: "repository", message });

  // Entries by normalized path; null marks a path present more than once (upstream refuses to read those).
  const files = new Map<string, Uint8Array | null>();
  for (const entry of zip.entries) {
    const path = normalizeZipPath(entry.name);
    if (!path.startsWith("repo/") || path.endsWith("/") || entry.name.includes("\uFFFD")) continue;
    files.set(path, files.has(path) ? null : entry.data);
  }
  const targetsDoc = parseJson(files.get("repo/metadata/targets.json") ?? new Uint8Array(0));
  const listedTargets = isObject(targetsDoc) && isObject(targetsDoc.signed) && isObject(targetsDoc.signed.targets) ? targetsDoc.signed.targets : {};
  // Lenient like the real loader's consistent-snapshot lookup: via targets.json, else by the name suffix.
  const findTarget = (target: string): Uint8Array | null | undefined => {
    const meta = listedTargets[target];
    const hash = isObject(meta) && isObject(meta.hashes) ? meta.hashes.sha256 : undefined;
    if (typeof hash === "string" && files.has(`repo/targets/${hash}.${target}`)) return files.get(`repo/targets/${hash}.${target}`);
    for (const [path, data] of files) {
      const rest = path.slice("repo/targets/".length);
      if (path.startsWith("repo/targets/") && rest.slice(65) === target && /^[0-9a-f]{64}\.$/.test(rest.slice(0, 65))) return data;
    }
    return undefined;
  };

  const manifestData = findTarget(MANIFEST);
  if (manifestData === undefined) return failure(`target ${V2_MANIFEST} not found`);
  if (manifestData === null) return failure(errorChain(`failed to read target ${MANIFEST}`, "duplicate entries in zip archive"));
  // The mock does not reproduce tufaceous's serde_json texts here (they end in " at line L column C"):
  // the cause names the problem in serde's words, without a position.
  const parseError = (cause: string): ReadRepositoryResult => failure(errorChain(`failed to parse target ${MANIFEST}`, cause));
  const manifest = parseJson(manifestData);
  if (!isObject(manifest)) return parseError(manifest === undefined ? "expected value" : "invalid type, expected struct ArtifactsDocument");
  if (!("system_version" in manifest)) return parseError("missing field `system_version`");
  if (typeof manifest.system_version !== "string") return parseError("invalid type, expected semver version");
  const version = parseSemver(manifest.system_version);
  if (!version.ok) return parseError(version.message);
  if (!("artifacts" in manifest)) return parseError("missing field `artifacts`");
  if (!Array.isArray(manifest.artifacts)) return parseError("invalid type, expected a sequence");

  const artifacts: RepositoryArtifact[] = [];
  for (const item of manifest.artifacts as readonly unknown[]) {
    if (!isObject(item)) return parseError("invalid type, expected struct Artifact");
    for (const field of ["version", "kind", "target"] as const) {
      if (typeof item[field] !== "string") return parseError(`missing or invalid field \`${field}\``);
    }
    const target = String(item.target);
    const data = findTarget(target);
    if (data === undefined) return failure(`target ${target} not found`);
    if (data === null) return failure(errorChain(`failed to read target ${target}`, "duplicate entries in zip archive"));
    const name = typeof item.name === "string" ? item.name : "";
    artifacts.push({ name, version: String(item.version), kind: String(item.kind), target, hash: await sha256Hex(data), length: data.byteLength });
  }
  return { ok: true, systemVersion: manifest.system_version, artifacts, hash: await sha256Hex(bytes) };
}
