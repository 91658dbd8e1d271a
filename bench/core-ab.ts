/**
 * `node --import tsx bench/core-ab.ts <checkout> [<checkout> ...]`: the mock core of each checkout (a
 * directory holding the repository at some commit, e.g. made with `git worktree add --detach`), loaded
 * into this one process side by side and called directly on a 32-sled rack: PUT target-release (404 at
 * the repository lookup, the HTTP bench's request) and GET status. Rounds alternate between checkouts
 * (order swapped each round); each figure is the best round's process CPU time per request, which a
 * busy machine distorts less than wall time.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { BENCH_PUT, rackDocument } from "./racks.js";

interface CoreLike {
  handle(request: unknown): unknown;
  setState(state: unknown): void;
}
type HeadersFrom = (record: Readonly<Record<string, string>>) => unknown;

const ROUNDS = 15;
const PUTS = 50_000;
const GETS = 10_000;

const roots = process.argv.slice(2).map((root) => resolve(root));
if (roots.length === 0) throw new Error("usage: node --import tsx bench/core-ab.ts <checkout> [<checkout> ...]");

async function load(root: string) {
  const { createMockCore } = (await import(`${root}/mocks/core/mock.ts`)) as { createMockCore: () => CoreLike };
  // The message module moved from core/http/ to core/protocol/ when the core was layered.
  const message = ["protocol", "http"].map((dir) => `${root}/mocks/core/${dir}/message.ts`).find((path) => existsSync(path));
  if (message === undefined) throw new Error(`${root}: no mocks/core/{protocol,http}/message.ts`);
  const { headersFrom } = (await import(message)) as { headersFrom: HeadersFrom };
  const core = createMockCore();
  core.setState(rackDocument(32));
  const requests = [
    {
      calls: PUTS,
      request: {
        method: BENCH_PUT.method,
        url: BENCH_PUT.path,
        headers: headersFrom(BENCH_PUT.headers),
        body: new TextEncoder().encode(BENCH_PUT.body),
      },
    },
    {
      calls: GETS,
      request: {
        method: "GET",
        url: "/v1/system/update/status",
        headers: headersFrom({ "api-version": BENCH_PUT.headers["api-version"] }),
        body: null,
      },
    },
  ];
  return { root, core, requests, best: requests.map(() => Number.POSITIVE_INFINITY) };
}

const sides = await Promise.all(roots.map(load));
for (let round = 0; round < ROUNDS; round++) {
  for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
    side.requests.forEach(({ calls, request }, i) => {
      const start = process.cpuUsage();
      for (let k = 0; k < calls; k++) side.core.handle(request);
      const used = process.cpuUsage(start);
      side.best[i] = Math.min(side.best[i] ?? Number.POSITIVE_INFINITY, (used.user + used.system) / calls);
    });
  }
}
for (const side of sides) {
  const [put = Number.NaN, get = Number.NaN] = side.best;
  console.log(
    `${side.root}: PUT target-release ${put.toFixed(2)} µs, GET status ${get.toFixed(2)} µs (CPU per request, best of ${ROUNDS} rounds)`,
  );
}
