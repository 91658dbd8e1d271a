/**
 * `npm run bench:devtools` (also the last part of `npm run bench`): the devtools page.
 *
 * Render: the page in headless Chromium on racks of 32 and 1,024 sleds (bench/racks.ts), each shown
 * once and then re-rendered `RENDERS` times (the state written again, the page hearing it live); the
 * page's own performance measures give the grid's build (HTML text and DOM) and the time until the next
 * frame could be drawn (style and layout included). Median of the re-renders; the first, cold, apart.
 *
 * Live channel: mock servers in their own processes (pinned to core 1 when `taskset` exists; Chromium and
 * the requests share core 0) with a 32-sled rack, and 10 pages open on the default session. The server's
 * CPU time (from /proc, in clock ticks of 10 ms) while idle, and while it answers 200 journaled API requests
 * a second (each one an event every page hears), with no page, 10 pages on server-sent events, and 10 pages
 * polling (the fallback when the server has no stream to spare: a server with its stream cap at 0).
 */
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { createMockControl } from "../mocks/index.js";
import { startMockServer } from "../mocks/server.js";
import { HAVE_TASKSET, cpuMs, pinToLoadCore, sleep, startProcess, type ServerProcess } from "./processes.js";
import { NOT_UPLOADED, rackDocument } from "./racks.js";
import { fmt, median, table } from "./report.js";

const RENDERS = 7;
const PAGES = 10;
const WINDOW_MS = 3000;
const ROUNDS = 3;
const RATE = 200;

// ---------------------------------------------------------------------------------------------------
// Render

/** Durations of the page's performance measure `name`, oldest first. */
const measures = (page: Page, name: string) =>
  page.evaluate((wanted) => performance.getEntriesByName(wanted, "measure").map((entry) => entry.duration), name);

async function renderBenchmark(browser: Browser): Promise<string[][]> {
  const server = await startMockServer({ port: 0 });
  const rows = [["sleds", "state JSON KB", "page ready ms", "first grid ms", "grid build ms", "grid to next frame ms"]];
  try {
    for (const sleds of [32, 1024]) {
      const session = `render-${sleds}`;
      const control = createMockControl({ baseUrl: server.url, session });
      const document = rackDocument(sleds);
      await control.setState(document);
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/__mock/?session=${session}`);
      await page.waitForSelector("system-update-devtools[data-ready=true][data-live=events]", { timeout: 60_000 });
      const ready = await page.evaluate(() => performance.now());
      await page.waitForFunction(() => performance.getEntriesByName("system-update-devtools:grid-frame", "measure").length >= 1);
      const first = (await measures(page, "system-update-devtools:grid-frame"))[0] ?? Number.NaN;
      for (let render = 1; render <= RENDERS; render++) {
        await control.setState(document);
        await page.waitForFunction(
          (count) => performance.getEntriesByName("system-update-devtools:grid-frame", "measure").length > count,
          render,
          { timeout: 60_000 },
        );
      }
      const build = (await measures(page, "system-update-devtools:grid")).slice(1);
      const frame = (await measures(page, "system-update-devtools:grid-frame")).slice(1);
      rows.push([
        String(sleds),
        fmt(JSON.stringify(document).length / 1024),
        fmt(ready),
        fmt(first),
        fmt(median(build), 1),
        fmt(median(frame), 1),
      ]);
      await context.close();
    }
  } finally {
    await server.close();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// The live channel's cost on the server

interface BenchServer extends ServerProcess {
  readonly url: string;
}

/** This file as a mock server child process (see the end of the file), with its event stream cap. */
async function startServerProcess(maxStreams: number): Promise<BenchServer> {
  const server = await startProcess(process.execPath, ["--import", "tsx", "bench/devtools.ts", "--child-server", String(maxStreams)]);
  return { ...server, url: `http://127.0.0.1:${server.port}` };
}

async function openPages(browser: Browser, url: string, mode: "events" | "polling"): Promise<() => Promise<void>> {
  const contexts = await Promise.all(Array.from({ length: PAGES }, () => browser.newContext()));
  await Promise.all(
    contexts.map(async (context) => {
      const page = await context.newPage();
      await page.goto(`${url}/__mock/`);
      await page.waitForSelector(`system-update-devtools[data-ready=true][data-live=${mode}]`, { timeout: 60_000 });
    }),
  );
  return async () => {
    await Promise.all(contexts.map((context) => context.close()));
  };
}

interface Cost {
  readonly idleMsPerS: number;
  readonly busyMsPerS: number;
}

/**
 * `RATE` journaled API requests a second for `ms`, paced (a test suite or an app, not a flood): each one an
 * event every page hears.
 */
async function pacedRequests(url: string, ms: number): Promise<number> {
  const pending: Promise<unknown>[] = [];
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < ms) {
    pending.push(
      fetch(`${url}/v1/system/update/target-release`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ system_version: NOT_UPLOADED }),
      }).then((response) => response.arrayBuffer()),
    );
    sent += 1;
    await sleep(Math.max(0, start + (sent * 1000) / RATE - performance.now()));
  }
  await Promise.all(pending);
  return sent;
}

/** Server CPU a second while idle, then while it answers `RATE` requests a second. */
async function measureCost(server: BenchServer): Promise<Cost> {
  await sleep(1000);
  const idleStart = cpuMs(server.pid);
  await sleep(WINDOW_MS);
  const idleMsPerS = ((cpuMs(server.pid) - idleStart) * 1000) / WINDOW_MS;
  await pacedRequests(server.url, 500);
  const busyStart = cpuMs(server.pid);
  const started = performance.now();
  await pacedRequests(server.url, WINDOW_MS);
  const busyMsPerS = ((cpuMs(server.pid) - busyStart) * 1000) / (performance.now() - started);
  return { idleMsPerS, busyMsPerS };
}

async function channelBenchmark(browser: Browser): Promise<string[][]> {
  // Both servers run throughout; the three cases alternate, round after round, so a busy moment of a
  // shared machine hits each alike (the figures are medians over the rounds).
  const live = await startServerProcess(64);
  const polled = await startServerProcess(0);
  const cases: Record<string, Cost[]> = { none: [], events: [], polling: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      cases.none?.push(await measureCost(live));
      let close = await openPages(browser, live.url, "events");
      cases.events?.push(await measureCost(live));
      await close();
      close = await openPages(browser, polled.url, "polling");
      cases.polling?.push(await measureCost(polled));
      await close();
    }
  } finally {
    await Promise.all([live.stop(), polled.stop()]);
  }
  const names: Record<string, string> = { none: "none", events: `${PAGES}, server-sent events`, polling: `${PAGES}, polling every 2 s` };
  const rows = [["pages", "idle: server CPU ms/s", `${RATE} requests/s: server CPU ms/s`, "each round (idle / busy)"]];
  for (const [key, costs] of Object.entries(cases)) {
    rows.push([
      names[key] ?? key,
      fmt(median(costs.map((c) => c.idleMsPerS)), 1),
      fmt(median(costs.map((c) => c.busyMsPerS)), 1),
      costs.map((c) => `${fmt(c.idleMsPerS)}/${fmt(c.busyMsPerS)}`).join(" "),
    ]);
  }
  return rows;
}

/** Runs both parts and returns the report. */
export async function devtoolsBenchmark(): Promise<string> {
  pinToLoadCore();
  // Imported here: the server child process (below) loads only what it serves with.
  const { launchChromium } = await import("../test/support/chromium.js");
  const browser = await launchChromium();
  try {
    const render = await renderBenchmark(browser);
    const channel = await channelBenchmark(browser);
    return [
      `Devtools page: the grid in headless Chromium (median of ${RENDERS} live re-renders; the first apart)`,
      table(render),
      "",
      `Devtools live channel: server CPU (user + system, from /proc) with ${PAGES} pages open on a 32-sled rack, idle and while`,
      `it answers ${RATE} journaled PUT target-release a second (${WINDOW_MS / 1000} s each; median of ${ROUNDS} alternating rounds)${HAVE_TASKSET ? "; server on core 1, Chromium and the requests on core 0" : ""}`,
      table(channel),
    ].join("\n");
  } finally {
    await browser.close();
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const at = process.argv.indexOf("--child-server");
  if (at >= 0) {
    // The bench's pages all come from one client (this machine): let each of them hold its stream.
    const eventStreams = { maxStreams: Number(process.argv[at + 1]), maxStreamsPerClient: PAGES };
    const server = await startMockServer({ port: 0, eventStreams });
    server.core.setState(rackDocument(32));
    process.stdout.write(`listening ${server.port}\n`);
    process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
  } else {
    console.log(await devtoolsBenchmark());
  }
}
