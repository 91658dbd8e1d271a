/**
 * `npm run soak [-- --duration 60]`: `system-update mock` as users run it (auth on, default limits, its
 * request log to /dev/null) in a child process, under mixed valid and hostile load for a bounded time
 * (scripts/soak/actions.ts). Its RSS is sampled after a warm-up, periodically, and at the end.
 *
 * The warm-up runs the same load and first fills the session store to its cap (1,000 sessions): every
 * bounded structure is then at its working size, so what grows after it is a leak, not a cache filling.
 *
 * Exits 1 if the server answered a 5xx the action did not expect, wrote to stderr or died, or if its RSS at the end is above the
 * start by more than RSS_TOLERANCE_MIB or RSS_TOLERANCE_SHARE of it, whichever is larger (the garbage
 * collector alone moves RSS by tens of MiB).
 *
 * Options: --duration <s> measured (default 60), --warmup <s> (default 10), --workers <n> concurrent
 * clients (default 8), --sample-every <s> (default 5), --seed <n> (default 1).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, memoryOf, pinToLoadCore, sleep, startProcess } from "../bench/processes.js";
import { Connection, requestBytes } from "../bench/raw-http.js";
import { DEFAULT_LIMITS } from "../mocks/core/protocol/limits.js";
import { buildRepositoryArchive } from "../mocks/core/tuf/archive-build.js";
import { AUTH_FILE, actions, type Action, type Worker } from "./soak/actions.js";
import { seededRandom } from "../mocks/core/protocol/random.js";

const RSS_TOLERANCE_MIB = 30;
const RSS_TOLERANCE_SHARE = 0.2;

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    warmup: { type: "string", default: "10" },
    workers: { type: "string", default: "8" },
    "sample-every": { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
  },
});
const seconds = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got ${values[name]}`);
  return value;
};
const DURATION_S = seconds("duration");
const WARMUP_S = seconds("warmup");
const WORKERS = Math.floor(seconds("workers"));
const SAMPLE_EVERY_S = seconds("sample-every");
const SEED = Math.floor(seconds("seed"));

function pick(list: readonly Action[], random: () => number): Action {
  const total = list.reduce((sum, action) => sum + action.weight, 0);
  let at = random() * total;
  for (const action of list) {
    at -= action.weight;
    if (at < 0) return action;
  }
  return list[list.length - 1] as Action;
}

interface Tally {
  byStatus: Map<string, number>;
  byAction: Map<string, number>;
  /** "action: status" → count, for answers the action did not expect. */
  unexpected: Map<string, number>;
  requests: number;
}

const newTally = (): Tally => ({ byStatus: new Map(), byAction: new Map(), unexpected: new Map(), requests: 0 });
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

async function main() {
  pinToLoadCore();
  const dir = mkdtempSync(join(tmpdir(), "soak-"));
  const authFile = join(dir, "auth.json");
  writeFileSync(authFile, JSON.stringify(AUTH_FILE));
  const port = await freePort();
  const server = await startProcess(
    process.execPath,
    ["--import", "tsx", "bin/system-update.ts", "mock", "--port", String(port), "--auth", authFile, "--scenario", "steady"],
    { port, stdout: "ignore" },
  );
  const table = actions({ archive: await buildRepositoryArchive({ systemVersion: "22.0.0" }) });
  let names = 0;
  let tally = newTally();
  let stopAt = 0;

  const runWorker = async (id: number) => {
    const random = seededRandom(SEED * 1000 + id);
    const worker: Worker = {
      port,
      connection: new Connection(port),
      session: `soak-worker-${id}`,
      random,
      freshName: () => `soak-${names++}`,
    };
    while (performance.now() < stopAt && server.exitCode() === null) {
      const action = pick(table, random);
      for (const { status, expected } of await action.run(worker)) {
        tally.requests++;
        bump(tally.byStatus, status);
        bump(tally.byAction, action.name);
        if (!expected) bump(tally.unexpected, `${action.name}: ${status}`);
      }
    }
    worker.connection.close();
  };
  const load = async (forSeconds: number) => {
    stopAt = performance.now() + forSeconds * 1000;
    await Promise.all(Array.from({ length: WORKERS }, (_, id) => runWorker(id)));
  };

  console.log(
    `soak: system-update mock (pid ${server.pid}, auth on, default limits), ${WORKERS} workers, seed ${SEED}; ` +
      `warm-up ${WARMUP_S} s, then ${DURATION_S} s measured`,
  );
  // Warm-up: the session store at its cap, then the load itself.
  const fill = new Connection(port);
  for (let i = 0; i < DEFAULT_LIMITS.maxSessions; i++) {
    await fill.ask(requestBytes("POST", "/__mock/reset", { authorization: "Bearer control", "x-mock-session": `soak-fill-${i}` }));
  }
  fill.close();
  await load(WARMUP_S);
  const warmupRequests = tally.requests;
  tally = newTally();

  const started = performance.now();
  const samples: { at: number; rss: number; requests: number }[] = [];
  const sample = () => samples.push({ at: (performance.now() - started) / 1000, rss: memoryOf(server.pid).rss, requests: tally.requests });
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_S * 1000);
  await load(DURATION_S);
  clearInterval(sampler);
  // The last answers are out; let the server finish what it was doing before the last sample.
  await sleep(2000);
  const alive = server.exitCode() === null;
  if (alive) sample();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });

  const first = samples[0]?.rss ?? Number.NaN;
  const last = samples.at(-1)?.rss ?? Number.NaN;
  const allowed = Math.max(RSS_TOLERANCE_MIB, first * RSS_TOLERANCE_SHARE);
  // A 5xx is a failure unless the action expects it: 503 to an upload past maxUploadsInFlight is the mock's answer.
  const fiveHundreds = [...tally.unexpected].filter(([key]) => / 5\d\d$/.test(key)).reduce((sum, [, n]) => sum + n, 0);
  const stderr = server.stderr().trim();
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `  ${String(n).padStart(9)}  ${key}`)
      .join("\n");

  console.log(`\nwarm-up: ${DEFAULT_LIMITS.maxSessions} sessions created, then ${warmupRequests} requests`);
  console.log(`\nRSS of the server (MiB)\n      s       RSS   requests`);
  for (const s of samples)
    console.log(`${s.at.toFixed(1).padStart(7)}  ${s.rss.toFixed(1).padStart(8)}  ${String(s.requests).padStart(9)}`);
  console.log(
    `\n${tally.requests} requests in ${DURATION_S} s (${(tally.requests / DURATION_S).toFixed(0)}/s), by status:\n${rows(tally.byStatus)}`,
  );
  console.log(`\nby action:\n${rows(tally.byAction)}`);
  if (tally.unexpected.size > 0) console.log(`\nanswers the action did not expect:\n${rows(tally.unexpected)}`);

  const failures: string[] = [];
  if (!alive) failures.push(`the server died (exit ${String(server.exitCode())})`);
  if (fiveHundreds > 0) failures.push(`${fiveHundreds} answers were 5xx the actions did not expect`);
  if (stderr !== "") failures.push(`the server wrote to stderr:\n${stderr}`);
  const growth = last - first;
  const verdict = `RSS ${first.toFixed(1)} -> ${last.toFixed(1)} MiB (${growth >= 0 ? "+" : ""}${growth.toFixed(1)}; allowed +${allowed.toFixed(1)}: the larger of ${RSS_TOLERANCE_MIB} MiB and ${RSS_TOLERANCE_SHARE * 100}%)`;
  if (!(growth <= allowed)) failures.push(verdict);
  console.log(`\n${verdict}`);
  if (failures.length > 0) {
    console.log(`\nFAILED:\n- ${failures.join("\n- ")}`);
    process.exitCode = 1;
  } else {
    console.log("OK: no unexpected 5xx, no crash, nothing on stderr, RSS flat");
  }
}

await main();
