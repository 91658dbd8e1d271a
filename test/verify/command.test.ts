/**
 * The `verify` command's promises to whoever points it at a rack: usage errors exit 2 and send nothing,
 * plain http only to loopback or with --insecure, the token never printed or recorded, the rate cap, and
 * a record that replays as a golden test (and fails when an answer in it drifts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CommandIo } from "../../src/cli/args.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { CATALOGUE } from "../../mocks/verify/catalogue.js";
import { runVerifyCommand } from "../../mocks/verify/command.js";
import { verifyRack } from "../../mocks/verify/verify.js";

const TOKEN = "secret-token-7f3a9c";
let server: RunningMockServer;
const dir = mkdtempSync(join(tmpdir(), "verify-test-"));

beforeAll(async () => {
  server = await startMockServer({ port: 0, auth: { tokens: { [TOKEN]: "viewer" } } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

async function run(args: readonly string[], fetch?: (request: Request) => Promise<Response>) {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), isTTY: false };
  const code = await runVerifyCommand(["--max-rps", "50", ...args], io, { env: {}, ...(fetch && { fetch }) });
  return { code, stdout, stderr };
}

/** A record file of these exchanges, in the temporary directory. */
function recordFile(name: string, exchanges: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({ format: "system-update-verify-record", version: 1, apiVersion: "1.0.0", withToken: false, exchanges }),
  );
  return file;
}

const noNetwork = (): Promise<Response> => Promise.reject(new Error("this run must send nothing"));

describe("verify: usage", () => {
  it.each([
    [["--url", "http://rack.example.com"], "refusing plain http to rack.example.com"],
    [["--url", "https://user:pw@rack.example.com"], "--url must not carry credentials"],
    [["--url", "ftp://rack.example.com"], "--url must be an http(s) URL"],
    [["--url", "https://rack.example.com", "--format", "html"], "--format must be one of text, markdown, json"],
    [["--url", "https://rack.example.com", "--max-rps", "51"], "--max-rps must be between 1 and 50"],
    [["--url", "https://rack.example.com", "--api-version", "2099010100.0.0"], "is newer than this package knows"],
    [["--url", "https://rack.example.com", "--api-version", "latest"], "--api-version must be a version"],
    [["--replay", "x.json", "--url", "https://rack.example.com"], "--replay sends nothing"],
    [[], "give the rack with --url"],
    [
      ["--url", "https://rack.example.com", "--token", "secret token\n"],
      "the token must be printable ASCII without spaces (it is not shown here)",
    ],
  ])("%j exits 2 and sends nothing", async (args, message) => {
    const result = await run(args, noNetwork);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain("secret token");
  });

  it("is a verb of the system-update command", () => {
    const cli = spawnSync(process.execPath, ["--import", "tsx", "bin/system-update.ts", "verify", "--url", "http://rack.example.com"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect([cli.status, cli.stderr]).toEqual([2, expect.stringContaining("refusing plain http to rack.example.com")]);
  });

  it("--list prints every probe and why it is safe, and sends nothing", async () => {
    const result = await run(["--list"], noNetwork);
    expect(result.code).toBe(0);
    for (const probe of CATALOGUE) expect(result.stdout).toContain(probe.id);
    const listed = JSON.parse((await run(["--list", "--format", "json"], noNetwork)).stdout) as { id: string; safe: string }[];
    expect(listed.map((probe) => probe.id)).toEqual(CATALOGUE.map((probe) => probe.id));
    expect(listed.every((probe) => probe.safe.length > 0)).toBe(true);
  });

  it("--insecure allows plain http to another host", async () => {
    const toLocal = (request: Request) => fetch(new Request(request.url.replace("http://rack.example.com", server.url), request));
    const result = await run(["--url", "http://rack.example.com", "--insecure", "--token", TOKEN], toLocal);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("verify: a rack with auth", () => {
  it("matches with the credential probes, and never prints or records the token", async () => {
    const record = join(dir, "record.json");
    for (const format of ["text", "markdown", "json"]) {
      const result = await run(["--url", server.url, "--token", TOKEN, "--format", format, "--record", record]);
      expect([format, result.code, result.stderr]).toEqual([format, 0, ""]);
      expect(result.stdout).not.toContain(TOKEN);
      expect(result.stdout).toMatch(/no-credentials/);
    }
    expect(readFileSync(record, "utf8")).not.toContain(TOKEN);
  });

  it("names the difference when the token is not what the rack takes", async () => {
    const result = await run(["--url", server.url, "--token", "not-the-token"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`status: status: rack 401, predicted 200`);
    expect(result.stdout).toContain("Note: the rack does not accept the token");
  });
});

describe("verify: record and replay", () => {
  it("replays a record as a golden test, and fails when an answer in it drifts", async () => {
    const file = join(dir, "golden.json");
    expect((await run(["--url", server.url, "--token", TOKEN, "--record", file])).code).toBe(0);
    const text = readFileSync(file, "utf8");
    const requestIds = [...text.matchAll(/\\"request_id\\": \\"([^\\]*)\\"/g)].map((match) => match[1]);
    expect(requestIds.length).toBeGreaterThan(10);
    expect(new Set(requestIds)).toEqual(new Set(["redacted"]));
    expect(text).not.toMatch(/\\"time_[a-z_]+\\": \\"(?!2000-01-01T00:00:00Z)/);

    const replayed = await run(["--replay", file], noNetwork);
    expect([replayed.code, replayed.stderr]).toEqual([0, ""]);
    expect(replayed.stdout).toContain(`answers replayed from ${file}`);

    const drifted = join(dir, "drifted.json");
    writeFileSync(drifted, text.replace("tuf-repo with id", "repository"));
    const failed = await run(["--replay", drifted, "--format", "markdown"], noNetwork);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("- `repository-missing`: message: rack");
  });

  it("says so when the record cannot be written", async () => {
    const result = await run(["--url", server.url, "--token", TOKEN, "--record", join(dir, "no-such-dir", "record.json")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write the record ${join(dir, "no-such-dir", "record.json")}: ENOENT`);
  });

  it("refuses a record that does not fit, naming the field", async () => {
    const file = recordFile("bad.json", [{}]);
    const result = await run(["--replay", file], noNetwork);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("exchanges[0].probe must be a string");
  });

  it("counts a probe the record lacks as a difference", async () => {
    const file = recordFile("partial.json", []);
    const result = await run(["--replay", file, "--format", "json"], noNetwork);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { probes: { id: string; differences: string[] }[] };
    expect(report.probes.every((probe) => probe.differences.join() === "not in the record")).toBe(true);
  });
});

describe("verify: the rate cap", () => {
  it("spaces requests at least 1/maxRps apart", async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const answer = (): Promise<Response> => {
      starts.push(Date.now());
      return Promise.resolve(Response.json({ request_id: "x", message: "Not Found" }, { status: 404 }));
    };
    const running = verifyRack({ url: "https://rack.example.com", apiVersion: "2026081901.0.0", limits: { maxRps: 2 }, fetch: answer });
    await vi.runAllTimersAsync();
    await running;
    expect(starts.length).toBe(CATALOGUE.length - 2);
    const gaps = starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
  });
});
