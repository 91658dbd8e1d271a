/**
 * The panel's pacing of its reads (mocks/devtools/page/paced-runs.js): never two runs of one name at once,
 * at most one more waiting, and starts at least a gap (or twice the last run's time) apart.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PacedRuns } from "../../mocks/devtools/page/paced-runs.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs that finish when told, recording when each started. */
function controlledRuns(gapMs: number) {
  const starts: { name: string; at: number }[] = [];
  const finishers: (() => void)[] = [];
  const paced = new PacedRuns<string>(
    () => gapMs,
    (name) => {
      starts.push({ name, at: performance.now() });
      return new Promise<void>((resolve) => finishers.push(resolve));
    },
  );
  const finishNext = async () => {
    finishers.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { paced, starts, finishNext };
}

describe("PacedRuns", () => {
  it("runs at once, and a burst during a run costs one more run, not one per request", async () => {
    const { paced, starts, finishNext } = controlledRuns(100);
    paced.request("status");
    expect(starts).toEqual([{ name: "status", at: 0 }]);
    paced.request("status");
    paced.request("status");
    paced.request("status");
    await vi.advanceTimersByTimeAsync(50);
    await finishNext();
    // The waiting run starts once the gap since the first start has passed.
    await vi.advanceTimersByTimeAsync(100);
    expect(starts.map((s) => s.at)).toEqual([0, 100]);
    await finishNext();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toHaveLength(2);
  });

  it("waits twice the last run's time when that is longer than the gap", async () => {
    const { paced, starts, finishNext } = controlledRuns(100);
    paced.request("state");
    await vi.advanceTimersByTimeAsync(300);
    await finishNext();
    paced.request("state");
    paced.request("state");
    // Twice 300 ms from the first start: at 600, 300 ms after the run ended.
    await vi.advanceTimersByTimeAsync(299);
    expect(starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts.map((s) => s.at)).toEqual([0, 600]);
  });

  it("paces each name apart", async () => {
    const { paced, starts } = controlledRuns(100);
    paced.request("journal");
    paced.request("faults");
    expect(starts.map((s) => s.name)).toEqual(["journal", "faults"]);
  });

  it("runs again after a run that failed", async () => {
    let calls = 0;
    const paced = new PacedRuns<string>(
      () => 10,
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error("read failed")).catch(() => undefined) : Promise.resolve();
      },
    );
    paced.request("clock");
    await vi.advanceTimersByTimeAsync(0);
    paced.request("clock");
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
  });
});
