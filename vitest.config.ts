import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { packageAliases } from "./test/support/package-aliases.js";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: packageAliases(repoRoot) },
  test: {
    // Not the type tests (*.test-d.ts): the typecheck stage of `npm test` (tsc over tsconfig.json) checks
    // them with everything else; vitest's typecheck mode would run that whole-project tsc again for any
    // selection that includes one (test/hygiene/type-tests.test.ts keeps them in tsc's program).
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    pool: "forks",
    // The default report, then one plain "N passed, N failed" line for tools that read the log.
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
