// Draft -> release, run on a copy of spec/ so the real one is never touched: spec:new-version makes a
// draft that may change, spec:release records its hash, and from then on the manifest check refuses edits.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Manifest } from "../../src/spec/manifest.js";
import { checkManifest } from "../../scripts/manifest-check.js";
import { createNewVersion } from "../../scripts/new-version.js";
import { releaseVersion } from "../../scripts/release-version.js";
import { repoRoot, specDir } from "./support.js";

const NEXT = "2026090100.0.0";
const NEXT_FILE = `system-update-${NEXT}.json`;

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "spec-release-"));
  cpSync(specDir, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (file: string): string => readFileSync(path.join(dir, file), "utf8");
const write = (file: string, text: string): void => writeFileSync(path.join(dir, file), text);
const manifest = (): Manifest => JSON.parse(read("manifest.json")) as Manifest;
const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The draft document with its title changed: an edit, as the next step of the workflow makes. */
function editDraft(suffix: string): void {
  const doc = JSON.parse(read(NEXT_FILE)) as { info: { title: string } };
  doc.info.title = `${doc.info.title}${suffix}`;
  write(NEXT_FILE, `${JSON.stringify(doc, null, 2)}\n`);
}

async function startDraft(): Promise<void> {
  await createNewVersion({ version: NEXT, specDir: dir, regenerate: async () => {} });
}

describe("draft -> spec:release", () => {
  it("a draft may be edited; release records its hash; after that an edit fails the check", async () => {
    expect(checkManifest(dir)).toEqual([]);
    await startDraft();
    expect(manifest().versions.at(-1)?.sha256).toBeNull();

    editDraft(" (edited)");
    expect(checkManifest(dir)).toEqual([]);

    const before = manifest();
    const result = await releaseVersion({ specDir: dir });
    const text = read(NEXT_FILE);
    expect(result).toMatchObject({ version: NEXT, file: NEXT_FILE, sha256: hash(text) });
    const after = manifest();
    expect(after).toEqual(result.manifest);
    expect(after.latest).toBe(NEXT);
    expect(after.versions.slice(0, -1)).toEqual(before.versions.slice(0, -1));
    expect(after.versions.at(-1)).toEqual({ version: NEXT, file: NEXT_FILE, sha256: hash(text) });
    expect(checkManifest(dir)).toEqual([]);

    editDraft(" (edited again)");
    const problems = checkManifest(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${NEXT_FILE.replaceAll(".", "\\.")} changed after release`));
    expect(problems[0]).toContain("add a new version instead of editing this one");
  });

  it("refuses when there is no draft, and changes nothing", async () => {
    const manifestText = read("manifest.json");
    await expect(releaseVersion({ specDir: dir })).rejects.toThrow(/no draft to release.*2026081901\.0\.0 is already released/);
    expect(read("manifest.json")).toBe(manifestText);

    await startDraft();
    await releaseVersion({ specDir: dir });
    const released = read("manifest.json");
    await expect(releaseVersion({ specDir: dir })).rejects.toThrow(/no draft to release/);
    expect(read("manifest.json")).toBe(released);
  });

  it("refuses while a released file has changed, and changes nothing", async () => {
    await startDraft();
    const old = manifest().versions[0];
    if (!old) throw new Error("empty manifest");
    write(old.file, `${read(old.file)} `);
    const manifestText = read("manifest.json");
    await expect(releaseVersion({ specDir: dir })).rejects.toThrow(/changed after release/);
    expect(read("manifest.json")).toBe(manifestText);
  });
});

describe("checkManifest", () => {
  const setManifest = (next: Manifest): void => write("manifest.json", `${JSON.stringify(next, null, 2)}\n`);

  it("accepts the real spec/", () => {
    expect(checkManifest(specDir)).toEqual([]);
  });

  it("allows a draft only as the latest version", () => {
    const current = manifest();
    // A draft has no corrections (those are of released documents): leave them out of the made-up draft.
    const asDraft = ({ version, file }: Manifest["versions"][number]) => ({ version, file, sha256: null });
    setManifest({ ...current, versions: current.versions.map((entry, i) => (i === 1 ? asDraft(entry) : entry)) });
    const problems = checkManifest(dir);
    expect(problems).toEqual([expect.stringMatching(/system-update-2026022500\.0\.0\.json is a draft .* only the latest/)]);
  });

  it("allows at most one draft", () => {
    const current = manifest();
    const count = current.versions.length;
    setManifest({ ...current, versions: current.versions.map((entry, i) => (i >= count - 2 ? { ...entry, sha256: null } : entry)) });
    const problems = checkManifest(dir);
    expect(problems).toContainEqual(expect.stringMatching(/only the latest version may be a draft/));
    expect(problems).toContainEqual(expect.stringMatching(/^2 drafts .*at most one version may be a draft/));
  });

  it("reports a missing file, a malformed hash and a malformed manifest", () => {
    const current = manifest();
    setManifest({
      ...current,
      versions: current.versions.map((entry, i) =>
        i === 0 ? { ...entry, file: "system-update-missing.json" } : i === 1 ? { ...entry, sha256: "ABC" } : entry,
      ),
    });
    expect(checkManifest(dir)).toEqual([
      "system-update-missing.json is missing",
      expect.stringMatching(/system-update-2026022500\.0\.0\.json: sha256 "ABC" is not 64 lowercase hex digits/),
    ]);
    write("manifest.json", JSON.stringify({ latest: "x", versions: [{ version: "x", file: "y", sha256: 1 }] }));
    expect(checkManifest(dir)).toEqual([expect.stringMatching(/versions\[0\] needs version, file/)]);
    write("manifest.json", "{");
    expect(checkManifest(dir)).toEqual([expect.stringMatching(/cannot be read/)]);
  });
});

describe("checkManifest: recorded corrections", () => {
  const setManifest = (next: Manifest): void => write("manifest.json", `${JSON.stringify(next, null, 2)}\n`);
  const first = (): NonNullable<Manifest["versions"][number]> => {
    const entry = manifest().versions[0];
    if (!entry) throw new Error("empty manifest");
    return entry;
  };

  it("accepts the recorded history of the real spec/: each released version corrected once", () => {
    expect(manifest().versions.every((entry) => entry.corrections?.length === 1)).toBe(true);
    expect(checkManifest(dir)).toEqual([]);
  });

  it("refuses a document put back to the hash it was corrected from", () => {
    const entry = first();
    const text = read(entry.file);
    const current = manifest();
    // Record the current text as the corrected-from one, and an invented newer hash as the correction.
    setManifest({
      ...current,
      versions: current.versions.map((e) =>
        e === current.versions[0] ? { ...e, sha256: hash("newer"), corrections: [{ sha256: hash(text), reason: "test" }] } : e,
      ),
    });
    expect(checkManifest(dir)).toEqual([
      `${entry.file} is the document from before a recorded correction (${hash(text)}): restore the corrected one (${hash("newer")})`,
    ]);
  });

  it("refuses a correction with a malformed or repeated hash, or without a reason", () => {
    const entry = first();
    const current = manifest();
    const old = entry.corrections?.[0]?.sha256 ?? "";
    setManifest({
      ...current,
      versions: current.versions.map((e) =>
        e === current.versions[0]
          ? {
              ...e,
              corrections: [
                { sha256: "ABC", reason: "x" },
                { sha256: old, reason: " " },
                { sha256: old, reason: "again" },
              ],
            }
          : e,
      ),
    });
    expect(checkManifest(dir)).toEqual([
      `${entry.file}: corrections[0]: sha256 "ABC" is not 64 lowercase hex digits`,
      `${entry.file}: corrections[1] has no reason: say why a released document was replaced`,
      `${entry.file}: corrections[2]: sha256 ${old} appears twice in the version's history`,
    ]);
    write("manifest.json", JSON.stringify({ latest: "x", versions: [{ version: "x", file: "y", sha256: null, corrections: [{ sha256: 1 }] }] }));
    expect(checkManifest(dir)).toEqual([expect.stringMatching(/versions\[0\] needs .* corrections \(\[\{sha256, reason\}\]\)/)]);
  });

  it("refuses corrections on a draft, and a release keeps every earlier entry's history", async () => {
    await startDraft();
    const drafted = manifest();
    setManifest({
      ...drafted,
      versions: drafted.versions.map((e) => (e.sha256 === null ? { ...e, corrections: [{ sha256: hash("x"), reason: "no" }] } : e)),
    });
    expect(checkManifest(dir)).toEqual([
      `${NEXT_FILE} is a draft with corrections: only a released document is corrected (a draft is simply edited)`,
    ]);
    setManifest(drafted);
    const released = await releaseVersion({ specDir: dir });
    expect(released.manifest.versions.slice(0, -1)).toEqual(drafted.versions.slice(0, -1));
    expect(released.manifest.versions.slice(0, -1).every((entry) => entry.corrections?.length === 1)).toBe(true);
  });
});

describe("npm run spec:release", () => {
  const run = promisify(execFile);
  const script = path.join(repoRoot, "scripts", "release-version.ts");

  it("runs with --spec-dir: exit 0 on release, 1 when there is nothing to release", async () => {
    await startDraft();
    const ok = await run(process.execPath, ["--import", "tsx", script, "--spec-dir", dir], { cwd: repoRoot });
    expect(ok.stdout).toContain(`released ${NEXT}`);
    expect(manifest().versions.at(-1)?.sha256).toBe(hash(read(NEXT_FILE)));
    await expect(run(process.execPath, ["--import", "tsx", script, "--spec-dir", dir], { cwd: repoRoot })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no draft to release"),
    });
    await expect(run(process.execPath, ["--import", "tsx", script, "extra"], { cwd: repoRoot })).rejects.toMatchObject({ code: 2 });
  });
});
