import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { packageAliases } from "./test/support/package-aliases.js";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: packageAliases(repoRoot) },
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    testTimeout: 20_000,
    pool: "forks",
    // The default report, then one plain "N passed, N failed" line for tools that read the log.
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
