/**
 * `spec/manifest.json`, read in one place: the API versions in order, the file of each and the sha256 of
 * each released one (null while the latest is a draft), and the package's own root, where `spec/` ships.
 * Node only (the CLI, the spec tools and the scripts use it; the client and the mock do not).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isJsonObject } from "../shared/json.js";

/**
 * A released document replaced in place: allowed only for a change no client can see (documentation,
 * or text a tool reads), recorded with the hash it replaced and why.
 */
export interface ManifestCorrection {
  /** The sha256 of the document before the correction. */
  readonly sha256: string;
  readonly reason: string;
}

export interface ManifestEntry {
  readonly version: string;
  readonly file: string;
  /** The released document's sha256, which never changes again; null while the version is a draft. */
  readonly sha256: string | null;
  /** The released document's earlier hashes, oldest first, each replaced by a recorded correction. */
  readonly corrections?: readonly ManifestCorrection[];
}

export interface Manifest {
  readonly latest: string;
  readonly versions: readonly ManifestEntry[];
}

/**
 * The directory of the `system-update` package that holds this module: found by walking up to its
 * package.json, so it is right from the sources (`src/spec/`) and from the build (`dist/src/spec/`).
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      if (isJsonObject(manifest) && manifest["name"] === "system-update") return dir;
    } catch {
      // no package.json here: look one level up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the system-update package above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The package's `spec/` directory. */
export const specDir = (): string => path.join(packageRoot(), "spec");

const isCorrection = (value: unknown): value is ManifestCorrection =>
  isJsonObject(value) && typeof value["sha256"] === "string" && typeof value["reason"] === "string";

function isEntry(value: unknown): value is ManifestEntry {
  if (!isJsonObject(value)) return false;
  const corrections = value["corrections"];
  return (
    typeof value["version"] === "string" &&
    typeof value["file"] === "string" &&
    (value["sha256"] === null || typeof value["sha256"] === "string") &&
    (corrections === undefined || (Array.isArray(corrections) && corrections.every(isCorrection)))
  );
}

/** A manifest from its text; throws an Error naming `where` and the first problem. */
export function parseManifest(text: string, where: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} cannot be read: it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isJsonObject(value) || typeof value["latest"] !== "string" || !Array.isArray(value["versions"])) {
    throw new Error(`${where} has no latest (string) and versions (array)`);
  }
  const versions: unknown[] = value["versions"];
  const bad = versions.findIndex((entry) => !isEntry(entry));
  if (bad >= 0) throw new Error(`${where}: versions[${bad}] needs version, file (strings), sha256 (string, or null for a draft) and, if any, corrections ([{sha256, reason}])`);
  return { latest: value["latest"], versions: versions.filter(isEntry) };
}

/** The manifest in `dir` (the package's `spec/` by default). */
export function readManifest(dir: string = specDir()): Manifest {
  const file = path.join(dir, "manifest.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseManifest(text, file);
}
