/**
 * A planner clock: one planner step in every session that may still move, every `everyMs` (the server's
 * `--advance-every`, the MSW handlers' `advanceEveryMs`). A tick that is still running when the next is
 * due is not started twice. Browser-safe.
 */
import type { MockCore } from "./mock.js";

export interface PlannerClock {
  stop(): void;
}

export function startPlannerClock(core: Pick<MockCore, "tick">, everyMs: number): PlannerClock {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    core
      .tick()
      // A bug in the planner must not take the server (or the test) down with it.
      .catch((error: unknown) => console.error("system-update mock: planner step failed", error))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  // In Node, a clock alone does not keep the process alive.
  (timer as { unref?: () => void }).unref?.();
  return { stop: () => clearInterval(timer) };
}
