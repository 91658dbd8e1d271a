/**
 * The unhappy paths as one table of cases, driven through the typed client against whatever adapter the
 * caller gives (MSW handlers, the standalone server): each fault kind's answer, that only
 * `applied-then-lost` changes the rack, `times` and seeded `probability`, latency, and the journal.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { MockControl } from "../../mocks/control-client.js";
import { RELEASE_20, RELEASE_21 } from "../../mocks/core/simulator/scenario-rack.js";
import { createClient, type ApiResult } from "../../src/index.js";

export interface UnhappyTarget {
  readonly baseUrl: string;
  readonly control: MockControl;
  /** Another mock like this one (same seed), in a fresh session, for the reproducibility cases. */
  readonly twin: () => { readonly baseUrl: string; readonly control: MockControl };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The ApiError of a result, as the fields a test compares. */
function apiError(result: ApiResult<unknown>) {
  const error = result.error;
  if (error?.kind !== "api") throw new Error(`expected an ApiError, got ${error?.kind ?? "success"}`);
  expect(error.requestId).toMatch(UUID);
  expect(result.response?.headers.get("x-request-id")).toBe(error.requestId);
  return { status: error.status, errorCode: error.errorCode, message: error.message };
}

export function describeUnhappyPaths(target: () => UnhappyTarget): void {
  let t: UnhappyTarget;
  beforeEach(async () => {
    t = target();
    await t.control.reset("steady");
  });
  const client = () => createClient({ baseUrl: t.baseUrl });

  describe("fault kinds", () => {
    it("http: 503 and 500 in Nexus's words, any other status in dropshot's shape", async () => {
      await t.control.addFault({ operation: "system_update_status", kind: "http", status: 503, times: 1 });
      expect(apiError(await client().getStatus())).toEqual({
        status: 503,
        errorCode: "ServiceNotAvailable",
        message: "Service Unavailable",
      });
      await t.control.addFault({ operation: "system_update_status", kind: "http", status: 500, times: 1 });
      expect(apiError(await client().getStatus())).toEqual({ status: 500, errorCode: "Internal", message: "Internal Server Error" });
      await t.control.addFault({ operation: "*", kind: "http", status: 429, times: 1 });
      expect(apiError(await client().listRepositories())).toEqual({ status: 429, errorCode: undefined, message: "Too Many Requests" });
      expect((await client().getStatus()).error).toBeUndefined();
    });

    it("http defaults to 503; the rack does not change", async () => {
      const before = await t.control.getState();
      await t.control.addFault({ operation: "target_release_update", kind: "http" });
      expect(apiError(await client().setTargetRelease(RELEASE_21)).status).toBe(503);
      expect(await t.control.getState()).toEqual(before);
    });

    it("network: no answer, a NetworkError; the rack does not change", async () => {
      const before = await t.control.getState();
      await t.control.addFault({ operation: "target_release_update", kind: "network" });
      const result = await client().setTargetRelease(RELEASE_21);
      expect(result.error?.kind).toBe("network");
      expect(await t.control.getState()).toEqual(before);
    });

    it("applied-then-lost: the update is applied, then the connection fails (did it go through?)", async () => {
      await t.control.addFault({ operation: "target_release_update", kind: "applied-then-lost", times: 1 });
      const result = await client().setTargetRelease(RELEASE_21);
      expect(result.error?.kind).toBe("network");
      expect((await t.control.getState()).target_release.version).toBe(RELEASE_21);
      // Trying again meets the rules, as upstream would: the release is already targeted.
      expect((await client().setTargetRelease(RELEASE_21)).error).toMatchObject({ refusal: { kind: "already-targeting" } });
    });

    it("generation-conflict: a change that would succeed gets upstream's 500 and is not kept; a refusal stays a refusal", async () => {
      const before = await t.control.getState();
      await t.control.addFault({ operation: "target_release_update", kind: "generation-conflict", times: 1 });
      expect(apiError(await client().setTargetRelease(RELEASE_20))).toMatchObject({ status: 400 }); // already targeting
      expect(await t.control.faults()).toHaveLength(1);
      expect(apiError(await client().setTargetRelease(RELEASE_21))).toEqual({
        status: 500,
        errorCode: "Internal",
        message: "Internal Server Error",
      });
      expect(await t.control.getState()).toEqual(before);
      expect(await t.control.faults()).toEqual([]);
      expect((await client().setTargetRelease(RELEASE_21)).error).toBeUndefined();
    });

    it("repository-pruned: upstream's 400 naming the repository, and nothing kept", async () => {
      const before = await t.control.getState();
      await t.control.addFault({ operation: "*", kind: "repository-pruned" });
      const error = apiError(await client().setTargetRelease(RELEASE_21));
      expect(error).toMatchObject({ status: 400, errorCode: "InvalidRequest" });
      expect(error.message).toMatch(/^cannot make TUF repo [0-9a-f-]{36} the target release: it has been pruned from the system$/);
      expect(await t.control.getState()).toEqual(before);
      // Other operations are not affected by a target-release fault on "*".
      expect((await client().getStatus()).error).toBeUndefined();
    });

    it("hang: no answer until the session is reset, then the connection fails; the rack is the reset one", async () => {
      await t.control.addFault({ operation: "system_update_status", kind: "hang", times: 1 });
      let settled = false;
      const pending = client()
        .getStatus()
        .finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(settled).toBe(false);
      await t.control.reset("factory");
      const result = await pending;
      expect(result.error?.kind).toBe("network");
      expect((await client().getStatus()).data?.target_release).toBeNull();
    });
  });

  describe("rules", () => {
    it("times counts down, then the rule is gone; rules can be listed, removed and cleared", async () => {
      const rule = await t.control.addFault({ operation: "system_update_status", kind: "http", status: 503, times: 2 });
      expect(rule).toEqual({ id: expect.any(String), operation: "system_update_status", kind: "http", status: 503, times: 2 });
      expect(apiError(await client().getStatus()).status).toBe(503);
      expect(await t.control.faults()).toEqual([{ ...rule, times: 1 }]);
      expect(apiError(await client().getStatus()).status).toBe(503);
      expect(await t.control.faults()).toEqual([]);
      expect((await client().getStatus()).error).toBeUndefined();
      const kept = await t.control.addFault({ operation: "*", kind: "network" });
      await t.control.addFault({ operation: "*", kind: "network" });
      await t.control.removeFault(kept.id);
      expect((await t.control.faults()).map((r) => r.id)).not.toContain(kept.id);
      await expect(t.control.removeFault(kept.id)).rejects.toMatchObject({ status: 404, message: `not found: fault with id "${kept.id}"` });
      await t.control.clearFaults();
      expect(await t.control.faults()).toEqual([]);
    });

    it("refuses a rule that makes no sense, saying why", async () => {
      await expect(t.control.addFault({ operation: "system_update_status", kind: "generation-conflict" })).rejects.toMatchObject({
        status: 400,
        message: "generation-conflict happens only to target_release_update and system_update_recovery_finish",
      });
      await expect(t.control.addFault({ operation: "nope" as never, kind: "http" })).rejects.toMatchObject({ status: 400 });
      await expect(t.control.addFault({ operation: "*", kind: "network", probability: 2 })).rejects.toMatchObject({
        message: "probability must be a number above 0 and at most 1",
      });
    });

    it("probability draws from the seeded generator: the same seed, the same failures", async () => {
      const pattern = async (baseUrl: string, control: MockControl) => {
        await control.reset("steady");
        await control.addFault({ operation: "system_update_status", kind: "http", status: 503, probability: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 16; i++) statuses.push((await createClient({ baseUrl }).getStatus()).response?.status ?? 0);
        return statuses;
      };
      const twin = t.twin();
      const first = await pattern(twin.baseUrl, twin.control);
      expect(new Set(first)).toEqual(new Set([200, 503]));
      const again = t.twin();
      expect(await pattern(again.baseUrl, again.control)).toEqual(first);
    });
  });

  describe("latency", () => {
    it("delays answers by at least the set time, per operation or for all", async () => {
      await t.control.setLatency({ ms: 200, operation: "system_update_status" });
      expect(await t.control.latency()).toEqual({ all: null, operations: { system_update_status: { ms: 200 } } });
      let started = performance.now();
      expect((await client().getStatus()).error).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
      await t.control.setLatency({ min: 100, max: 150 });
      started = performance.now();
      await client().listRepositories();
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
      await t.control.clearLatency();
      expect(await t.control.latency()).toEqual({ all: null, operations: {} });
    });
  });

  describe("the request journal", () => {
    it("records every API request of the session, in order, with the refusal's kind and the fault met", async () => {
      await t.control.clearRequests();
      await client().getStatus();
      await createClient({ baseUrl: t.baseUrl, apiVersion: "2026022500.0.0" }).setTargetRelease(RELEASE_20);
      await t.control.addFault({ operation: "system_update_repository_list", kind: "network", times: 1 });
      await client().listRepositories({ limit: 2 });
      const entries = await t.control.requests();
      expect(
        entries.map(({ time, seq, ...rest }) => (expect(time).toMatch(/^\d{4}-\d\d-\d\dT/), expect(seq).toBeGreaterThan(0), rest)),
      ).toEqual([
        {
          method: "GET",
          path: "/v1/system/update/status",
          query: "",
          operationId: "system_update_status",
          apiVersion: "2026081901.0.0",
          role: "admin",
          body: undefined,
          bodyText: null,
          bodyBytes: 0,
          status: 200,
          errorCode: null,
          message: null,
          refusal: null,
          latencyMs: 0,
          fault: null,
          override: false,
        },
        {
          method: "PUT",
          path: "/v1/system/update/target-release",
          query: "",
          operationId: "target_release_update",
          apiVersion: "2026022500.0.0",
          role: "admin",
          body: { system_version: RELEASE_20 },
          bodyText: null,
          bodyBytes: JSON.stringify({ system_version: RELEASE_20 }).length,
          status: 400,
          errorCode: "InvalidRequest",
          message: `Target release cannot be changed: cannot update to target release ${RELEASE_20} (already targeting that version)`,
          refusal: "already-targeting",
          latencyMs: 0,
          fault: null,
          override: false,
        },
        {
          method: "GET",
          path: "/v1/system/update/repositories",
          query: "limit=2",
          operationId: "system_update_repository_list",
          apiVersion: "2026081901.0.0",
          role: "admin",
          body: undefined,
          bodyText: null,
          bodyBytes: 0,
          status: 0,
          errorCode: null,
          message: null,
          refusal: null,
          latencyMs: 0,
          fault: { id: expect.any(String), kind: "network" },
          override: false,
        },
      ]);
      expect((await t.control.requests({ operation: "target_release_update" })).map((entry) => entry.status)).toEqual([400]);
      await t.control.clearRequests();
      expect(await t.control.requests()).toEqual([]);
    });
  });
}
