// Where the client Oxide's generator makes differs from ours, and the mock answers as dropshot does: it
// sends `content-type: application/json` on every request (GET and DELETE too), leaves `+` unencoded in
// path parameters, sends POSTs without a body when the operation's body is not modelled, and hands the
// caller camelCased bodies with times as Dates. Against the standalone server and the MSW handlers.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockHandlers } from "../../mocks/msw.js";
import { startMockServer } from "../../mocks/server.js";
import { seedRootRole, type MockCore } from "../../mocks/index.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { CallTally, checkSchema } from "./golden-client.js";
import type { GeneratedResult } from "./sdk.js";
import { generateEveryVersion } from "./versions.js";

const latest = (await generateEveryVersion()).at(-1);
if (latest === undefined) throw new Error("no API version in the manifest");
const { sdk } = latest;
// The mock verifies a trust root as a signed TUF root role, so post the seeded one (signed by the test key).
const ROOT_ROLE = seedRootRole();
const WITH_PLUS = "21.0.0-0.ci+git8f3e2d1c0ba"; // uploaded in the "steady" scenario

/** What went over the wire: every request the generated client made, as `fetch` received it. */
const sent: Request[] = [];

interface Target {
  readonly baseUrl: string;
  readonly core: MockCore;
  stop(): void | Promise<void>;
}

const expectOk = (result: GeneratedResult, status: number) => {
  expect(result.type, JSON.stringify(result.type === "success" ? result.data : result)).toBe("success");
  expect(result.response.status).toBe(status);
};

function describeDifferences(label: string, start: () => Promise<Target>): void {
  describe(`the generated client against ${label}`, () => {
    let target: Target;
    let api: InstanceType<typeof sdk.Api>;
    let baseUrl = "";
    /** `fetch` as it was before the recording (MSW's, when it intercepts). */
    let unrecordedFetch: typeof fetch = globalThis.fetch;
    beforeAll(async () => {
      target = await start();
      baseUrl = target.baseUrl;
      unrecordedFetch = globalThis.fetch;
      globalThis.fetch = (input, init) => {
        const request = new Request(input, init);
        sent.push(request.clone());
        return unrecordedFetch(request);
      };
    });
    afterAll(async () => {
      globalThis.fetch = unrecordedFetch;
      await target.stop();
    });
    beforeEach(() => {
      target.core.reset("steady");
      api = new sdk.Api({ host: baseUrl });
      sent.length = 0;
    });

    it("sends content-type: application/json on GET and DELETE, and the mock serves them", async () => {
      expectOk(await api.methods.systemUpdateStatus({}), 200);
      const created = await unrecordedFetch(`${baseUrl}/v1/system/update/trust-roots`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ROOT_ROLE),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expectOk(await api.methods.systemUpdateTrustRootView({ path: { trustRootId: id } }), 200);
      expectOk(await api.methods.systemUpdateTrustRootDelete({ path: { trustRootId: id } }), 204);
      expect(sent.map((request) => [request.method, request.headers.get("content-type")])).toEqual([
        ["GET", "application/json"],
        ["GET", "application/json"],
        ["DELETE", "application/json"],
      ]);
    });

    it("leaves + unencoded in a path parameter, which dropshot reads as +", async () => {
      const result = await api.methods.systemUpdateRepositoryView({ path: { systemVersion: WITH_PLUS } });
      expectOk(result, 200);
      expect(sent[0]?.url).toBe(`${baseUrl}/v1/system/update/repositories/${WITH_PLUS}`);
      expect((result.type === "success" ? result.data : undefined) as { systemVersion: string }).toMatchObject({
        systemVersion: WITH_PLUS,
      });
    });

    it("sends a POST without a body, and gets dropshot's answer to an empty JSON body", async () => {
      const result = await api.methods.systemUpdateTrustRootCreate({});
      expect(sent[0]?.method).toBe("POST");
      expect(await sent[0]?.text()).toBe("");
      expect(result.type).toBe("error");
      if (result.type !== "error") return;
      expect(result.response.status).toBe(400);
      expect(result.data).toEqual({
        requestId: result.response.headers.get("x-request-id"),
        message: "unable to parse JSON body: EOF while parsing a value at line 1 column 0",
      });
    });

    it("camelCases the answer and turns its times into Dates, valid under the generated schema", async () => {
      const result = await api.methods.systemUpdateStatus({});
      if (result.type !== "success") throw new Error(`status answered ${result.response.status}`);
      const status = result.data as Record<string, unknown>;
      expect(Object.keys(status).sort()).toEqual([
        "componentsByReleaseVersion",
        "contactSupport",
        "suspended",
        "targetRelease",
        "timeLastStepPlanned",
      ]);
      expect(status["timeLastStepPlanned"]).toBeInstanceOf(Date);
      expect((status["targetRelease"] as Record<string, unknown>)["timeRequested"]).toBeInstanceOf(Date);
      const tally = new CallTally();
      checkSchema(sdk, tally, "UpdateStatus", status, "GET status");
      expect(tally).toMatchObject({ schemaChecks: 1, problems: [] });
    });
  });
}

describeDifferences("the standalone server", async () => {
  const server = await startMockServer({ port: 0 });
  return { baseUrl: server.url, core: server.core, stop: () => server.close() };
});

describeDifferences("the MSW handlers", async () => {
  const { handlers, mock } = createMockHandlers({ baseUrl: "http://rack.test" });
  const interceptor = setupServer(...handlers);
  interceptor.listen(ERROR_ON_UNHANDLED);
  return { baseUrl: "http://rack.test", core: mock, stop: () => interceptor.close() };
});
