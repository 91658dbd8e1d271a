// `npm run spec:release`: release the draft version (the latest, made by `npm run spec:new-version`) by
// recording its sha256 in spec/manifest.json. From then on the document never changes: the manifest
// test compares it with that hash, and a further change to the API is a new version.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Manifest } from "../src/spec/manifest.js";
import { repoRoot } from "./generate-lib.js";
import { checkManifest, readManifestIn, sha256Of } from "./manifest-check.js";

export interface ReleaseVersionOptions {
  /** The directory holding manifest.json and the documents (spec/ by default). */
  specDir?: string;
}

export interface ReleaseVersionResult {
  version: string;
  file: string;
  sha256: string;
  manifest: Manifest;
}

export async function releaseVersion(options: ReleaseVersionOptions = {}): Promise<ReleaseVersionResult> {
  const specDir = options.specDir ?? path.join(repoRoot, "spec");
  const manifest = readManifestIn(specDir);
  if (typeof manifest === "string") throw new Error(manifest);
  const draft = manifest.versions.find((entry) => entry.sha256 === null);
  if (!draft) {
    throw new Error(
      `there is no draft to release: the latest version ${manifest.latest} is already released (start one with npm run spec:new-version)`,
    );
  }
  // Release only from a sound manifest: released files unchanged, the draft the latest and the only one.
  const problems = checkManifest(specDir);
  if (problems.length > 0) throw new Error(`spec/manifest.json has problems; fix them first:\n- ${problems.join("\n- ")}`);

  const sha256 = sha256Of(await readFile(path.join(specDir, draft.file)));
  const next: Manifest = {
    latest: manifest.latest,
    versions: manifest.versions.map((entry) => (entry === draft ? { ...entry, sha256 } : entry)),
  };
  await writeFile(path.join(specDir, "manifest.json"), `${JSON.stringify(next, null, 2)}\n`);
  return { version: draft.version, file: draft.file, sha256, manifest: next };
}

const USAGE = `Usage: npm run spec:release [-- --spec-dir <dir>]

Records the sha256 of the draft version (the latest, sha256 null in spec/manifest.json), which releases
it: from then on the document must not change. Refused when there is no draft.`;

async function main(args: string[]): Promise<number> {
  const specIndex = args.indexOf("--spec-dir");
  const specDir = specIndex >= 0 ? args[specIndex + 1] : undefined;
  const rest = specIndex >= 0 ? args.filter((_, i) => i !== specIndex && i !== specIndex + 1) : args;
  if (rest.length > 0 || (specIndex >= 0 && (specDir === undefined || specDir.startsWith("-")))) {
    console.error(USAGE);
    return 2;
  }
  try {
    const { version, file, sha256 } = await releaseVersion(specDir === undefined ? {} : { specDir: path.resolve(specDir) });
    console.log(`released ${version}: spec/${file} sha256 ${sha256}. It must not change any more; a further change is a new version.`);
    return 0;
  } catch (error) {
    console.error(`spec:release: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
