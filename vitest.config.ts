import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { packageAliases } from "./test/support/package-aliases.js";
import { PROCESS_START_MS } from "./test/support/timeouts.js";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: packageAliases(repoRoot) },
  test: {
    // Not the type tests (*.test-d.ts): the typecheck stage of `npm test` (tsc over tsconfig.json) checks
    // them with everything else; vitest's typecheck mode would run that whole-project tsc again for any
    // selection that includes one (test/hygiene/type-tests.test.ts keeps them in tsc's program).
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // Hooks launch Chromium, the mock's server process or Prism: a budget for a loaded machine, in one place
    // (test/support/timeouts.ts). A hook that needs more names its own.
    hookTimeout: PROCESS_START_MS,
    pool: "forks",
    // The default report, then one plain "N passed, N failed" line for tools that read the log.
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
