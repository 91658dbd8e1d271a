// Released spec versions never change: the manifest records each released file's hash. The latest
// version may instead be a draft (sha256 null) while it is being written; `npm run spec:release` ends that.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkManifest } from "../../scripts/manifest-check.js";
import { isObject, loadDoc, readManifest, specDir } from "./support.js";
import { compareSemver } from "../../src/rules/index.js";
import { semver } from "../support/versions.js";

const manifest = await readManifest();

/** API versions are semver: order them as the server does. */
const compareVersions = (a: string, b: string): number => compareSemver(semver(a), semver(b));

describe("spec manifest", () => {
  it("has no problems: released files match their hashes, only the latest may be a draft", () => {
    expect(checkManifest(specDir)).toEqual([]);
  });

  it("has at most one draft, and only as the latest version", () => {
    const drafts = manifest.versions.filter((entry) => entry.sha256 === null);
    expect(drafts.length).toBeLessThanOrEqual(1);
    for (const draft of drafts) {
      expect(draft, `${draft.file} is a draft but not the latest version`).toBe(manifest.versions.at(-1));
      expect(draft.version).toBe(manifest.latest);
    }
  });

  it.each(manifest.versions)("$file exists and, once released, matches its recorded sha256", ({ file, sha256 }) => {
    const full = path.join(specDir, file);
    expect(existsSync(full), `${file} is missing`).toBe(true);
    if (sha256 === null) return; // a draft: may still change
    const actual = createHash("sha256").update(readFileSync(full)).digest("hex");
    expect(
      actual,
      `${file} changed after release: add a new version instead of editing this one`,
    ).toBe(sha256);
  });

  it("lists versions in ascending order, each once, with the expected file names", () => {
    const versions = manifest.versions.map((entry) => entry.version);
    expect(new Set(versions).size).toBe(versions.length);
    const sorted = [...versions].sort(compareVersions);
    expect(versions).toEqual(sorted);
    for (const { version, file } of manifest.versions) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(file).toBe(`system-update-${version}.json`);
    }
  });

  it("points latest at the greatest version", () => {
    const last = manifest.versions.at(-1);
    expect(last?.version).toBe(manifest.latest);
  });

  it("lists every spec document in spec/", () => {
    const onDisk = readdirSync(specDir).filter((name) => /^system-update-.*\.json$/.test(name));
    expect(onDisk.sort()).toEqual(manifest.versions.map((entry) => entry.file).sort());
  });

  it.each(manifest.versions)("$file declares info.version $version", ({ file, version }) => {
    const info = loadDoc(file)["info"];
    expect(isObject(info) ? info["version"] : undefined).toBe(version);
  });
});
