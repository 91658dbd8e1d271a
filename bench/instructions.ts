/**
 * Instructions per answer: a server process run under valgrind's callgrind, which counts the
 * instructions it executes in user space, the same count for the same code and inputs whatever else
 * the machine does (time per answer on this VM moves by ±30% from one minute to the next). The count
 * starts after a warm-up (so the JIT has compiled the hot path) and covers `requests` bench requests.
 * It leaves out the kernel's share (the socket writes), which is the same for every server giving the
 * same answer. Needs valgrind (`callgrind_control` included), which Debian packages.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./load.js";
import { startProcess } from "./processes.js";
import { BENCH_PUT } from "./racks.js";

/** User-space instructions per answer of the server `script` (args after it), run with this Node and tsx. */
export async function instructionsPerAnswer(script: string, args: readonly string[], requests = 3000, warmup = 6000): Promise<number> {
  if (spawnSync("callgrind_control", ["--version"]).status !== 0)
    throw new Error("counting instructions needs valgrind (apt-get install valgrind)");
  const dir = mkdtempSync(join(tmpdir(), "system-update-callgrind-"));
  // --smc-check: V8 writes and rewrites its compiled code at run time.
  const valgrindArgs = ["--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${join(dir, "out")}`];
  const server = await startProcess("valgrind", [...valgrindArgs, process.execPath, "--import", "tsx", script, ...args]);
  try {
    const load = (count: number) =>
      runLoad({ port: server.port, ...BENCH_PUT, connections: 4, durationMs: 600_000, warmupMs: 0, maxRequests: count });
    await load(warmup);
    execFileSync("callgrind_control", ["--zero", String(server.pid)], { stdio: "ignore" });
    const measured = await load(requests);
    execFileSync("callgrind_control", ["--dump", String(server.pid)], { stdio: "ignore" });
    // The dump asked for (`out.1`) holds the measured requests alone; the one at exit is not read.
    const dump = readdirSync(dir).find((name) => /^out\.\d+$/.test(name));
    const total = dump === undefined ? undefined : /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, dump), "utf8"))?.[1];
    if (total === undefined) throw new Error(`callgrind wrote no dump into ${dir}: ${server.stderr()}`);
    return Number(total) / measured.requests;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
