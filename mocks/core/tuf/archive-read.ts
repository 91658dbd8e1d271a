/**
 * Reads the repository archives clients upload (see `layout.ts`): the zip, then the TUF metadata
 * verified against the trusted roots (`load.ts`), then the system version and the artifacts, each target
 * checked against its signed length and sha256 as it is read; and the archive's sha256. Messages and
 * statuses are the loader's (docs/design.md, "TUF verification").
 */
import { parseSemver } from "../../../src/rules/index.js";
import { isJsonObject as isObject, ownField, parseJsonBytes } from "../../../src/shared/json.js";
import { limitMessage, type MockLimits } from "../protocol/limits.js";
import { errorChain } from "./errors.js";
import { MANIFEST } from "./layout.js";
import { loadRepository } from "./load.js";
import { SignedTargets } from "./targets.js";
import { sha256Hex } from "./sha256.js";
import { openZip, type ZipEntry, type ZipFailure } from "./zip-read.js";

/** The limits reading an archive observes. */
export type ArchiveLimits = Pick<MockLimits, "maxZipEntries" | "maxInflatedBytes" | "maxArtifacts" | "maxMetadataBytes">;

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
  /** 400 for the repository's contents, 503 for what upstream counts as a transport failure. */
  | { readonly ok: false; readonly status: 400 | 503; readonly message: string };

/** The loader looks for tufaceous v2's manifest first and names it when neither version is found. */
const V2_MANIFEST = "artifacts-v2.json";

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

/** Reads an uploaded archive against the trusted roots: its system version, artifacts and sha256. Never throws. */
export async function readRepositoryArchive(
  bytes: Uint8Array,
  limits: ArchiveLimits,
  trustRoots: readonly unknown[],
): Promise<ReadRepositoryResult> {
  const zip = openZip(bytes, limits);
  const fromZip = (failed: ZipFailure): ReadRepositoryResult => ({
    ok: false,
    status: 400,
    message: errorChain(failed.message, failed.cause),
  });
  if (!zip.ok) return fromZip(zip);
  const failure = (message: string): ReadRepositoryResult => ({ ok: false, status: 400, message });

  // Entries by normalized path; null marks a path present more than once (upstream refuses to read those).
  const files = new Map<string, ZipEntry | null>();
  for (const entry of zip.entries) {
    const path = normalizeZipPath(entry.name);
    if (!path.startsWith("repo/") || path.endsWith("/") || entry.name.includes("\uFFFD")) continue;
    files.set(path, files.has(path) ? null : entry);
  }
  const loaded = await loadRepository(files, trustRoots, limits);
  if (!loaded.ok) return loaded;
  const targets = new SignedTargets(files, loaded);
  // tufaceous looks for its v2 manifest first, and names it when neither is listed.
  const manifestRead = await targets.read(MANIFEST);
  if (manifestRead === undefined) return failure(`target ${V2_MANIFEST} not found`);
  if (!manifestRead.ok) return manifestRead;
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
    const digested = await targets.digest(target);
    if (digested === undefined) return failure(`target ${target} not found`);
    if (!digested.ok) return digested;
    const name = ownField(item, "name");
    artifacts.push({
      name: typeof name === "string" ? name : "",
      version: String(fields.version),
      kind: String(fields.kind),
      target,
      hash: digested.sha256,
      length: digested.length,
    });
  }
  return { ok: true, systemVersion, artifacts, hash: await sha256Hex(bytes) };
}
