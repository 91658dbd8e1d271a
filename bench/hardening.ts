/**
 * `npm run bench:hardening` (and the last part of `npm run bench`): the hostile-input targets of
 * BENCHMARKS.md ("Targets"), measured against the standalone server in its own process (auth on, default
 * limits; a fresh process per case, so each peak RSS is that case's own):
 *
 *   a. CRC-32 throughput of `crc32` (in this process: it is a pure function), target >= 500 MB/s;
 *   b. a deflate bomb (254 KiB inflating to 255 MiB) uploaded while another connection polls
 *      `GET /v1/system/update/status` back to back: the longest poll is the stall (target <= ~100 ms);
 *   c. an upload of exactly the default cap (256 MiB) and one of a byte more: the server's peak RSS;
 *   d. 10,000 refused requests (401), each naming a new session, twice: RSS and the sessions kept after;
 *   e. `POST /__mock/advance {"until":"settled"}` after a new target release on 32 and 1,024 sleds,
 *      with the same poll beside it.
 *
 * Beside each case: "idle", the same poll for 300 ms before it (the machine's own noise), and "loop held",
 * the server's own longest event-loop delay during it (bench/servers/hardened.ts). BENCHMARKS.md, "Hardening".
 */
import { randomFillSync } from "node:crypto";
import { pathToFileURL } from "node:url";
import { DEFAULT_LIMITS } from "../mocks/core/protocol/limits.js";
import { CRC32_START, crc32, crc32Final, crc32Update } from "../mocks/core/tuf/crc32.js";
import { deflateBomb } from "./archives.js";
import { freePort, memoryOf, pinToLoadCore, resetPeak, sleep, startProcess, type ServerProcess } from "./processes.js";
import { rackDocument, UPLOADED_NEXT } from "./racks.js";
import { fmt, median, table } from "./report.js";
import { requestBytes, requestHead, send, sendMany, startProbe, type Answer, type ProbeResult } from "./raw-http.js";

const MIB = 1_048_576;
const CRC_BYTES = 64 * MIB;
const CRC_ROUNDS = 9;
const TARGET_CRC_MB_S = 500;
const TARGET_STALL_MS = 100;
const BOMB_INFLATED = 255 * MIB;
const BOMB_VERSION = "30.0.0";
const REFUSED = 10_000;
const CAP = DEFAULT_LIMITS.maxUploadBytes;
/** Runs of each upload case: a stall of the server's own shows in every run, the machine's noise in some. */
const UPLOAD_RUNS = 3;

/** The server's auth: one token per role the cases need, and the control token. */
const AUTH = { tokens: { admin: "admin", viewer: "viewer" }, control: "control" } as const;
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const STATUS = requestBytes("GET", "/v1/system/update/status", as("viewer"));
const uploadPath = (name: string) => `/v1/system/update/repositories?file_name=${name}`;

// ---------------------------------------------------------------------------------------------------
// a. CRC-32

function crcThroughput(): { oneCall: number; chunked: number } {
  const data = randomFillSync(new Uint8Array(CRC_BYTES));
  for (let i = 0; i < 20; i++) crc32(data.subarray(0, MIB));
  const best = (run: () => number) => {
    let seconds = Number.POSITIVE_INFINITY;
    for (let round = 0; round < CRC_ROUNDS; round++) {
      const start = performance.now();
      run();
      seconds = Math.min(seconds, (performance.now() - start) / 1000);
    }
    return CRC_BYTES / 1e6 / seconds;
  };
  // In 64 KiB pieces as well: zlib hands the inflated output over in small chunks, and each costs a call.
  const chunked = () => {
    let crc = CRC32_START;
    for (let at = 0; at < CRC_BYTES; at += 65_536) crc = crc32Update(crc, data.subarray(at, at + 65_536));
    return crc32Final(crc);
  };
  return { oneCall: best(() => crc32(data)), chunked: best(chunked) };
}

// ---------------------------------------------------------------------------------------------------
// The server cases

/** One case, run `runs` times against the same server: each figure per run, RSS from the first run on. */
interface Row {
  readonly name: string;
  /** The distinct answers. */
  readonly answers: string[];
  readonly ms: number[];
  /** Polls answered during the work, and the longest of them (the stall). */
  readonly polls: number[];
  readonly longest: number[];
  /** The same poll for 300 ms before the work: the machine's own noise. */
  readonly idle: number[];
  /** The server's own longest event-loop hold during the work (perf_hooks; includes time the OS did not run it). */
  readonly loopMs: number[];
  readonly statuses: Set<string>;
  readonly before: number;
  readonly peak: number;
  readonly after: number;
}

interface Server extends ServerProcess {
  /** The longest the server's event loop was held since the last call, in ms. */
  loopDelay(): Promise<number>;
}

async function startServer(): Promise<Server> {
  const statsPort = await freePort();
  const server = await startProcess(process.execPath, [
    "--import",
    "tsx",
    "bench/servers/hardened.ts",
    JSON.stringify(AUTH),
    String(statsPort),
  ]);
  const loopDelay = async () => (JSON.parse((await send(statsPort, requestBytes("GET", "/"))).body) as { maxMs: number }).maxMs;
  return { ...server, loopDelay };
}

async function idleProbe(server: Server): Promise<ProbeResult> {
  const probe = await startProbe(server.port, STATUS);
  await sleep(300);
  return probe.stop();
}

/** Runs `work` `runs` times with the status poll beside it, from a fresh peak; RSS half a second after the last answer. */
async function measured(server: Server, name: string, work: () => Promise<string>, runs = 1): Promise<Row> {
  resetPeak(server.pid);
  const row: Row = {
    name,
    answers: [],
    ms: [],
    polls: [],
    longest: [],
    idle: [],
    loopMs: [],
    statuses: new Set(),
    before: memoryOf(server.pid).rss,
    peak: 0,
    after: 0,
  };
  for (let run = 0; run < runs; run++) {
    row.idle.push((await idleProbe(server)).longest);
    const probe = await startProbe(server.port, STATUS);
    await server.loopDelay();
    const started = performance.now();
    const answer = await work();
    row.ms.push(performance.now() - started);
    row.loopMs.push(await server.loopDelay());
    const polled = await probe.stop();
    row.polls.push(polled.requests);
    row.longest.push(polled.longest);
    for (const status of Object.keys(polled.statuses)) row.statuses.add(status);
    if (!row.answers.includes(answer)) row.answers.push(answer);
  }
  const { peak } = memoryOf(server.pid);
  await sleep(500);
  return { ...row, peak, after: memoryOf(server.pid).rss };
}

async function expect(answer: Promise<Answer>, status: number, what: string): Promise<Answer> {
  const got = await answer;
  if (got.status !== status) throw new Error(`${what}: expected ${status}, got ${got.status} ${got.body}`);
  return got;
}

const short = (answer: Answer) => {
  const parsed = JSON.parse(answer.body || "{}") as { message?: string; status?: string };
  const text = parsed.message ?? parsed.status ?? "";
  const line = text.split("\n")[0] ?? "";
  return `${answer.status}${line ? ` ${line.length > 44 ? `${line.slice(0, 41)}...` : line}` : ""}`;
};

async function bomb(rows: Row[]): Promise<void> {
  const archive = await deflateBomb(BOMB_VERSION, BOMB_INFLATED);
  const server = await startServer();
  try {
    // The session's seeded root trusts the archive's test key: a viewer's upload is verified and read
    // whole (inflated, checked, hashed) and only then refused (403): the same work, nothing stored.
    const upload = (token: string) => send(server.port, requestHead("PUT", uploadPath("bomb.zip"), as(token), archive.byteLength), archive);
    const kib = (archive.byteLength / 1024).toFixed(0);
    rows.push(
      await measured(
        server,
        `b. deflate bomb ${kib} KiB -> 255 MiB, viewer`,
        async () => short(await expect(upload("viewer"), 403, "bomb as viewer")),
        UPLOAD_RUNS,
      ),
    );
    rows.push(
      await measured(server, `b. the same, admin`, async () => short(await expect(upload("admin"), 200, "bomb as admin")), UPLOAD_RUNS),
    );
  } finally {
    await server.stop();
  }
}

async function cap(rows: Row[]): Promise<string> {
  const body = Buffer.alloc(CAP + 1);
  const server = await startServer();
  let overMessage = "";
  try {
    const upload = (length: number) =>
      send(server.port, requestHead("PUT", uploadPath("big.zip"), as("viewer"), length), body.subarray(0, length));
    rows.push(
      await measured(
        server,
        `c. upload of the cap, ${CAP.toLocaleString("en-US")} B`,
        async () => short(await expect(upload(CAP), 400, "upload at the cap")),
        UPLOAD_RUNS,
      ),
    );
    rows.push(
      await measured(
        server,
        "c. upload of the cap + 1 B",
        async () => {
          const answer = await expect(upload(CAP + 1), 400, "upload over the cap");
          overMessage = (JSON.parse(answer.body) as { message: string }).message;
          return short(answer);
        },
        UPLOAD_RUNS,
      ),
    );
  } finally {
    await server.stop();
  }
  return overMessage;
}

async function refused(rows: Row[]): Promise<string> {
  const server = await startServer();
  try {
    // Warm: the paths a refusal takes are compiled and the heap has grown to its working size.
    await sendMany(server.port, 2000, 8, (i) => requestBytes("GET", "/v1/system/update/status", { "x-mock-session": `warm-${i}` }));
    for (const batch of [1, 2]) {
      rows.push(
        await measured(server, `d. ${REFUSED.toLocaleString("en-US")} refused GETs, new session each (${batch})`, async () => {
          const statuses = await sendMany(server.port, REFUSED, 8, (i) =>
            requestBytes("GET", "/v1/system/update/status", { "x-mock-session": `refused-${batch}-${i}` }),
          );
          return Object.entries(statuses)
            .map(([status, n]) => `${n} x ${status}`)
            .join(", ");
        }),
      );
    }
    const sessions = await expect(send(server.port, requestBytes("GET", "/__mock/sessions", as(AUTH.control))), 200, "sessions");
    return sessions.body.replace(/\s+/g, "");
  } finally {
    await server.stop();
  }
}

async function settle(rows: Row[], sleds: number): Promise<void> {
  const server = await startServer();
  try {
    const state = JSON.stringify(rackDocument(sleds));
    await expect(
      send(server.port, requestBytes("PUT", "/__mock/state", { ...as(AUTH.control), "content-type": "application/json" }, state)),
      204,
      "state",
    );
    const target = JSON.stringify({ system_version: UPLOADED_NEXT });
    await expect(
      send(
        server.port,
        requestBytes("PUT", "/v1/system/update/target-release", { ...as("admin"), "content-type": "application/json" }, target),
      ),
      204,
      "target release",
    );
    rows.push(
      await measured(server, `e. advance until settled, ${sleds.toLocaleString("en-US")} sleds`, async () => {
        // One call does at most 10,000 planner steps (MAX_ADVANCE_STEPS): call again until settled.
        let steps = 0;
        let calls = 0;
        for (;;) {
          calls++;
          const answer = await expect(
            send(
              server.port,
              requestBytes("POST", "/__mock/advance", { ...as(AUTH.control), "content-type": "application/json" }, '{"until":"settled"}'),
            ),
            200,
            "advance",
          );
          const result = JSON.parse(answer.body) as { steps: number; settled: boolean };
          steps += result.steps;
          if (result.settled) break;
        }
        return `200, ${steps.toLocaleString("en-US")} steps in ${calls} call${calls > 1 ? "s" : ""}`;
      }),
    );
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
/** One run's figure, or the median with the lowest and highest. */
const spread = (values: readonly number[], digits = 0) =>
  values.length === 1
    ? fmt(values[0] ?? Number.NaN, digits)
    : `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}-${fmt(Math.max(...values), digits)})`;

/** Runs every case and returns the report. */
export async function hardeningBenchmark(): Promise<string> {
  pinToLoadCore();
  const crc = crcThroughput();
  const rows: Row[] = [];
  await bomb(rows);
  const overMessage = await cap(rows);
  const sessions = await refused(rows);
  await settle(rows, 32);
  await settle(rows, 1024);

  const polls = rows.filter((row) => [...row.statuses].some((status) => status !== "200"));
  const worst = (prefix: string) => Math.max(...rows.filter((row) => row.name.startsWith(prefix)).map((row) => median(row.longest)));
  const worstBomb = worst("b.");
  const worstAdvance = worst("e.");
  const capMessage = `request body exceeded maximum size of ${CAP} bytes`;
  const [first, second] = rows.filter((row) => row.name.startsWith("d."));
  const crcWorst = Math.min(crc.oneCall, crc.chunked);
  return [
    "Hardening: hostile input against the standalone server (its own process, auth on, default limits; a fresh process per case)",
    `CRC-32 (crc32, in process, ${CRC_BYTES / MIB} MiB, best of ${CRC_ROUNDS}): ${fmt(crc.oneCall)} MB/s in one call, ${fmt(crc.chunked)} MB/s in 64 KiB pieces`,
    `Upload cases run ${UPLOAD_RUNS} times each: median (lowest-highest). "idle" is the longest GET in 300 ms before each run.`,
    "",
    table(
      [
        ["case", "answer", "wall ms", "GETs", "longest GET ms", "idle ms", "loop held ms", "RSS before MiB", "peak MiB", "RSS after MiB"],
        ...rows.map((row) => [
          row.name,
          row.answers.join(" / "),
          spread(row.ms),
          spread(row.polls),
          spread(row.longest, 1),
          spread(row.idle, 1),
          spread(row.loopMs, 1),
          fmt(row.before),
          fmt(row.peak),
          fmt(row.after),
        ]),
      ],
      2,
    ),
    "",
    `CRC-32: ${fmt(crcWorst)} MB/s (target >= ${TARGET_CRC_MB_S} MB/s): ${verdict(crcWorst >= TARGET_CRC_MB_S)}`,
    `longest GET behind the deflate bomb (median of ${UPLOAD_RUNS}): ${fmt(worstBomb, 1)} ms (target <= ~${TARGET_STALL_MS} ms): ${verdict(worstBomb <= TARGET_STALL_MS)}`,
    `longest GET behind advance until settled: ${fmt(worstAdvance, 1)} ms (same target): ${verdict(worstAdvance <= TARGET_STALL_MS)}`,
    `upload of the cap + 1 B refused with "${capMessage}": ${overMessage === capMessage ? "yes" : `NO: "${overMessage}"`}`,
    `after ${fmt(2 * REFUSED)} refused requests naming new sessions: sessions ${sessions}; RSS ${fmt(first?.before ?? 0)} -> ${fmt(first?.after ?? 0)} -> ${fmt(second?.after ?? 0)} MiB`,
    ...(polls.length > 0 ? [`WARNING: polls answered other than 200 in: ${polls.map((row) => row.name).join("; ")}`] : []),
  ].join("\n");
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) console.log(await hardeningBenchmark());
