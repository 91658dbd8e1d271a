// The rule of spec/manifest.json, shared by test/spec/manifest.test.ts and `npm run spec:release`:
// a released version (sha256 recorded) never changes; a draft (sha256 null) may, but only the latest
// version may be a draft, so there is at most one. A released document changes only by a recorded
// correction (documentation, or text a tool reads): the manifest keeps each hash it replaced and why,
// and the document must match the newest hash, never one it was corrected from.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readManifest, type Manifest, type ManifestEntry } from "../src/spec/manifest.js";

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
    problems.push(...correctionProblems(entry));
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
    if (entry.corrections?.some((correction) => correction.sha256 === actual)) {
      problems.push(
        `${entry.file} is the document from before a recorded correction (${actual}): restore the corrected one (${entry.sha256})`,
      );
    } else if (actual !== entry.sha256) {
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

/** What is wrong with an entry's recorded corrections: each names a distinct earlier hash and why. */
function correctionProblems(entry: ManifestEntry): string[] {
  const corrections = entry.corrections ?? [];
  const problems: string[] = [];
  if (corrections.length > 0 && entry.sha256 === null) {
    problems.push(`${entry.file} is a draft with corrections: only a released document is corrected (a draft is simply edited)`);
  }
  const seen = new Set<string>(entry.sha256 === null ? [] : [entry.sha256]);
  corrections.forEach((correction, index) => {
    const at = `${entry.file}: corrections[${index}]`;
    if (!HEX64.test(correction.sha256)) problems.push(`${at}: sha256 ${JSON.stringify(correction.sha256)} is not 64 lowercase hex digits`);
    else if (seen.has(correction.sha256)) problems.push(`${at}: sha256 ${correction.sha256} appears twice in the version's history`);
    seen.add(correction.sha256);
    if (correction.reason.trim() === "") problems.push(`${at} has no reason: say why a released document was replaced`);
  });
  return problems;
}
