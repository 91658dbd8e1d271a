/**
 * The closing `N passed, N failed` line is honest: a file whose hook fails after its tests passed, and a
 * file that fails on import, each count as a failure (an earlier reporter printed "0 failed" for both).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../support/repo-root.js";

it("counts a failing hook and a failing import as failures", () => {
  const fixtures = path.join(repoRoot, "test/fixtures/reporter");
  const run = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.config.ts"], {
    cwd: fixtures,
    encoding: "utf8",
    env: { ...process.env, SYSTEM_UPDATE_TEST_COUNTS: "" },
  });
  expect(run.status).toBe(1);
  const lines = run.stdout.trim().split("\n");
  expect(lines.at(-1)).toBe("3 passed, 2 failed");
}, 60_000);
