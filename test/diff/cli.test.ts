// `system-update diff` as a command: arguments, formats, colour, exit codes, --base.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { SpecDiff } from "../../src/diff/index.js";
import { runDiff, specDir } from "./support.js";

const ESC = "\u001b[";

describe("system-update diff", () => {
  it("prints help and exits 0", async () => {
    const run = await runDiff(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: system-update diff <old> <new>/);
    expect(run.stdout).toContain("--base <git-ref>");
  });

  it.each([
    [[], "expected two documents"],
    [["2026021301.0.0"], "expected two documents"],
    [["--format", "html", "2026021301.0.0", "2026022500.0.0"], "unknown format html"],
    [["--frobnicate"], "unknown option --frobnicate"],
    [["--base", "HEAD", "2026021301.0.0"], "--base compares the latest versions"],
    [["1999010100.0.0", "2026022500.0.0"], "no API version 1999010100.0.0"],
    [["no/such/file.json", "2026022500.0.0"], "no such file"],
  ])("refuses %j with exit code 2", async (args, message) => {
    const run = await runDiff(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });

  it("accepts paths as well as versions", async () => {
    const run = await runDiff([`${specDir}/system-update-2026021301.0.0.json`, "2026022500.0.0", "--format", "json"]);
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout) as SpecDiff;
    expect(diff.before).toEqual({ version: "2026021301.0.0", label: `${specDir}/system-update-2026021301.0.0.json` });
    expect(diff.after).toEqual({ version: "2026022500.0.0", label: "spec/system-update-2026022500.0.0.json" });
  });

  it("colours text on a terminal only", async () => {
    const args = ["2026022500.0.0", "2026052000.0.0", "--format", "text"];
    const tty = await runDiff(args, true);
    expect(tty.stdout).toContain(`${ESC}32m+`);
    const piped = await runDiff(args, false);
    expect(piped.stdout).not.toContain(ESC);
    expect(piped.stdout).toContain("non-breaking  response 200: added field `contact_support`");
    expect((await runDiff([...args, "--no-color"], true)).stdout).not.toContain(ESC);
    expect((await runDiff([...args, "--color"], false)).stdout).toContain(ESC);
  });

  it("never colours Markdown or JSON", async () => {
    for (const format of ["markdown", "json"]) {
      const run = await runDiff(["2026022500.0.0", "2026052000.0.0", "--format", format], true);
      expect(run.stdout).not.toContain(ESC);
    }
  });

  it("honours --context in the full diff", async () => {
    const run = await runDiff(["2026052000.0.0", "2026081901.0.0", "--format", "json", "--context", "0"]);
    const diff = JSON.parse(run.stdout) as SpecDiff;
    expect(diff.documentDiff.split("\n").filter((line) => line.startsWith(" "))).toEqual([]);
  });

  let git = true;
  try {
    execFileSync("git", ["rev-parse", "HEAD:spec/manifest.json"], { cwd: specDir, stdio: "ignore" });
  } catch {
    git = false; // not a git checkout with the spec committed (e.g. an unpacked package)
  }

  it.runIf(git)("--base compares the latest at a ref with the working tree's latest", async () => {
    const run = await runDiff(["--base", "HEAD", "--format", "json"]);
    expect(run.stderr).toBe("");
    const diff = JSON.parse(run.stdout) as SpecDiff;
    expect(diff.before.label).toMatch(/^HEAD:spec\/system-update-.*\.json$/);
    expect(diff.after.label).toMatch(/^spec\/system-update-.*\.json$/);
    expect(run.code).toBe(diff.breaking ? 1 : 0);
  });

  it.runIf(git)("--base names a ref it cannot read", async () => {
    const run = await runDiff(["--base", "no-such-ref-here"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot read spec/manifest.json at no-such-ref-here");
  });
});
