// `system-update diff` as a command: arguments, formats, colour, exit codes, --output, --accept, --base,
// and as a process.
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { repoRoot } from "../support/repo-root.js";
import { diffSpecs, type JsonObject, type SpecDiff } from "../../src/diff/index.js";
import { loadLatestAtRef } from "../../src/diff/load.js";
import { at, edited, loadVersion, runDiff, specDir } from "./support.js";

const ESC = "\u001b[";
const tmp = mkdtempSync(path.join(tmpdir(), "spec-diff-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string | JsonObject): string {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

describe("system-update diff", () => {
  it("prints help and exits 0", async () => {
    const run = await runDiff(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: system-update diff <old> <new>/);
    for (const flag of ["--base <git-ref>", "--output <file>", "--accept <file>", "YAML"]) expect(run.stdout).toContain(flag);
  });

  it.each([
    [[], "expected two documents"],
    [["2026021301.0.0"], "expected two documents"],
    [["--format", "html", "2026021301.0.0", "2026022500.0.0"], "unknown format html"],
    [["--frobnicate"], "unknown option --frobnicate"],
    [["--output"], "--output needs a value"],
    [["--base", "HEAD", "2026021301.0.0"], "--base compares the latest versions"],
    [["1999010100.0.0", "2026022500.0.0"], "no API version 1999010100.0.0"],
    [["no/such/file.json", "2026022500.0.0"], "no such file"],
    [["2026021301.0.0", "2026022500.0.0", "--accept", "no/such/accepted.yaml"], "--accept no/such/accepted.yaml"],
  ])("refuses %j with exit code 2", async (args, message) => {
    const run = await runDiff(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });

  it("says which document is not JSON or YAML", async () => {
    const bad = write("bad.json", "{ not json");
    expect((await runDiff([bad, "2026022500.0.0"])).stderr).toContain(`${bad} is not JSON`);
    const badYaml = write("bad.yaml", "a: [1,\n");
    expect((await runDiff([badYaml, "2026022500.0.0"])).stderr).toContain(`${badYaml} is not valid YAML`);
  });

  it("accepts paths as well as versions, JSON or YAML", async () => {
    const yaml = write("old.yaml", stringify(loadVersion("2026021301.0.0")));
    const run = await runDiff([yaml, "2026022500.0.0", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout) as SpecDiff;
    expect(diff.before).toEqual({ version: "2026021301.0.0", label: yaml });
    expect(diff.after).toEqual({ version: "2026022500.0.0", label: "spec/system-update-2026022500.0.0.json" });
    expect(diff.operations.map((operation) => operation.path)).toContain("/v1/system/update/recovery-finish");
  });

  it("colours text on a terminal only", async () => {
    const args = ["2026022500.0.0", "2026052000.0.0", "--format", "text"];
    const tty = await runDiff(args, true);
    expect(tty.stdout).toContain(`${ESC}32m+`);
    const piped = await runDiff(args, false);
    expect(piped.stdout).not.toContain(ESC);
    expect(piped.stdout).toContain("non-breaking          added required field `contact_support`");
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
    expect(diff.documentDiff).not.toBe("");
    expect(diff.documentDiff.split("\n").filter((line) => line.startsWith(" "))).toEqual([]);
  });

  it("writes the full report with --output, and names it in a cut comment", async () => {
    const base = loadVersion("2026081901.0.0");
    // Enough new operations that the comment must be cut.
    const big = edited(base, (doc) => {
      const paths = at(doc, "paths");
      const status = at(paths, "/v1/system/update/status");
      for (let i = 0; i < 800; i++) paths[`/v1/system/update/status-${i}`] = { get: { ...at(status, "get"), operationId: `status_${i}` } };
    });
    const [old, now, report] = [write("base.json", base), write("big.json", big), path.join(tmp, "report.md")];
    const run = await runDiff([old, now, "--output", report]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThanOrEqual(65_536);
    expect(run.stdout).toContain(`The full report: \`see ${report}\``);
    const full = readFileSync(report, "utf8");
    expect(full.length).toBeGreaterThan(65_536);
    expect(full).toContain("| non-breaking | GET | `/v1/system/update/status-799` | `status_799` | added |");
    const cut = await runDiff([old, now]);
    expect(cut.stdout).toContain(`The full report: \`system-update diff ${old} ${now} --output report.md\``);
  });
});

describe("accepted changes", () => {
  const base = loadVersion("2026081901.0.0");
  const broken = edited(base, (doc) => delete at(doc, "components", "schemas", "Error", "properties")["error_code"]);
  const [old, now] = [write("accept-old.json", base), write("accept-new.json", broken)];
  const [change] = diffSpecs(base, broken).components.flatMap((component) => component.changes);

  it("fails without them", async () => {
    expect(change?.severity).toBe("breaking");
    const run = await runDiff([old, now]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`removed field \`error_code\` · \`${change?.fingerprint}\``);
  });

  it.each([
    ["YAML", "accepted.yaml", (id: string) => `accepted:\n  - fingerprint: ${id}\n    reason: error codes move to the message\n`],
    [
      "JSON",
      "accepted.json",
      (id: string) => JSON.stringify({ accepted: [{ fingerprint: id, reason: "error codes move to the message" }] }),
    ],
  ])("passes with them (%s), listing each as accepted with its reason", async (_, name, content) => {
    const file = write(name, content(change?.fingerprint ?? ""));
    const run = await runDiff([old, now, "--accept", file]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("**No breaking changes for clients of 2026081901.0.0 (1 breaking change accepted).**");
    expect(run.stdout).toContain("<details><summary>Accepted changes (1)</summary>");
    expect(run.stdout).toContain("accepted: error codes move to the message");
  });

  it("names entries that match no change", async () => {
    const file = write(
      "stale.json",
      JSON.stringify([
        { fingerprint: change?.fingerprint, reason: "r" },
        { fingerprint: "0123456789ab", reason: "old" },
      ]),
    );
    const run = await runDiff([old, now, "--accept", file, "--format", "text"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("accepted change 0123456789ab matches no change");
  });

  it.each([
    ["{}", "expected a list `accepted`"],
    ['[{"fingerprint": "xyz", "reason": "r"}]', "accepted[0] needs a fingerprint of 12 hex digits"],
    ['[{"fingerprint": "0123456789ab"}]', "accepted[0] (0123456789ab) needs a reason"],
  ])("refuses a malformed file %s", async (content, message) => {
    const run = await runDiff([old, now, "--accept", write("malformed.json", content)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe("--base", () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd,
      encoding: "utf8",
    });
  // A repository whose first commit has no spec and whose second has one.
  const repo = path.join(tmp, "repo");
  const spec = path.join(repo, "spec");
  mkdirSync(spec, { recursive: true });
  git(repo, "init", "-q");
  writeFileSync(path.join(repo, "README"), "x\n");
  git(repo, "add", ".");
  git(repo, "commit", "-qm", "no spec yet");
  writeFileSync(
    path.join(spec, "manifest.json"),
    JSON.stringify({ latest: "2026081901.0.0", versions: [{ version: "2026081901.0.0", file: "v.json", sha256: null }] }),
  );
  writeFileSync(path.join(spec, "v.json"), JSON.stringify(loadVersion("2026081901.0.0")));
  git(repo, "add", ".");
  git(repo, "commit", "-qm", "spec");

  it("reads the latest version at a ref", async () => {
    const loaded = await loadLatestAtRef("HEAD", { specDir: spec });
    expect(loaded.label).toBe("HEAD:spec/v.json");
    expect(loaded.doc).toEqual(loadVersion("2026081901.0.0"));
  });

  it.each([
    ["no-such-ref-here", "--base: no commit named no-such-ref-here"],
    ["HEAD~1", "--base: HEAD~1 has no spec/manifest.json"],
    ["--output=x", "--base: --output=x is not a git ref"],
  ])("says what is wrong with %s", async (ref, message) => {
    await expect(loadLatestAtRef(ref, { specDir: spec })).rejects.toThrow(message);
  });

  it("says when the spec is not in a git checkout", async () => {
    const plain = path.join(tmpdir(), `spec-diff-plain-${process.pid}`);
    mkdirSync(plain, { recursive: true });
    try {
      await expect(loadLatestAtRef("HEAD", { specDir: plain })).rejects.toThrow("is not inside a git repository");
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("says when git is missing", async () => {
    const saved = process.env["PATH"];
    process.env["PATH"] = path.join(tmp, "no-bin-here");
    try {
      await expect(loadLatestAtRef("HEAD", { specDir: spec })).rejects.toThrow("--base needs git, and git is not installed here");
    } finally {
      process.env["PATH"] = saved;
    }
  });

  it("compares the latest at HEAD of this repository with the working tree's latest", async () => {
    let checkout = true;
    try {
      execFileSync("git", ["rev-parse", "HEAD:spec/manifest.json"], { cwd: specDir, stdio: "ignore" });
    } catch {
      checkout = false;
    }
    const run = await runDiff(["--base", "HEAD", "--format", "json"]);
    if (!checkout) {
      expect(run.code).toBe(2); // an unpacked package: the error says why
      return;
    }
    expect(run.stderr).toBe("");
    const diff = JSON.parse(run.stdout) as SpecDiff;
    expect(diff.before.label).toMatch(/^HEAD:spec\/system-update-.*\.json$/);
    expect(diff.after.label).toMatch(/^spec\/system-update-.*\.json$/);
    expect(run.code).toBe(diff.breaking ? 1 : 0);
  });
});

describe("the command as a process", () => {
  const run = promisify(execFile);
  const bin = path.join(repoRoot, "bin", "system-update.ts");

  it("prints help, and diffs two versions with exit status 0", async () => {
    const help = await run(process.execPath, ["--import", "tsx", bin, "diff", "--help"], { cwd: repoRoot });
    expect(help.stdout).toMatch(/^Usage: system-update diff/);
    const diff = await run(process.execPath, ["--import", "tsx", bin, "diff", "2026021301.0.0", "2026022500.0.0"], { cwd: repoRoot });
    expect(diff.stdout).toBe(readFileSync(path.join(repoRoot, "docs", "spec-diff-2026021301-to-2026022500.md"), "utf8"));
  });

  it("exits 1 on a breaking change", async () => {
    const base = loadVersion("2026081901.0.0");
    const old = write("process-old.json", base);
    const now = write(
      "process-new.json",
      edited(base, (doc) => delete at(doc, "paths")["/v1/system/update/status"]),
    );
    await expect(
      run(process.execPath, ["--import", "tsx", bin, "diff", old, now, "--format", "text"], { cwd: repoRoot }),
    ).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining("GET /v1/system/update/status (system_update_status): breaking · removed"),
    });
  });
});
