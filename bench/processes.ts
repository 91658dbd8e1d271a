/**
 * Server processes for the benchmarks: each target runs in its own process (pinned to core 1 when
 * `taskset` exists, the load generator to core 0), so its CPU and its RSS are its own.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export const HAVE_TASKSET = spawnSync("taskset", ["-c", "0", "true"]).status === 0 && cpus().length >= 2;

/** Puts this process (the load generator) on core 0; servers go to core 1. */
export function pinToLoadCore(): void {
  if (HAVE_TASKSET) spawnSync("taskset", ["-a", "-cp", "0", String(process.pid)], { stdio: "ignore" });
}

const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  /** Null while it runs; its exit code (or the signal that ended it) after. */
  exitCode(): number | string | null;
  /** What it wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  return typeof address === "object" && address !== null ? address.port : 0;
}

/** Starts a server process on the second core; resolves once `port` (or the printed port) accepts connections. */
export async function startProcess(
  command: string,
  commandArgs: readonly string[],
  options: { port?: number; stdout?: "pipe" | "ignore" } = {},
): Promise<ServerProcess> {
  const [file, argv] = HAVE_TASKSET ? ["taskset", ["-c", "1", command, ...commandArgs]] : [command, [...commandArgs]];
  const child = spawn(file, argv, { cwd: ROOT, stdio: ["ignore", options.stdout ?? "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const deadline = Date.now() + 60_000;
  let port = options.port;
  if (port === undefined) {
    port = await new Promise<number>((done, fail) => {
      let out = "";
      const timer = setTimeout(() => fail(new Error(`${command} printed no port within 60 s: ${stderr}`)), 60_000);
      child.once("exit", () => fail(new Error(`${command} exited: ${stderr}`)));
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        const match = /listening (\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      });
    });
  }
  while (!(await canConnect(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${command} did not listen on ${port}: ${stderr}`);
    await sleep(100);
  }
  // taskset execs the command, so the child's pid is the server's own.
  const pid = child.pid ?? 0;
  return {
    port,
    pid,
    exitCode: () => child.exitCode ?? child.signalCode,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Share of CPU time idle over `ms` (from /proc/stat; undefined elsewhere): other work skews every figure. */
export async function idleShare(ms: number): Promise<number | undefined> {
  const sample = () => {
    try {
      const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
      return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
    } catch {
      return undefined;
    }
  };
  const before = sample();
  await sleep(ms);
  const after = sample();
  if (!before || !after || after.total === before.total) return undefined;
  return (after.idle - before.idle) / (after.total - before.total);
}

/** Resident memory of a process, in MiB: now (VmRSS) and its peak so far (VmHWM), from /proc. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

/** Starts a new peak (VmHWM := VmRSS; Linux's clear_refs "5"), so the next one is this phase's alone. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU milliseconds (user + system) a process has used so far, from /proc (NaN where there is none). */
export function cpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return Number.NaN;
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
