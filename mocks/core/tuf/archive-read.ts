/**
 * Reads the repository archives clients upload (see `layout.ts`): the system version, the artifacts and
 * the archive's sha256, with the loader's messages. Signatures are NOT verified: the reader never looks at
 * signatures, keys or expiry; upstream verifies against every trusted root, and the mock only requires
 * that the session has one (checked by the upload handler).
 */
import { parseSemver } from "../../../src/rules/index.js";
import { isJsonObject as isObject, ownField, parseJsonBytes } from "../../../src/shared/json.js";
import { limitMessage, type MockLimits } from "../protocol/limits.js";
import { MANIFEST } from "./layout.js";
import { sha256Hex } from "./sha256.js";
import { openZip, type ZipEntry, type ZipFailure } from "./zip-read.js";

/** The limits reading an archive observes. */
export type ArchiveLimits = Pick<MockLimits, "maxZipEntries" | "maxInflatedBytes" | "maxArtifacts">;

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

/** The loader looks for tufaceous v2's manifest first and names it when neither version is found. */
const V2_MANIFEST = "artifacts-v2.json";

/** The error chain text Nexus answers with (`DisplayErrorChain`): the message, then each cause. */
export function errorChain(message: string, cause?: string): string {
  return cause === undefined ? message : `${message}\nCaused by:\n  -> ${cause}`;
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

function parseJson(data: Uint8Array): unknown {
  const parsed = parseJsonBytes(data);
  return parsed.ok ? parsed.value : undefined;
}

const CONSISTENT_TARGET = /^repo\/targets\/[0-9a-f]{64}\./;
const TARGET_PREFIX = "repo/targets/".length + 65;

/** Reads an uploaded archive: its system version, artifacts and sha256. Never throws. */
export async function readRepositoryArchive(bytes: Uint8Array, limits: ArchiveLimits): Promise<ReadRepositoryResult> {
  const zip = openZip(bytes, limits);
  const fromZip = (failed: ZipFailure): ReadRepositoryResult => ({
    ok: false,
    stage: failed.stage === "structure" ? "zip" : "repository",
    message: errorChain(failed.message, failed.cause),
  });
  if (!zip.ok) return fromZip(zip);
  const failure = (message: string): ReadRepositoryResult => ({ ok: false, stage: "repository", message });

  // Entries by normalized path; null marks a path present more than once (upstream refuses to read those).
  const files = new Map<string, ZipEntry | null>();
  for (const entry of zip.entries) {
    const path = normalizeZipPath(entry.name);
    if (!path.startsWith("repo/") || path.endsWith("/") || entry.name.includes("\uFFFD")) continue;
    files.set(path, files.has(path) ? null : entry);
  }
  // Targets by name, as the consistent-snapshot layout names them (`<sha256>.<name>`): the first in the archive.
  const targetsByName = new Map<string, ZipEntry | null>();
  for (const [path, entry] of files) {
    const name = path.slice(TARGET_PREFIX);
    if (CONSISTENT_TARGET.test(path) && !targetsByName.has(name)) targetsByName.set(name, entry);
  }

  const targetsEntry = files.get("repo/metadata/targets.json");
  const targetsRead = targetsEntry ? await targetsEntry.read() : undefined;
  if (targetsRead && !targetsRead.ok) return fromZip(targetsRead);
  const targetsDoc = targetsRead ? parseJson(targetsRead.data) : undefined;
  const signed = isObject(targetsDoc) ? ownField(targetsDoc, "signed") : undefined;
  const listed = isObject(signed) ? ownField(signed, "targets") : undefined;
  // Lenient like the real loader's consistent-snapshot lookup: via targets.json, else by the name.
  const findTarget = (target: string): ZipEntry | null | undefined => {
    const meta = isObject(listed) ? ownField(listed, target) : undefined;
    const hashes = isObject(meta) ? ownField(meta, "hashes") : undefined;
    const hash = isObject(hashes) ? ownField(hashes, "sha256") : undefined;
    const path = typeof hash === "string" ? `repo/targets/${hash}.${target}` : undefined;
    if (path !== undefined && files.has(path)) return files.get(path);
    return targetsByName.get(target);
  };
  /** Each target is read and hashed once, however many artifacts name it. */
  const digests = new Map<ZipEntry, Promise<{ hash: string; length: number } | ZipFailure>>();
  const digest = (entry: ZipEntry) => {
    let found = digests.get(entry);
    if (found === undefined) {
      found = entry.read().then(async (read) => (read.ok ? { hash: await sha256Hex(read.data), length: read.data.byteLength } : read));
      digests.set(entry, found);
    }
    return found;
  };

  const manifestEntry = findTarget(MANIFEST);
  if (manifestEntry === undefined) return failure(`target ${V2_MANIFEST} not found`);
  if (manifestEntry === null) return failure(errorChain(`failed to read target ${MANIFEST}`, "duplicate entries in zip archive"));
  const manifestRead = await manifestEntry.read();
  if (!manifestRead.ok) return fromZip(manifestRead);
  // The mock does not reproduce tufaceous's serde_json texts here (they end in " at line L column C"):
  // the cause names the problem in serde's words, without a position.
  const parseError = (cause: string): ReadRepositoryResult => failure(errorChain(`failed to parse target ${MANIFEST}`, cause));
  const manifest = parseJson(manifestRead.data);
  if (!isObject(manifest)) return parseError(manifest === undefined ? "expected value" : "invalid type, expected struct ArtifactsDocument");
  if (!Object.hasOwn(manifest, "system_version")) return parseError("missing field `system_version`");
  const systemVersion = manifest["system_version"];
  if (typeof systemVersion !== "string") return parseError("invalid type, expected semver version");
  const version = parseSemver(systemVersion);
  if (!version.ok) return parseError(version.message);
  if (!Object.hasOwn(manifest, "artifacts")) return parseError("missing field `artifacts`");
  const listedArtifacts = manifest["artifacts"];
  if (!Array.isArray(listedArtifacts)) return parseError("invalid type, expected a sequence");
  if (listedArtifacts.length > limits.maxArtifacts) {
    return failure(limitMessage(limits, "maxArtifacts", `the repository lists ${listedArtifacts.length} artifacts`));
  }

  const artifacts: RepositoryArtifact[] = [];
  for (const item of listedArtifacts as readonly unknown[]) {
    if (!isObject(item)) return parseError("invalid type, expected struct Artifact");
    const fields = { version: ownField(item, "version"), kind: ownField(item, "kind"), target: ownField(item, "target") };
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value !== "string") return parseError(`missing or invalid field \`${field}\``);
    }
    const target = String(fields.target);
    const entry = findTarget(target);
    if (entry === undefined) return failure(`target ${target} not found`);
    if (entry === null) return failure(errorChain(`failed to read target ${target}`, "duplicate entries in zip archive"));
    const digested = await digest(entry);
    if ("ok" in digested) return fromZip(digested);
    const name = ownField(item, "name");
    artifacts.push({
      name: typeof name === "string" ? name : "",
      version: String(fields.version),
      kind: String(fields.kind),
      target,
      hash: digested.hash,
      length: digested.length,
    });
  }
  return { ok: true, systemVersion, artifacts, hash: await sha256Hex(bytes) };
}
