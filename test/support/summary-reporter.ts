/**
 * Ends the run with one plain line, `N passed, N failed[, N skipped]`, that tools reading a test log
 * understand whatever the runner (vitest's own summary is decorated). A file that fails outside its tests
 * (an import, a hook, a check after the tests) counts as one failure, and so does every unhandled error,
 * so a run can never read "0 failed" while something failed.
 *
 * With `SYSTEM_UPDATE_TEST_COUNTS=<file>` it also writes the counts there as JSON, for the runner that
 * adds up several stages (scripts/test.ts).
 */
import { writeFileSync } from "node:fs";
import type { Reporter, SerializedError, TestModule } from "vitest/node";

export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function countResults(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): TestCounts {
  let passed = 0;
  let failed = unhandledErrors.length;
  let skipped = 0;
  for (const module of testModules) {
    let failedTests = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === "passed") passed += 1;
      else if (state === "failed") failedTests += 1;
      else skipped += 1;
    }
    failed += failedTests;
    // The file failed, but not (only) through its tests: a hook, an import, a typecheck error.
    if (module.state() === "failed" && (failedTests === 0 || module.errors().length > 0)) failed += 1;
  }
  return { passed, failed, skipped };
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = countResults(testModules, unhandledErrors);
    const file = process.env["SYSTEM_UPDATE_TEST_COUNTS"];
    if (file) writeFileSync(file, JSON.stringify(counts));
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ""}\n`);
  }
}
