import { defineConfig } from "vitest/config";

export default defineConfig({
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
