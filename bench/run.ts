/**
 * `npm run bench`: the performance targets of BENCHMARKS.md, measured in one run.
 *
 * HTTP (each server in its own process, pinned to its own core when `taskset` exists; the load generator
 * pinned to the other): PUT /v1/system/update/target-release with a body that passes every check of the
 * full pipeline against a 32-sled rack and is refused at the last one (repository lookup: 404), so the
 * state never changes, against
 *   (a) a bare node:http server answering 204,
 *   (b) the standalone mock (`startMockServer`, no request log),
 *   (c) Prism's static mock of our latest spec (`prism mock -v error`),
 * plus (b') `system-update mock` as users run it (one log line per request, stdout to /dev/null).
 * In process: the mock core called directly, and the status computation at 8, 32, 128 and 1024 sleds.
 *
 * All servers start first and stay up; the load then alternates between them in rounds (a, b, b', a, b,
 * b', ...); each figure is the median over the rounds and each ratio the median of the rounds' ratios, so
 * a noisy moment on a shared or virtual machine hits the targets compared alike instead of one of them.
 *
 * Options: --rounds <n> (default 5), --duration <ms> per round (default 2000), --connections <n> (default 16),
 * --skip-prism, --in-process (only the in-process figures), --node <26|22|current|path> (default 26: see
 * `node-line.ts`).
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { createMockCore } from "../mocks/core/mock.js";
import { headersFrom, type MockRequest, type MockResponse } from "../mocks/core/protocol/message.js";
import { parseRackState } from "../mocks/core/simulator/state-schema.js";
import { computeStatus } from "../mocks/core/simulator/status.js";
import { decideTargetRelease, parseSemver } from "../src/rules/index.js";
import { devtoolsBenchmark } from "./devtools.js";
import { diffBenchmark } from "./diff.js";
import { hardeningBenchmark } from "./hardening.js";
import { runLoad, type LoadResult } from "./load.js";
import { runOnChosenNode } from "./node-line.js";
import { HAVE_TASKSET, ROOT, cpuMs, freePort, idleShare, pinToLoadCore, startProcess } from "./processes.js";
import { BENCH_PUT, CURRENT, NOT_UPLOADED, rackDocument } from "./racks.js";
import { fmt, median } from "./report.js";

runOnChosenNode();
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};
const ROUNDS = Number(flag("rounds") ?? 5);
const DURATION_MS = Number(flag("duration") ?? 2000);
/** Per round, before measuring; every server also gets one unmeasured second before the first round. */
const WARMUP_MS = 250;
/** Prism is an order of magnitude slower: fewer rounds are as precise. */
const PRISM_ROUNDS = Math.min(ROUNDS, 3);
const CONNECTIONS = Number(flag("connections") ?? 16);
const SKIP_PRISM = args.includes("--skip-prism");
/** Only the in-process figures (core and status computation): seconds, no servers, no load. */
const IN_PROCESS_ONLY = args.includes("--in-process");
const BENCH_SLEDS = 32;

const PUT_BODY = BENCH_PUT.body;
const PUT_HEADERS = BENCH_PUT.headers;

// ---------------------------------------------------------------------------------------------------
// Processes

pinToLoadCore();

/** One request first: the answer must be the one we mean to measure. */
async function expectAnswer(port: number, status: number, bodyIncludes?: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/system/update/target-release`, {
    method: "PUT",
    body: PUT_BODY,
    headers: PUT_HEADERS,
  });
  const text = await response.text();
  if (response.status !== status || (bodyIncludes !== undefined && !text.includes(bodyIncludes))) {
    throw new Error(`port ${port}: expected ${status}${bodyIncludes ? ` with "${bodyIncludes}"` : ""}, got ${response.status} ${text}`);
  }
}

const load = (port: number, durationMs = DURATION_MS, warmupMs = WARMUP_MS): Promise<LoadResult> =>
  runLoad({
    port,
    method: "PUT",
    path: "/v1/system/update/target-release",
    headers: PUT_HEADERS,
    body: PUT_BODY,
    connections: CONNECTIONS,
    durationMs,
    warmupMs,
  });

/** The round with the median req/s (its latencies go with it). */
function medianRound(rounds: readonly LoadResult[]): LoadResult {
  const sorted = [...rounds].sort((x, y) => x.rps - y.rps);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error("no rounds measured");
  return middle;
}

// ---------------------------------------------------------------------------------------------------
// In-process measurements

/** Mean µs per call of `fn` over `iterations`, after a warm-up; best of `rounds`. */
function timePerCall(fn: () => unknown, iterations: number, rounds = 5): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations / 1000);
  }
  return best;
}

function syncAnswer(answer: MockResponse | Promise<MockResponse>): MockResponse {
  if (answer instanceof Promise) throw new Error("the core answered asynchronously where a synchronous answer was expected");
  return answer;
}

function coreBenchmarks() {
  const core = createMockCore();
  core.setState(rackDocument(BENCH_SLEDS));
  const request = (method: string, url: string, body?: string): MockRequest => ({
    method,
    url,
    headers: headersFrom(body === undefined ? { "api-version": "2026081901.0.0" } : PUT_HEADERS),
    body: body === undefined ? null : new TextEncoder().encode(body),
  });
  const cases: { name: string; request: MockRequest; status: number }[] = [
    {
      name: `PUT target-release, full pipeline, refused at the repository lookup (404), ${BENCH_SLEDS} sleds`,
      request: request("PUT", "/v1/system/update/target-release", PUT_BODY),
      status: 404,
    },
    {
      name: `PUT target-release, refused at the first rule (already targeting), ${BENCH_SLEDS} sleds`,
      request: request("PUT", "/v1/system/update/target-release", JSON.stringify({ system_version: CURRENT })),
      status: 400,
    },
    { name: `GET status, ${BENCH_SLEDS} sleds`, request: request("GET", "/v1/system/update/status"), status: 200 },
  ];
  const measured = cases.map(({ name, request: r, status }) => {
    const got = syncAnswer(core.handle(r)).status;
    if (got !== status) throw new Error(`${name}: expected ${status}, got ${got}`);
    return { name, us: timePerCall(() => core.handle(r), 100_000) };
  });
  // The mock remembers a state's blueprint classification; the rules alone walk every sled and zone.
  const state = core.getState();
  const proposed = parseSemver(NOT_UPLOADED);
  if (!proposed.ok) throw new Error(proposed.message);
  measured.push({
    name: `the rules alone (decideTargetRelease, blueprint walked every call), ${BENCH_SLEDS} sleds`,
    us: timePerCall(() => decideTargetRelease(state, "update", proposed.version), 100_000),
  });
  return measured;
}

function statusBenchmarks() {
  return [8, 32, 128, 1024].map((sleds) => {
    const parsed = parseRackState(rackDocument(sleds));
    if (!parsed.ok) throw new Error(parsed.message);
    const state = parsed.state;
    const us = timePerCall(() => computeStatus(state, { contactSupportField: true }), Math.max(200, Math.floor(400_000 / sleds)));
    const components = Object.values(computeStatus(state, { contactSupportField: true }).components_by_release_version).reduce(
      (a, b) => a + b,
      0,
    );
    return { sleds, components, us };
  });
}

// ---------------------------------------------------------------------------------------------------
// Report

const pad = (rows: string[][]) => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  return rows
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  "))
    .join("\n");
};

interface Target {
  readonly name: string;
  readonly server: { readonly port: number; readonly pid: number; stop(): Promise<void> };
  readonly rounds: number;
  readonly results: LoadResult[];
  /** The server's CPU time (user + system) per answer in each round, µs: steadier than req/s on a shared VM. */
  readonly cpuUs: number[];
}

/** One round against a target: warm-up, then the measured load with the server's CPU time around it. */
async function measureRound(target: Target): Promise<void> {
  await load(target.server.port, WARMUP_MS, 0);
  const before = cpuMs(target.server.pid);
  const result = await load(target.server.port, DURATION_MS, 0);
  const answers = Object.values(result.statuses).reduce((a, b) => a + b, 0);
  target.results.push(result);
  target.cpuUs.push(((cpuMs(target.server.pid) - before) * 1000) / answers);
}

/** The in-process tables: the mock core called directly, and the status computation. */
function printInProcess(core: ReturnType<typeof coreBenchmarks>, status: ReturnType<typeof statusBenchmarks>): void {
  console.log(
    `\nMock core called directly (best of 5 rounds)\n${pad([["request", "µs/request"], ...core.map((c) => [c.name, fmt(c.us, 2)])])}`,
  );
  const full = core[0]?.us ?? Number.NaN;
  console.log(`core, full pipeline at ${BENCH_SLEDS} sleds: ${fmt(full, 2)} µs (target < 10 µs): ${full < 10 ? "met" : "MISSED"}`);

  console.log(
    `\nStatus computation (computeStatus)\n${pad([
      ["sleds", "components", "µs/call", "µs/sled"],
      ...status.map((s) => [String(s.sleds), String(s.components), fmt(s.us, 2), fmt(s.us / s.sleds, 3)]),
    ])}`,
  );
}

async function main() {
  const latest = (JSON.parse(readFileSync(join(ROOT, "spec", "manifest.json"), "utf8")) as { latest: string }).latest;
  const idle = await idleShare(1000);
  console.log(
    `system-update bench: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${HAVE_TASKSET ? "servers on core 1, load generator on core 0" : "no CPU pinning"}`,
  );
  if (idle !== undefined)
    console.log(
      `machine idle before the run: ${fmt(idle * 100)}%${idle < 0.85 ? " (WARNING: something else is running; figures will be low and noisy)" : ""}`,
    );
  console.log(
    `HTTP: ${CONNECTIONS} keep-alive connections; ${ROUNDS} alternating rounds of ${WARMUP_MS} ms warm-up + ${DURATION_MS} ms measured per target (Prism ${PRISM_ROUNDS}); medians`,
  );
  console.log(
    `request: PUT /v1/system/update/target-release ${PUT_BODY} (passes every rule on a ${BENCH_SLEDS}-sled rack, refused at the repository lookup: the state never changes)\n`,
  );

  const core = coreBenchmarks();
  const status = statusBenchmarks();
  if (IN_PROCESS_ONLY) {
    printInProcess(core, status);
    return;
  }

  const tsx = (script: string, ...rest: string[]) => startProcess(process.execPath, ["--import", "tsx", script, ...rest]);
  const targets: Target[] = [];
  const add = async (name: string, start: () => Promise<Target["server"]>, check: (port: number) => Promise<void>, rounds = ROUNDS) => {
    const server = await start();
    targets.push({ name, server, rounds, results: [], cpuUs: [] });
    await check(server.port);
    await load(server.port, 1000, 0);
  };
  try {
    await add(
      "(a) bare node:http, 204",
      () => tsx("bench/servers/bare.ts"),
      (port) => expectAnswer(port, 204),
    );
    await add(
      "(a') bare node:http, the mock's 404",
      () => tsx("bench/servers/bare-error.ts"),
      (port) => expectAnswer(port, 404, "not found: tuf-repo"),
    );
    await add(
      "(b) standalone mock",
      () => tsx("bench/servers/mock.ts", String(BENCH_SLEDS)),
      (port) => expectAnswer(port, 404, "not found: tuf-repo"),
    );
    await add(
      "(b0) standalone mock, journal off",
      () => tsx("bench/servers/mock.ts", String(BENCH_SLEDS), "no-journal"),
      (port) => expectAnswer(port, 404, "not found: tuf-repo"),
    );
    await add(
      "(b') `system-update mock`, logging",
      async () => {
        const port = await freePort();
        const server = await startProcess(process.execPath, ["--import", "tsx", "bin/system-update.ts", "mock", "--port", String(port)], {
          port,
          stdout: "ignore",
        });
        const seeded = await fetch(`http://127.0.0.1:${port}/__mock/state`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(rackDocument(BENCH_SLEDS)),
        });
        if (seeded.status !== 204) throw new Error(`seeding the CLI mock failed: ${seeded.status} ${await seeded.text()}`);
        return server;
      },
      (port) => expectAnswer(port, 404, "not found: tuf-repo"),
    );
    if (!SKIP_PRISM) {
      await add(
        "(c) Prism static mock",
        async () => {
          const port = await freePort();
          // Prism's own entry on this Node (its bin would take the first `node` on PATH).
          const prism = join(ROOT, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
          return startProcess(
            process.execPath,
            [prism, "mock", "-h", "127.0.0.1", "-p", String(port), "-v", "error", join("spec", `system-update-${latest}.json`)],
            { port },
          );
        },
        (port) => expectAnswer(port, 204),
        PRISM_ROUNDS,
      );
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        if (round >= target.rounds) continue;
        await measureRound(target);
      }
      const figures = targets.flatMap((t) => {
        const result = t.results[round];
        return result ? [`${t.name.split(" ")[0]} ${fmt(result.rps)}`] : [];
      });
      console.log(`  round ${round + 1}/${ROUNDS}: ${figures.join(", ")} req/s`);
    }
  } finally {
    await Promise.all(targets.map((target) => target.server.stop()));
  }

  const rows = [["target", "req/s", "p50 ms", "p99 ms", "server CPU µs/answer", "answers", "errors", "req/s of each round"]];
  for (const { name, results, cpuUs } of targets) {
    const m = medianRound(results);
    const answers = Object.entries(m.statuses)
      .map(([code, n]) => `${n} x ${code}`)
      .join(", ");
    rows.push([
      name,
      fmt(m.rps),
      fmt(m.p50, 3),
      fmt(m.p99, 3),
      fmt(median(cpuUs), 1),
      answers,
      String(results.reduce((a, r) => a + r.errors, 0)),
      results.map((r) => fmt(r.rps / 1000, 1) + "k").join(" "),
    ]);
  }
  console.log(`\nHTTP, PUT target-release with full validation (median round)\n${pad(rows)}`);

  const find = (prefix: string) => targets.find((t) => t.name.startsWith(prefix));
  /**
   * x/y as the median of per-round ratios: within a round the two were measured seconds apart, so a slow
   * minute of this VM hits both and cancels out, where a ratio of medians would compare different minutes.
   */
  const ratio = (x: string, y: string) => {
    const [top, bottom] = [find(x)?.results ?? [], find(y)?.results ?? []];
    const pairs = Math.min(top.length, bottom.length);
    if (pairs === 0) return Number.NaN;
    return median(Array.from({ length: pairs }, (_, i) => (top[i] as LoadResult).rps / (bottom[i] as LoadResult).rps));
  };
  console.log("\nRatios: the median over rounds of each round's ratio");
  const ba = ratio("(b)", "(a)");
  const bc = ratio("(b)", "(c)");
  console.log(`b/a = ${fmt(ba, 2)}x (target >= 0.55x): ${ba >= 0.55 ? "met" : "MISSED"}`);
  if (!SKIP_PRISM) console.log(`b/c = ${fmt(bc, 1)}x (target >= 10x): ${bc >= 10 ? "met" : "MISSED"}`);
  const journal = ratio("(b)", "(b0)");
  console.log(`b/b0 = ${fmt(journal, 2)}x (the request journal's cost; target >= 0.95x): ${journal >= 0.95 ? "met" : "MISSED"}`);
  console.log(`b'/a = ${fmt(ratio("(b')", "(a)"), 2)}x (the CLI with its request log)`);
  console.log(
    `a'/a = ${fmt(ratio("(a')", "(a)"), 2)}x, b/a' = ${fmt(ratio("(b)", "(a')"), 2)}x (the cost of sending the Error body at all, and the mock against that ceiling)`,
  );
  const cpu = (prefix: string) => median(find(prefix)?.cpuUs ?? []);
  console.log(
    `server CPU per answer: b/b0 = ${fmt(cpu("(b)") / cpu("(b0)"), 2)}x (the journal), b/a' = ${fmt(cpu("(b)") / cpu("(a')"), 2)}x (the mock against the same answer with no mock)`,
  );

  printInProcess(core, status);

  // The spec diff (bench/diff.ts; also `npm run bench:diff` alone).
  console.log(`\n${await diffBenchmark()}`);
  // Hostile input (bench/hardening.ts; also `npm run bench:hardening` alone).
  console.log(`\n${await hardeningBenchmark()}`);
  // The devtools page (bench/devtools.ts; also `npm run bench:devtools` alone).
  console.log(`\n${await devtoolsBenchmark()}`);
}

await main();
