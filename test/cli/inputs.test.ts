/**
 * The command line makes its own inputs (`repositories build`, `trust-roots generate`) and `diff` works in a
 * consumer's repository (`--base <ref> --spec <file>`); the mistakes around them get one line naming the fix.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInputCommand } from "../../mocks/cli/inputs.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { runClientCommand } from "../../src/cli/commands.js";
import { loadVersion, runDiff } from "../diff/support.js";

const tmp = mkdtempSync(path.join(tmpdir(), "system-update-inputs-"));
let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, scenario: "steady" });
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

function capture() {
  const out = { stdout: "", stderr: "" };
  const io = { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text), isTTY: false };
  return { out, io };
}

describe("files the command line makes", () => {
  it("repositories build writes an archive that repositories upload accepts", async () => {
    const file = path.join(tmp, "repo-21.0.0.zip");
    const built = capture();
    expect(await runInputCommand("build", ["21.0.0", "-o", file], built.io)).toBe(0);
    expect(built.out.stderr).toBe(`wrote ${file}; upload it with: system-update repositories upload ${file}\n`);
    const uploaded = capture();
    expect(await runClientCommand(["repositories", "upload", file, "--url", server.url], uploaded.io)).toBe(0);
    expect(uploaded.out.stdout).toMatch(/^uploaded: 21\.0\.0 \(repo-21\.0\.0\.zip, sha-256 [0-9a-f]{64}\)\n$/);
  });

  it("trust-roots generate writes a root that trust-roots create accepts", async () => {
    const file = path.join(tmp, "root.json");
    expect(await runInputCommand("generate", ["-o", file], capture().io)).toBe(0);
    const created = capture();
    expect(await runClientCommand(["trust-roots", "create", file, "--url", server.url], created.io)).toBe(0);
    expect(created.out.stdout).toMatch(/^created trust root [0-9a-f-]{36}\n$/);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ signed: { _type: "root" } });
  });

  it("trust-roots generate --new-key makes a key and its root; archives built with --key upload once that root is trusted", async () => {
    const keyFile = path.join(tmp, "key.json");
    const rootFile = path.join(tmp, "own-root.json");
    const archive = path.join(tmp, "repo-22.0.0.zip");
    expect(await runInputCommand("generate", ["--new-key", keyFile, "-o", rootFile], capture().io)).toBe(0);
    const key = JSON.parse(readFileSync(keyFile, "utf8")) as { privateSeed: string; publicKey: string };
    expect(key.privateSeed).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(JSON.parse(readFileSync(rootFile, "utf8")))).toContain(key.publicKey);
    expect(await runInputCommand("build", ["22.0.0", "--key", keyFile, "-o", archive], capture().io)).toBe(0);

    const untrusted = capture();
    expect(await runClientCommand(["repositories", "upload", archive, "--url", server.url], untrusted.io)).toBe(1);
    expect(untrusted.out.stderr).toContain("Failed to verify");
    expect(await runClientCommand(["trust-roots", "create", rootFile, "--url", server.url], capture().io)).toBe(0);
    const trusted = capture();
    expect(await runClientCommand(["repositories", "upload", archive, "--url", server.url], trusted.io)).toBe(0);
    expect(trusted.out.stdout).toMatch(/^uploaded: 22\.0\.0 /);

    const again = capture();
    expect(await runInputCommand("generate", ["--key", keyFile], again.io)).toBe(0);
    expect(JSON.parse(again.out.stdout)).toEqual(JSON.parse(readFileSync(rootFile, "utf8")));
  });

  it("refuses a key file that is no Ed25519 key, or whose halves do not match", async () => {
    const bad = path.join(tmp, "bad-key.json");
    writeFileSync(bad, '{"privateSeed": "zz"}');
    const shape = capture();
    expect(await runInputCommand("build", ["1.0.0", "--key", bad], shape.io)).toBe(2);
    expect(shape.out.stderr.split("\n")[0]).toBe(
      `system-update: ${bad} is not an Ed25519 key file: it needs {"privateSeed": "<64 hex>", "publicKey": "<64 hex>"} (make one with --new-key)`,
    );
    writeFileSync(bad, JSON.stringify({ privateSeed: "11".repeat(32), publicKey: "22".repeat(32) }));
    const halves = capture();
    expect(await runInputCommand("generate", ["--key", bad], halves.io)).toBe(2);
    expect(halves.out.stderr.split("\n")[0]).toBe(`system-update: ${bad}: its publicKey is not the public half of its privateSeed`);
  });

  it.each([
    ["build", [], "system-update: give the system version: repositories build <system-version> [-o <file.zip>] [--key <key.json>]"],
    [
      "build",
      ["1.0.0", "-o", path.join(tmp, "no-such-dir", "x.zip")],
      `system-update: cannot write ${path.join(tmp, "no-such-dir", "x.zip")}:`,
    ],
    [
      "generate",
      ["extra"],
      "system-update: unexpected argument extra: trust-roots generate [-o <root.json>] [--key <key.json> | --new-key <key.json>]",
    ],
    [
      "generate",
      ["--key", path.join(tmp, "a.json"), "--new-key", path.join(tmp, "b.json")],
      "system-update: give --key or --new-key, not both",
    ],
    [
      "build",
      ["1.0.0", "--new-key", path.join(tmp, "b.json")],
      "system-update: --new-key belongs to trust-roots generate; here give --key",
    ],
    [
      "build",
      ["1.0.0", "--key", path.join(tmp, "no-such-key.json")],
      `system-update: cannot read key file ${path.join(tmp, "no-such-key.json")}:`,
    ],
  ] as const)("%s %j: a usage error naming the fix", async (which, args, message) => {
    const { out, io } = capture();
    expect(await runInputCommand(which, args, io)).toBe(2);
    expect(out.stderr.split("\n")[0]).toContain(message);
  });
});

describe("diff in a consumer's repository", () => {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: tmp });
  const spec = path.join(tmp, "openapi.json");
  beforeAll(() => {
    git("init", "-q");
    writeFileSync(spec, JSON.stringify(loadVersion("2026022500.0.0")));
    git("add", "openapi.json");
    git("commit", "-qm", "spec");
    writeFileSync(spec, JSON.stringify(loadVersion("2026052000.0.0")));
  });

  it("--base <ref> --spec <file> compares the file with itself at the ref", async () => {
    const run = await runDiff(["--base", "HEAD", "--spec", spec, "--format", "text"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`HEAD:${spec}`);
    expect(run.stdout).toContain("contact_support");
  });

  it("a spec the ref does not have: says so", async () => {
    const added = path.join(tmp, "new.json");
    writeFileSync(added, "{}");
    const run = await runDiff(["--base", "HEAD", "--spec", added]);
    expect(run.stderr).toBe(`system-update diff: --base: ${added} is not in HEAD (new since then? Compare with a commit that has it)\n`);
    expect(run.code).toBe(2);
  });

  it("a corrupt .json file is a JSON error, not a call for the YAML peer", async () => {
    const corrupt = path.join(tmp, "corrupt.json");
    writeFileSync(corrupt, "openapi: nope");
    const run = await runDiff([corrupt, spec]);
    expect(run.stderr).toMatch(new RegExp(`^system-update diff: ${corrupt.replace(/[.]/g, "\\.")} is not JSON: `));
    expect(run.code).toBe(2);
  });
});
