/**
 * `npm run bench:profile`: where the standalone mock's time goes on the benchmark request. It runs
 * `bench/servers/mock.ts` (32 sleds) under `node --cpu-prof`, loads it with BENCH_PUT for a while, stops
 * it, and prints the self time of the busiest functions and of each part of the code (node's own, the
 * mock's adapter, its core, the rules, garbage collection), as shares of the server's busy time.
 *
 * Options: --duration <ms> (default 5000), --top <n> functions (default 25), --keep (leave the profile in
 * its temporary directory and print its path, for Chrome's DevTools), --node <26|22|current|path> (default
 * 26: see `node-line.ts`).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runLoad } from "./load.js";
import { runOnChosenNode } from "./node-line.js";
import { ROOT, pinToLoadCore, startProcess } from "./processes.js";
import { BENCH_PUT } from "./racks.js";
import { table } from "./report.js";

runOnChosenNode();
const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5000" },
    top: { type: "string", default: "25" },
    keep: { type: "boolean", default: false },
    node: { type: "string" },
  },
});

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The part of the code a frame belongs to, by its file. */
function partOf(url: string, name: string): string {
  if (name === "(garbage collector)") return "garbage collection";
  if (name === "(idle)" || name === "(program)") return name;
  if (url.startsWith("node:") || url === "") return "node (http, streams, natives)";
  if (url.includes("/mocks/node/") || url.includes("/mocks/server")) return "mock adapter (mocks/node, mocks/server.ts)";
  if (url.includes("/mocks/")) return "mock core (mocks/core)";
  if (url.includes("/src/") || url.includes("/generated/")) return "rules, serde and generated code (src/, generated/)";
  return "other (dependencies)";
}

async function main(): Promise<void> {
  pinToLoadCore();
  const dir = mkdtempSync(join(tmpdir(), "system-update-profile-"));
  const server = await startProcess(process.execPath, [
    "--cpu-prof",
    "--cpu-prof-dir",
    dir,
    "--import",
    "tsx",
    join("bench", "servers", "mock.ts"),
    "32",
  ]);
  const load = (durationMs: number) => runLoad({ port: server.port, ...BENCH_PUT, connections: 16, durationMs, warmupMs: 0 });
  await load(500);
  const result = await load(Number(values.duration));
  await server.stop();
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error(`the server wrote no profile into ${dir}: ${server.stderr()}`);
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
  if (values.keep) console.log(`profile: ${join(dir, file)}`);
  else rmSync(dir, { recursive: true, force: true });

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<string, number>();
  /** Time with the function anywhere on the stack (counted once a sample), for the project's own functions. */
  const totalUs = new Map<string, number>();
  const partUs = new Map<string, number>();
  let busyUs = 0;
  const keyOf = (frame: ProfileNode["callFrame"]) => {
    const where = frame.url.replace(`file://${ROOT}/`, "");
    return `${frame.functionName || "(anonymous)"}  ${where}${where ? `:${frame.lineNumber + 1}` : ""}`;
  };
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const delta = profile.timeDeltas[i] ?? 0;
    if (frame === undefined || frame.functionName === "(idle)") return;
    busyUs += delta;
    const key = keyOf(frame);
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const outer = byId.get(at)?.callFrame;
      if (outer === undefined || !outer.url.startsWith(`file://${ROOT}/`) || outer.url.includes("/node_modules/")) continue;
      const outerKey = keyOf(outer);
      if (seen.has(outerKey)) continue;
      seen.add(outerKey);
      totalUs.set(outerKey, (totalUs.get(outerKey) ?? 0) + delta);
    }
    const part = partOf(frame.url, frame.functionName);
    partUs.set(part, (partUs.get(part) ?? 0) + delta);
  });
  const share = (us: number) => `${((100 * us) / busyUs).toFixed(1)}%`;
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  console.log(
    `Node ${process.version}: ${result.requests} answers in ${result.seconds.toFixed(1)} s (${Math.round(result.rps)} req/s, statuses ${JSON.stringify(result.statuses)})`,
  );
  console.log(
    `busy ${(busyUs / 1000).toFixed(0)} ms of the profile: ${(busyUs / result.requests).toFixed(1)} µs a request (sampled; the profiler adds its own cost)\n`,
  );
  console.log(table([["part of the code", "self time"], ...sorted(partUs).map(([part, us]) => [part, share(us)])]));
  console.log();
  console.log(
    table([
      ["the project's functions, callees included", "total time"],
      ...sorted(totalUs)
        .slice(0, Number(values.top))
        .map(([key, us]) => [key, share(us)]),
    ]),
  );
  console.log();
  console.log(
    table([
      ["function  file:line", "self time"],
      ...sorted(selfUs)
        .slice(0, Number(values.top))
        .map(([key, us]) => [key, share(us)]),
    ]),
  );
}

await main();
