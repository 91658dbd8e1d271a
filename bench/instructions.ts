/**
 * Instructions per answer: a server process run under valgrind's callgrind, which counts the
 * instructions it executes in user space, the same count for the same code and inputs whatever else
 * the machine does (time per answer on this VM moves by ±30% from one minute to the next). The count
 * starts after a warm-up (so the JIT has compiled the hot path) and covers `requests` bench requests.
 * It leaves out the kernel's share (the socket writes), which is the same for every server giving the
 * same answer. Needs valgrind (`callgrind_control` included), which Debian packages.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./load.js";
import { BENCH_PUT } from "./racks.js";

export const HAVE_CALLGRIND = spawnSync("callgrind_control", ["--version"]).status === 0;

/** User-space instructions per answer of the server `script` (args after it), run with this Node and tsx. */
export async function instructionsPerAnswer(script: string, args: readonly string[], requests = 3000, warmup = 6000): Promise<number> {
  if (!HAVE_CALLGRIND) throw new Error("counting instructions needs valgrind (apt-get install valgrind)");
  const dir = mkdtempSync(join(tmpdir(), "system-update-callgrind-"));
  // --smc-check: V8 writes and rewrites its compiled code at run time.
  const valgrindArgs = ["--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${join(dir, "out")}`];
  const child = spawn("valgrind", [...valgrindArgs, process.execPath, "--import", "tsx", script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let printed = "";
      child.once("exit", (code) => reject(new Error(`${script} under valgrind exited (${code})`)));
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        printed += chunk;
        const match = /listening (\d+)/.exec(printed);
        if (match) resolve(Number(match[1]));
      });
    });
    const load = (count: number) => runLoad({ port, ...BENCH_PUT, connections: 4, durationMs: 600_000, warmupMs: 0, maxRequests: count });
    await load(warmup);
    execFileSync("callgrind_control", ["--zero", String(child.pid)], { stdio: "ignore" });
    const measured = await load(requests);
    execFileSync("callgrind_control", ["--dump", String(child.pid)], { stdio: "ignore" });
    const counted = readdirSync(dir).map((name) =>
      Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, name), "utf8"))?.[1] ?? 0),
    );
    // The dump after zeroing holds the measured requests alone (the process's later final dump is not read).
    return Math.max(...counted) / measured.requests;
  } finally {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
