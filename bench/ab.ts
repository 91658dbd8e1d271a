/**
 * `npm run bench:ab -- <git ref>`: the standalone mock at HEAD (the working tree) against the same server
 * at another commit, in one run: the benchmark request (BENCH_PUT on a 32-sled rack) in alternating rounds,
 * the order swapped each round, with throughput and the server's CPU time per answer. Each ratio is the
 * median of the rounds' own ratios. The other commit is checked out in a temporary git worktree (sharing
 * this clone's node_modules) and removed after; it must have `bench/servers/mock.ts`.
 *
 * Options: --rounds <n> (default 9), --duration <ms> per round (default 2000), --node <26|22|current|path>
 * (default 26: see `node-line.ts`), --instructions (also count each server's user-space instructions per
 * answer under callgrind, a figure this noisy VM cannot move: `instructions.ts`; about a minute a side).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { instructionsPerAnswer } from "./instructions.js";
import { runLoad } from "./load.js";
import { runOnChosenNode } from "./node-line.js";
import { ROOT, cpuMs, pinToLoadCore, startProcess, type ServerProcess } from "./processes.js";
import { BENCH_PUT } from "./racks.js";
import { fmt, median, table } from "./report.js";

runOnChosenNode();
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "9" },
    duration: { type: "string", default: "2000" },
    node: { type: "string" },
    instructions: { type: "boolean", default: false },
  },
});
const ref = positionals[0];
if (ref === undefined) throw new Error("usage: npm run bench:ab -- <git ref> [--rounds 9] [--duration 2000]");
const ROUNDS = Number(values.rounds);
const DURATION_MS = Number(values.duration);
const SERVER = join("bench", "servers", "mock.ts");

interface Side {
  readonly name: string;
  readonly server: ServerProcess;
  readonly rps: number[];
  readonly cpuUs: number[];
}

async function round(side: Side): Promise<void> {
  const load = (durationMs: number) => runLoad({ port: side.server.port, ...BENCH_PUT, connections: 16, durationMs, warmupMs: 0 });
  await load(250);
  const before = cpuMs(side.server.pid);
  const result = await load(DURATION_MS);
  const answers = Object.values(result.statuses).reduce((a, b) => a + b, 0);
  side.rps.push(result.rps);
  side.cpuUs.push(((cpuMs(side.server.pid) - before) * 1000) / answers);
}

const pairedRatio = (top: readonly number[], bottom: readonly number[]) => median(top.map((value, i) => value / (bottom[i] ?? Number.NaN)));

async function main(): Promise<void> {
  pinToLoadCore();
  const commit = execFileSync("git", ["rev-parse", "--short", `${ref}^{commit}`], { cwd: ROOT, encoding: "utf8" }).trim();
  const dir = mkdtempSync(join(tmpdir(), "system-update-ab-"));
  execFileSync("git", ["worktree", "add", "--detach", dir, commit], { cwd: ROOT, stdio: "ignore" });
  const sides: Side[] = [];
  try {
    if (!existsSync(join(dir, SERVER))) throw new Error(`${ref} (${commit}) has no ${SERVER}`);
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    const start = (root: string) => startProcess(process.execPath, ["--import", "tsx", join(root, SERVER), "32"]);
    sides.push({ name: "HEAD (working tree)", server: await start(ROOT), rps: [], cpuUs: [] });
    sides.push({ name: `${ref} (${commit})`, server: await start(dir), rps: [], cpuUs: [] });
    console.log(
      `Node ${process.version}: ${ROUNDS} alternating rounds of 250 ms warm-up + ${DURATION_MS} ms, the order swapped each round`,
    );
    for (let i = 0; i < ROUNDS; i++) for (const side of i % 2 === 0 ? sides : [...sides].reverse()) await round(side);
    const [head, other] = sides as [Side, Side];
    const rows = [["server", "req/s", "CPU µs/answer", "req/s of each round"]];
    for (const side of sides) {
      rows.push([side.name, fmt(median(side.rps)), fmt(median(side.cpuUs), 1), side.rps.map((r) => `${fmt(r / 1000, 1)}k`).join(" ")]);
    }
    console.log(table(rows));
    console.log(
      `HEAD / ${ref}: ${fmt(pairedRatio(head.rps, other.rps), 2)}x the throughput, ${fmt(pairedRatio(head.cpuUs, other.cpuUs), 2)}x the CPU per answer`,
    );
    // The spread says how far this machine's noise reaches in this run.
    const cpuRatios = head.cpuUs.map((value, i) => value / (other.cpuUs[i] ?? Number.NaN));
    console.log(`CPU per answer, HEAD / ${ref} in each round: ${cpuRatios.map((ratio) => fmt(ratio, 2)).join(" ")}`);
    if (values.instructions) {
      const counts = [];
      for (const root of [ROOT, dir]) counts.push(await instructionsPerAnswer(join(root, SERVER), ["32"]));
      const [mine = Number.NaN, theirs = Number.NaN] = counts;
      console.log(`instructions per answer (callgrind, user space): HEAD ${fmt(mine)}, ${ref} ${fmt(theirs)}: ${fmt(mine / theirs, 3)}x`);
    }
  } finally {
    await Promise.all(sides.map((side) => side.server.stop()));
    execFileSync("git", ["worktree", "remove", "--force", dir], { cwd: ROOT, stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
