/**
 * The consumer stage: test/consumer/, on Node 26 (test/node26), where a fresh project installs the packed
 * tarball with what npm installs today. Run by `npm run test:consumer`.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/consumer/*.consumer-test.ts"],
    testTimeout: 240_000,
    hookTimeout: 420_000,
    pool: "forks",
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
