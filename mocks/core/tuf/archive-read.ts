/**
 * Reads the repository archives clients upload (see `layout.ts`): the system version, the artifacts and
 * the archive's sha256, with the loader's messages. Signatures are NOT verified: the reader never looks at
 * signatures, keys or expiry; upstream verifies against every trusted root, and the mock only requires
 * that the session has one (checked by the upload handler).
 */
import { parseSemver } from "../../../src/rules/index.js";
import { isJsonObject as isObject, parseJsonBytes } from "../../../src/shared/json.js";
import { MANIFEST } from "./layout.js";
import { sha256Hex } from "./sha256.js";
import { readZip } from "./zip-read.js";

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
  const listedTargets =
    isObject(targetsDoc) && isObject(targetsDoc.signed) && isObject(targetsDoc.signed.targets) ? targetsDoc.signed.targets : {};
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
    artifacts.push({
      name,
      version: String(item.version),
      kind: String(item.kind),
      target,
      hash: await sha256Hex(data),
      length: data.byteLength,
    });
  }
  return { ok: true, systemVersion: manifest.system_version, artifacts, hash: await sha256Hex(bytes) };
}
