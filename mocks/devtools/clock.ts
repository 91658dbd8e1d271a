/**
 * A planner clock whose interval can change while it runs: the standalone server's (`--advance-every`,
 * `GET|PUT /__mock/clock`) and the in-page panel's. Browser-safe.
 */
import { startPlannerClock, type PlannerClock } from "../core/planner-clock.js";
import type { MockCore } from "../core/mock.js";
import { isJsonObject, ownField } from "../../src/shared/json.js";

/** setTimeout's and setInterval's longest delay (about 24.8 days): the most any interval or timeout flag takes. */
export const MAX_TIMER_MS = 2_147_483_647;

export interface AdjustableClock {
  /** The interval now; null when the rack moves only when told. */
  readonly everyMs: number | null;
  /** Restarts the clock with this interval (null stops it). */
  set(everyMs: number | null): void;
  stop(): void;
}

export function adjustableClock(core: Pick<MockCore, "tick">, everyMs: number | undefined): AdjustableClock {
  let current: PlannerClock | undefined;
  let interval: number | null = null;
  const set = (ms: number | null) => {
    current?.stop();
    current = ms === null ? undefined : startPlannerClock(core, ms);
    interval = ms;
  };
  set(everyMs ?? null);
  return {
    get everyMs() {
      return interval;
    },
    set,
    stop: () => set(null),
  };
}

/** The interval of a `{"everyMs": n | null}` request, or why it is not one. */
export function clockSetting(body: unknown): { ok: true; everyMs: number | null } | { ok: false; message: string } {
  const everyMs = isJsonObject(body) ? ownField(body, "everyMs") : undefined;
  if (everyMs === null || (typeof everyMs === "number" && Number.isInteger(everyMs) && everyMs >= 1 && everyMs <= MAX_TIMER_MS)) {
    return { ok: true, everyMs };
  }
  return {
    ok: false,
    message: `body must be {"everyMs": n}, n a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, or {"everyMs": null} to stop`,
  };
}
