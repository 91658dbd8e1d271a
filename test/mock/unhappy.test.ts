/** The unhappy paths through the MSW handlers (the shared table), plus what only the in-process mock offers. */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMockControl } from "../../mocks/control-client.js";
import { createMockHandlers } from "../../mocks/msw.js";
import { createClient } from "../../src/index.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { describeUnhappyPaths } from "../support/unhappy-cases.js";

const main = createMockHandlers({ baseUrl: "http://unhappy.test" });
const twins = ["http://twin-a.test", "http://twin-b.test"].map((baseUrl) => ({ baseUrl, handlers: createMockHandlers({ baseUrl }) }));
const server = setupServer(...main.handlers, ...twins.flatMap((twin) => twin.handlers.handlers));
beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => {
  server.close();
  main.stop();
});

let nextTwin = 0;
describeUnhappyPaths(() => ({
  baseUrl: "http://unhappy.test",
  control: createMockControl({ baseUrl: "http://unhappy.test" }),
  twin: () => {
    const twin = twins[nextTwin++ % twins.length] as (typeof twins)[number];
    return { baseUrl: twin.baseUrl, control: createMockControl({ baseUrl: twin.baseUrl }) };
  },
}));

describe("latency under fake timers", () => {
  it("holds the answer exactly as long as set", async () => {
    main.mock.reset("steady");
    main.mock.setLatency({ ms: 300 });
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      let done = false;
      const pending = createClient({ baseUrl: "http://unhappy.test" })
        .getStatus()
        .then((result) => ((done = true), result));
      // One fake millisecond at a time, with real turns between (msw 3's interceptor reaches the handler
      // only after real I/O turns): the answer comes when the clock reaches the set latency.
      const realTurns = async () => {
        for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      };
      let elapsed = 0;
      await realTurns();
      while (!done && elapsed < 400) {
        await vi.advanceTimersByTimeAsync(1);
        elapsed += 1;
        await realTurns();
      }
      expect(elapsed).toBe(300);
      expect((await pending).error).toBeUndefined();
    } finally {
      vi.useRealTimers();
      main.mock.clearLatency();
    }
  });
});

describe("typed one-off overrides (the TypeScript API)", () => {
  it("answer what no rack state can, as often as asked, and are journaled", async () => {
    main.mock.reset("steady");
    main.mock.clearRequests();
    const odd = {
      target_release: null,
      components_by_release_version: { weird: 7 },
      time_last_step_planned: "2030-01-01T00:00:00Z",
      suspended: true,
      contact_support: true,
    };
    main.mock.override("system_update_status", () => ({ status: 200, body: odd }), { times: 1 });
    const client = createClient({ baseUrl: "http://unhappy.test" });
    expect((await client.getStatus()).data).toEqual(odd);
    expect((await client.getStatus()).data?.components_by_release_version).not.toEqual({ weird: 7 });
    const handle = main.mock.override("target_release_update", (request) => ({
      status: 409,
      error: { message: `no ${request.body?.system_version}`, error_code: "Conflict" },
    }));
    expect((await client.setTargetRelease("1.2.3")).error).toMatchObject({ status: 409, errorCode: "Conflict", message: "no 1.2.3" });
    handle.remove();
    main.mock.override("system_update_repository_list", () => ({ network: "failed" }), { times: 1 });
    expect((await client.listRepositories()).error?.kind).toBe("network");
    expect(main.mock.requests().map((entry) => [entry.operationId, entry.status, entry.override])).toEqual([
      ["system_update_status", 200, true],
      ["system_update_status", 200, false],
      ["target_release_update", 409, true],
      ["system_update_repository_list", 0, true],
    ]);
  });

  it("pinned to an API version, answer only requests of that version; the rest go to the rack", async () => {
    main.mock.reset("steady");
    const old = {
      target_release: null,
      components_by_release_version: {},
      time_last_step_planned: "2030-01-01T00:00:00Z",
      suspended: true,
    };
    const handle = main.mock.override("system_update_status", () => ({ status: 200, body: old }), { apiVersion: "2026021301.0.0" });
    const pinned = await createClient({ baseUrl: "http://unhappy.test", apiVersion: "2026021301.0.0" }).getStatus();
    expect(pinned.data).toEqual(old);
    const latest = await createClient({ baseUrl: "http://unhappy.test" }).getStatus();
    expect(latest.data?.components_by_release_version).not.toEqual({});
    handle.remove();
    expect(() => main.mock.override("system_update_recovery_finish", () => ({ status: 204 }), { apiVersion: "2026021301.0.0" })).toThrow(
      "system_update_recovery_finish is not an operation of API version 2026021301.0.0",
    );
  });

  it("chaos fails a seeded share of requests with upstream's 500, 503 or a dropped connection", async () => {
    const run = async (baseUrl: string) => {
      const handlers = createMockHandlers({ baseUrl, chaos: { percent: 50 }, seed: 42 });
      server.use(...handlers.handlers);
      const client = createClient({ baseUrl });
      const outcomes: string[] = [];
      for (let i = 0; i < 24; i++) {
        const result = await client.getStatus();
        outcomes.push(result.error === undefined ? "ok" : result.error.kind === "network" ? "network" : String(result.error.status));
      }
      return outcomes;
    };
    const first = await run("http://chaos-a.test");
    expect(new Set(first)).toEqual(new Set(["ok", "500", "503", "network"]));
    expect(await run("http://chaos-b.test")).toEqual(first);
  });
});
