/**
 * `npm run bench:diff` (and the last part of `npm run bench`): the spec diff on real documents, the
 * Nexus API documents kept in test/fixtures/nexus. Each case runs in a fresh process, three times; the
 * figures are the median CPU time (user + system) of `diffSpecs` plus the Markdown, and the process's
 * peak RSS, with the part above what the parsed documents alone took.
 *
 * Cases: consecutive Nexus versions; six months of Nexus in one pair; a document against itself with its
 * schemas reordered and with its keys sorted (the worst cases of a line diff of the raw text), and with every
 * description reworded (thousands of edits, all of them in the line diff); and the
 * sorted-keys case on copies enlarged 2x and 4x (operations and schemas duplicated under new names), to
 * show memory and time growing linearly with the documents.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { diffSpecs, renderDiff, type Json, type JsonObject } from "../src/diff/index.js";
import { ROOT } from "./processes.js";
import { median, table } from "./report.js";

const ROUNDS = 3;
/** The CPU target of a Nexus-sized pair (issue 22: under 1 s). */
const TARGET_CPU_S = 1;

const nexus = (version: string): JsonObject =>
  JSON.parse(gunzipSync(readFileSync(resolve(ROOT, "test/fixtures/nexus", `nexus-${version}.json.gz`))).toString("utf8")) as JsonObject;

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) Object.defineProperty(out, key, { value: sortKeys(value[key] as Json), enumerable: true });
  return out;
}

/** Every `description` string changed: a large line diff (thousands of edits) on a real document. */
function reworded(value: Json): Json {
  if (Array.isArray(value)) return value.map(reworded);
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const child = value[key] as Json;
    const next = key === "description" && typeof child === "string" ? `${child} (reworded)` : reworded(child);
    Object.defineProperty(out, key, { value: next, enumerable: true });
  }
  return out;
}

function reversedSchemas(doc: JsonObject): JsonObject {
  const components = doc["components"] as JsonObject;
  return {
    ...doc,
    components: { ...components, schemas: Object.fromEntries(Object.entries(components["schemas"] as JsonObject).reverse()) },
  };
}

/** `times` copies of every path and schema under new names, refs renamed to match: a larger API of the same shape. */
function enlarged(doc: JsonObject, times: number): JsonObject {
  const text = JSON.stringify({ paths: doc["paths"], schemas: (doc["components"] as JsonObject)["schemas"] });
  const paths: JsonObject = {};
  const schemas: JsonObject = {};
  for (let copy = 0; copy < times; copy++) {
    const renamed = copy === 0 ? text : text.replaceAll("#/components/schemas/", `#/components/schemas/C${copy}`);
    const part = JSON.parse(renamed) as { paths: JsonObject; schemas: JsonObject };
    for (const [path, item] of Object.entries(part.paths)) paths[copy === 0 ? path : `/copy${copy}${path}`] = item;
    for (const [name, schema] of Object.entries(part.schemas)) schemas[copy === 0 ? name : `C${copy}${name}`] = schema;
  }
  return { ...doc, paths, components: { ...(doc["components"] as JsonObject), schemas } };
}

const HEAD = "2026081901.0.0-e5e4f5";
const CASES: Record<string, () => [JsonObject, JsonObject]> = {
  "nexus 2026021301 -> 2026021900": () => [nexus("2026021301.0.0-6e51ab"), nexus("2026021900.0.0-c4f8f3")],
  "nexus 2026021900 -> 2026022500": () => [nexus("2026021900.0.0-c4f8f3"), nexus("2026022500.0.0-3651d5")],
  "nexus 2026022500 -> 2026030200": () => [nexus("2026022500.0.0-3651d5"), nexus("2026030200.0.0-745133")],
  "nexus 2026021301 -> 2026081901 (6 months)": () => [nexus("2026021301.0.0-6e51ab"), nexus(HEAD)],
  "nexus 2026081901, schemas reordered": () => [nexus(HEAD), reversedSchemas(nexus(HEAD))],
  "nexus 2026081901, keys sorted": () => [nexus(HEAD), sortKeys(nexus(HEAD)) as JsonObject],
  "nexus 2026081901, every description reworded": () => [nexus(HEAD), reworded(nexus(HEAD)) as JsonObject],
  "nexus 2026081901 x2, keys sorted": () => [enlarged(nexus(HEAD), 2), sortKeys(enlarged(nexus(HEAD), 2)) as JsonObject],
  "nexus 2026081901 x4, keys sorted": () => [enlarged(nexus(HEAD), 4), sortKeys(enlarged(nexus(HEAD), 4)) as JsonObject],
};

interface Sample {
  cpuS: number;
  peakMb: number;
  loadedMb: number;
  operations: number;
  megabytes: number;
  markdown: number;
  changedOperations: number;
}

/** One measurement, in this process (the child). */
function measure(name: string): Sample {
  const make = CASES[name];
  if (make === undefined) throw new Error(`no case ${name}`);
  const [before, after] = make();
  const loadedMb = process.memoryUsage().rss / 2 ** 20;
  const start = process.cpuUsage();
  const diff = diffSpecs(before, after);
  const markdown = renderDiff(diff, "markdown");
  const cpu = process.cpuUsage(start);
  const operations = Object.values(before["paths"] as JsonObject).reduce(
    (n: number, item) => n + Object.keys(item as JsonObject).length,
    0,
  );
  return {
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakMb: process.resourceUsage().maxRSS / 1024,
    loadedMb,
    operations,
    megabytes: JSON.stringify(before, null, 2).length / 2 ** 20,
    markdown: markdown.length,
    changedOperations: diff.operations.length,
  };
}

async function sample(name: string): Promise<Sample> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", name], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as Sample;
}

/** Runs every case and returns the report. */
export async function diffBenchmark(): Promise<string> {
  const rows = [["case", "ops", "MB", "CPU s", "peak RSS MB", "above loaded MB", "Markdown chars", "ops reported"]];
  let worstPair = 0;
  for (const name of Object.keys(CASES)) {
    const samples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) samples.push(await sample(name));
    const first = samples[0];
    if (first === undefined) continue;
    const cpu = median(samples.map((s) => s.cpuS));
    if (name.includes("->")) worstPair = Math.max(worstPair, cpu);
    rows.push([
      name,
      String(first.operations),
      first.megabytes.toFixed(2),
      cpu.toFixed(2),
      median(samples.map((s) => s.peakMb)).toFixed(0),
      median(samples.map((s) => s.peakMb - s.loadedMb)).toFixed(0),
      first.markdown.toLocaleString("en-US"),
      String(first.changedOperations),
    ]);
  }
  return [
    `Spec diff on real documents (fresh process per run, median of ${ROUNDS}; CPU = diffSpecs + Markdown)`,
    table(rows),
    `worst Nexus pair: ${worstPair.toFixed(2)} s CPU (target < ${TARGET_CPU_S} s): ${worstPair < TARGET_CPU_S ? "met" : "MISSED"}`,
  ].join("\n");
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const at = process.argv.indexOf("--child");
  if (at >= 0) process.stdout.write(JSON.stringify(measure(process.argv[at + 1] ?? "")));
  else console.log(await diffBenchmark());
}
