/**
 * `npm run bench:tuf`: what verifying an upload costs the event loop, in process. A repository whose signed
 * `targets.json` is just under the mock's `maxMetadataBytes` (1 MiB: the largest metadata file it reads) is
 * read with `readRepositoryArchive` (zip, root chain, timestamp, snapshot, targets, every signature, every
 * listed target's length and sha256) against the seeded trust root, with the default limits, five times,
 * while `monitorEventLoopDelay` (1 ms resolution) records how late the loop ran: its maximum is the longest
 * time other requests would have waited. (The hardening bench's deflate bomb covers large targets.)
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { DEFAULT_LIMITS } from "../mocks/core/protocol/limits.js";
import { buildRepositoryEntries } from "../mocks/core/tuf/archive-build.js";
import { readRepositoryArchive } from "../mocks/core/tuf/archive-read.js";
import { seedRootRole } from "../mocks/core/tuf/seed-root.js";
import { writeZip } from "../mocks/core/tuf/zip-write.js";
import { median } from "./report.js";

const ARTIFACTS = 5_300;
const RUNS = 5;

const artifacts = Array.from({ length: ARTIFACTS }, (_, i) => ({
  name: `component-${String(i).padStart(6, "0")}`,
  version: "1.0.0",
  kind: "zone",
  data: new Uint8Array([i & 0xff]),
}));
const entries = await buildRepositoryEntries({ systemVersion: "1.0.0", artifacts });
const targetsBytes = entries.find((entry) => entry.name === "repo/metadata/1.targets.json")?.data.byteLength ?? 0;
const archive = writeZip(entries);
const walls: number[] = [];
const stalls: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.now();
  const read = await readRepositoryArchive(archive, DEFAULT_LIMITS, [seedRootRole()]);
  walls.push(performance.now() - start);
  delay.disable();
  stalls.push(delay.max / 1e6);
  if (!read.ok) throw new Error(read.message);
}
const range = (values: number[]) => `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`;
console.log(`TUF verification, in process: a ${(archive.byteLength / 1_048_576).toFixed(2)} MiB archive, ${ARTIFACTS} artifacts,`);
console.log(`targets.json ${targetsBytes.toLocaleString("en-US")} B; ${RUNS} runs, median (lowest-highest)`);
console.log(`  wall ms           ${range(walls)}`);
console.log(`  longest stall ms  ${range(stalls)}`);
