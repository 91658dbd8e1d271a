/**
 * The real `system-update` process, for the tests of the command line itself (start-up line, signals, exit
 * codes, the built CLI): `node --import tsx bin/system-update.ts ...`, or `node bin/system-update.js` (the
 * built one) when `SYSTEM_UPDATE_TEST_CLI=built` (the Node 22 smoke stage). Servers start on a free port
 * (`--port 0`, URL read from the startup line), with bounded waits everywhere and a kill on the way out so
 * no test leaves a process behind. Tests that only need a running mock start it in-process
 * (test/support/mock-command.ts): a process costs a Node start and a tsx load.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { LineLog, STARTUP_LINE } from "../support/line-log.js";
import type { MockCommand } from "../support/mock-command.js";
import { repoRoot } from "../support/repo-root.js";

const ENTRY = process.env["SYSTEM_UPDATE_TEST_CLI"] === "built" ? ["bin/system-update.js"] : ["--import", "tsx", "bin/system-update.ts"];

const live = new Set<ChildProcess>();
// A crashed test file must not leave servers running.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function spawnCli(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ChildProcess {
  const child = spawn(process.execPath, [...ENTRY, ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SYSTEM_UPDATE_URL: undefined, SYSTEM_UPDATE_TOKEN: undefined, ...env },
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

export interface MockProcess extends MockCommand {
  readonly child: ChildProcess;
  /** Resolves when the process has exited and its output has ended, however it was stopped. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** One server for the whole file: started before its tests, stopped after them; call the result inside a test. */
export function useMockProcess(args: readonly string[] = []): () => MockProcess {
  let server: MockProcess | undefined;
  beforeAll(async () => {
    server = await startMockProcess(args);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error("the mock process has not started");
    return server;
  };
}

/** Starts `system-update mock --port 0 ...args` and waits (bounded) for its startup line. */
export async function startMockProcess(args: readonly string[] = [], timeoutMs = 20_000): Promise<MockProcess> {
  const child = spawnCli(["mock", "--port", "0", ...args]);
  let stderr = "";
  const log = new LineLog(() => `stderr:\n${stderr}`);
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => log.write(chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // "close", not "exit": the last output may arrive after the exit.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("close", (code, signal) => {
      log.end(`mock exited (code ${code}, signal ${signal})`);
      done({ code, signal });
    }),
  );

  let startup: string;
  try {
    startup = await log.waitForLine(STARTUP_LINE, timeoutMs);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const url = STARTUP_LINE.exec(startup)?.[1] ?? "";
  return {
    url,
    port: Number(new URL(url).port),
    child,
    exited,
    lines: log.lines,
    stderr: () => stderr,
    waitForLine: (match, wait) => log.waitForLine(match, wait),
    async stop(wait = 5_000) {
      const started = performance.now();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), wait);
      const result = await exited;
      clearTimeout(timer);
      return { ...result, ms: performance.now() - started };
    },
  };
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `system-update ...args` to completion (killed after `timeoutMs`). */
export function runCli(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawnCli(args, options.env);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15_000);
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const tempDirs: string[] = [];
// Registered on the importing test file (vitest workers may end without running "exit" handlers).
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "system-update-test-"));
  tempDirs.push(dir);
  return dir;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/**
 * Writes raw bytes to the server on a fresh TCP connection and collects what comes back until the server
 * closes, `destroyAfterWrite` ends it from our side, or `timeoutMs` passes.
 */
export function rawExchange(
  port: number,
  bytes: string | Uint8Array,
  options: { destroyAfterWrite?: boolean; timeoutMs?: number } = {},
): Promise<{ received: string; closedByServer: boolean }> {
  return new Promise((done, fail) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let received = "";
    let finished = false;
    const finish = (closedByServer: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      done({ received, closedByServer });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 3_000);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (received += chunk));
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? finish(true) : fail(error)));
    socket.on("connect", () => {
      socket.write(bytes, () => {
        if (options.destroyAfterWrite) finish(false);
      });
    });
  });
}

/** A port nothing listens on (a server bound to port 0, then closed). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
