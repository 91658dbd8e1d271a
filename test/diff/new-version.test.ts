// `npm run spec:new-version`, run on a copy of spec/ so the real one is never touched.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { repoRoot } from "../support/repo-root.js";
import type { Manifest } from "../../src/spec/manifest.js";
import { createNewVersion, refusal } from "../../scripts/new-version.js";
import { specDir } from "./support.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "spec-new-version-"));
  cpSync(specDir, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (file: string): string => readFileSync(path.join(dir, file), "utf8");
const manifest = (): Manifest => JSON.parse(read("manifest.json")) as Manifest;

describe("spec:new-version", () => {
  it("copies the latest version, records it as a draft (sha256 null) and points latest at it", async () => {
    const before = manifest();
    const regenerate = vi.fn(async () => {});
    const result = await createNewVersion({ version: "2026090100.0.0", specDir: dir, regenerate });

    expect(result.file).toBe("system-update-2026090100.0.0.json");
    const text = read(result.file);
    const after = manifest();
    expect(after).toEqual(result.manifest);
    expect(after.latest).toBe("2026090100.0.0");
    expect(after.versions.slice(0, -1)).toEqual(before.versions);
    expect(after.versions.at(-1)).toEqual({
      version: "2026090100.0.0",
      file: "system-update-2026090100.0.0.json",
      sha256: null,
    });
    expect(regenerate).toHaveBeenCalledOnce();
    expect(result.nextSteps.join("\n")).toMatch(/Edit spec\/system-update-2026090100\.0\.0\.json/);
    expect(result.nextSteps.join("\n")).toContain("npm run generate");
    expect(result.nextSteps.join("\n")).toContain(`npm run diff -- ${before.latest} 2026090100.0.0`);
    expect(result.nextSteps.join("\n")).toContain("npm run spec:release");

    // The latest document with info.version changed (and the sentence of info.description that names it).
    const latest = JSON.parse(read(`system-update-${before.latest}.json`)) as {
      info: { version: string; description: string };
    };
    latest.info.version = "2026090100.0.0";
    latest.info.description = latest.info.description.replace(
      `describes API version ${before.latest}`,
      "describes API version 2026090100.0.0",
    );
    expect(JSON.parse(text)).toEqual(latest);
    expect(text).toBe(`${JSON.stringify(latest, null, 2)}\n`);
  });

  it.each([
    ["2026081901.0.0", /not greater than the latest version 2026081901\.0\.0/],
    ["2026081900.0.0", /not greater than the latest/],
    ["2026021301.0.0", /not greater than the latest/],
    ["2026.1.0", /not of the form YYYYMMDDNN\.0\.0/],
    ["1.0.0", /not of the form/],
    ["2026081901.0.1", /not of the form/],
    ["2026090100.1.0", /not of the form/],
    ["20260901.0.0", /not of the form/],
    ["2026133100.0.0", /real date/],
    ["2026023000.0.0", /real date/],
  ])("refuses %s and changes nothing", async (version, message) => {
    const files = readdirSync(dir).sort();
    const manifestText = read("manifest.json");
    const regenerate = vi.fn(async () => {});
    await expect(createNewVersion({ version, specDir: dir, regenerate })).rejects.toThrow(message);
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(read("manifest.json")).toBe(manifestText);
    expect(regenerate).not.toHaveBeenCalled();
  });

  it("refuses a new version while the latest is still a draft, and changes nothing", async () => {
    await createNewVersion({ version: "2026090100.0.0", specDir: dir, regenerate: async () => {} });
    const files = readdirSync(dir).sort();
    const manifestText = read("manifest.json");
    const regenerate = vi.fn(async () => {});
    await expect(createNewVersion({ version: "2026090200.0.0", specDir: dir, regenerate })).rejects.toThrow(
      /2026090100\.0\.0 is still a draft: release it first/,
    );
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(read("manifest.json")).toBe(manifestText);
    expect(regenerate).not.toHaveBeenCalled();
  });

  it("tells why a version cannot follow another", () => {
    expect(refusal("2026090100.0.0", "2026081901.0.0")).toBeUndefined();
    expect(refusal("2026081902.0.0", "2026081901.0.0")).toBeUndefined();
    expect(refusal("2026081901.0.0", "2026081901.0.0")).toMatch(/not greater/);
  });

  it("runs as a script with --spec-dir, exit 0 on success and 1 on refusal", async () => {
    const run = promisify(execFile);
    const script = path.join(repoRoot, "scripts", "new-version.ts");
    const ok = await run(process.execPath, ["--import", "tsx", script, "2026090100.0.0", "--spec-dir", dir], { cwd: repoRoot });
    expect(ok.stdout).toContain("latest is now 2026090100.0.0");
    expect(ok.stdout).toContain("npm run diff -- 2026081901.0.0 2026090100.0.0");
    expect(ok.stdout).toContain("npm run spec:release");
    expect(manifest().latest).toBe("2026090100.0.0");
    await expect(
      run(process.execPath, ["--import", "tsx", script, "2026090100.0.0", "--spec-dir", dir], { cwd: repoRoot }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("not greater than the latest") });
  });
});
