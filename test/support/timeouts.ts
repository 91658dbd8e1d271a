/**
 * How long vitest waits for tests and hooks that run whole programs or start processes, before it gives up.
 * Sized for a loaded 2-core CI machine (several suites at once, load average 15 seen): there tsc over a
 * consumer program or Chromium's launch has taken over 20 s, where alone they take a few. Budgets, not
 * timings: a test that passes never waits for them (timings belong in the benchmarks).
 */

/** tsc over a whole program, `npm pack` or `npm install`, bundling. */
export const WHOLE_PROGRAM_MS = 180_000;

/** Starting (or stopping) Chromium or a server process: the default hook timeout (vitest.config.ts). */
export const PROCESS_START_MS = 120_000;
