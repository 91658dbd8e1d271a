// The rule of spec/manifest.json, shared by test/spec/manifest.test.ts and `npm run spec:release`:
// a released version (sha256 recorded) never changes; a draft (sha256 null) may, but only the latest
// version may be a draft, so there is at most one.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readManifest, type Manifest } from "../src/spec/manifest.js";

const HEX64 = /^[0-9a-f]{64}$/;

export const sha256Of = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** The manifest in `specDir`, or the reason it cannot be read as one. */
export function readManifestIn(specDir: string): Manifest | string {
  try {
    return readManifest(specDir);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Everything wrong with the manifest in `specDir` and the documents it lists; empty when all is well. */
export function checkManifest(specDir: string): string[] {
  const manifest = readManifestIn(specDir);
  if (typeof manifest === "string") return [manifest];
  const problems: string[] = [];
  const last = manifest.versions.at(-1);
  for (const entry of manifest.versions) {
    const full = path.join(specDir, entry.file);
    if (!existsSync(full)) {
      problems.push(`${entry.file} is missing`);
      continue;
    }
    if (entry.sha256 === null) {
      if (entry !== last || entry.version !== manifest.latest) {
        problems.push(`${entry.file} is a draft (sha256 null) but only the latest version may be a draft`);
      }
      continue;
    }
    if (!HEX64.test(entry.sha256)) {
      problems.push(`${entry.file}: sha256 ${JSON.stringify(entry.sha256)} is not 64 lowercase hex digits`);
      continue;
    }
    const actual = sha256Of(readFileSync(full));
    if (actual !== entry.sha256) {
      problems.push(
        `${entry.file} changed after release (recorded ${entry.sha256}, now ${actual}): add a new version instead of editing this one`,
      );
    }
  }
  const drafts = manifest.versions.filter((entry) => entry.sha256 === null);
  if (drafts.length > 1) {
    problems.push(`${drafts.length} drafts (${drafts.map((entry) => entry.version).join(", ")}): at most one version may be a draft`);
  }
  return problems;
}
