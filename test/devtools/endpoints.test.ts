/**
 * What the standalone server adds for the devtools page, over HTTP: the live channel (`GET /__mock/events`:
 * per-session events, coalesced, heartbeats, a cap with a clear refusal, streams that end with the server),
 * the planner clock (`GET|PUT /__mock/clock`), the status view (the API's answer, outside its pipeline), the
 * repository archives, the page and its scripts, and who may use them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMockControl, createMockCore } from "../../mocks/index.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { API_VERSIONS } from "../../generated/index.js";
import { startMock } from "../support/mock-command.js";
import { count, openEventStream, type EventStreamClient } from "./sse.js";

const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";
const HEARTBEAT_MS = 100;
const JSON_HEADERS = { "content-type": "application/json" };

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, scenario: "steady", eventStreams: { heartbeatMs: HEARTBEAT_MS } });
});
afterAll(() => server?.close());

const streams: EventStreamClient[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let sessions = 0;
async function stream(session = `events-${++sessions}`): Promise<{ session: string; client: EventStreamClient }> {
  const client = await openEventStream(server.url, { "x-mock-session": session });
  streams.push(client);
  return { session, client };
}

describe("GET /__mock/events", () => {
  it("opens with a ready event, then names what changed in its session and nothing of other sessions", async () => {
    const { session, client } = await stream();
    expect(client.status).toBe(200);
    await client.waitFor(() => count(client, "ready") === 1, "ready event");
    expect(client.events[0]).toEqual({ event: "ready", data: { type: "ready", session, heartbeatMs: HEARTBEAT_MS } });

    const control = createMockControl({ baseUrl: server.url, session });
    await control.mupdate({ version: RELEASE_21, sleds: "all" });
    await client.waitFor(() => count(client, "state") >= 1, "state event");
    await fetch(`${server.url}/v1/system/update/status`, { headers: { "x-mock-session": session } });
    await client.waitFor(() => count(client, "request") >= 1, "request event");
    await control.addFault({ operation: "*", kind: "network", times: 1 });
    await client.waitFor(() => count(client, "faults") >= 1, "faults event");
    await control.clearRequests();
    await client.waitFor(() => count(client, "request") >= 2, "request event for the cleared journal");
    expect(client.events.every((event) => (event.data as { session: string }).session === session)).toBe(true);

    // Another session's changes: only the session list changed, as far as this stream is concerned.
    const before = client.events.length;
    await createMockControl({ baseUrl: server.url, session: `${session}-other` }).mupdate({ version: RELEASE_21, sleds: "all" });
    await client.waitFor(() => client.events.length > before, "sessions event");
    expect(client.events.slice(before).map((event) => event.event)).toEqual(["sessions"]);
  });

  it("a reset of its session is announced as replaced (read everything again)", async () => {
    const { session, client } = await stream();
    await client.waitFor(() => count(client, "ready") === 1, "ready event");
    await createMockControl({ baseUrl: server.url, session }).reset("mupdate-waiting");
    await client.waitFor(() => count(client, "replaced") === 1, "replaced event");
    expect(count(client, "sessions")).toBe(1);
  });

  it("coalesces a burst of changes into a few events", async () => {
    const { session, client } = await stream();
    await client.waitFor(() => count(client, "ready") === 1, "ready event");
    const headers = { "x-mock-session": session };
    await Promise.all(Array.from({ length: 200 }, () => fetch(`${server.url}/v1/system/update/status`, { headers })));
    const journal = await createMockControl({ baseUrl: server.url, session }).requests();
    expect(journal).toHaveLength(200);
    await client.waitFor(() => count(client, "request") >= 1, "request event");
    // 200 answers, each an event in the core: the stream carries a handful (one per 50 ms batch at most).
    expect(count(client, "request")).toBeLessThan(40);
  });

  it("sends heartbeats on an idle stream", async () => {
    const { client } = await stream();
    await client.waitFor(() => client.heartbeats >= 2, "two heartbeats", 10 * HEARTBEAT_MS);
  });

  it("refuses a stream past the cap with 503 and says why; a stream the client closes frees its place", async () => {
    const capped = await startMockServer({ port: 0, eventStreams: { maxStreams: 2 } });
    const open: EventStreamClient[] = [];
    try {
      open.push(await openEventStream(capped.url), await openEventStream(capped.url));
      expect(open.map((client) => client.status)).toEqual([200, 200]);
      const refused = await openEventStream(capped.url);
      expect(refused.status).toBe(503);
      expect(refused.refusal).toMatchObject({
        error_code: "ServiceNotAvailable",
        message:
          "too many open event streams: over the mock's limit maxStreams of 2 (raise it with --max-event-streams or the eventStreams option of startMockServer; or close a devtools page, or poll)",
      });
      open.shift()?.close();
      // The server notices the closed connection on its own schedule: ask again until the place is free.
      await waitUntil(async () => {
        const next = await openEventStream(capped.url);
        if (next.status === 200) open.push(next);
        return next.status === 200;
      }, "a stream accepted again");
    } finally {
      for (const client of open) client.close();
      await capped.close();
    }
  });

  it("takes the cap from `system-update mock --max-event-streams`, and refuses a value below 1", async () => {
    const mock = await startMock(["--max-event-streams", "1"]);
    const open: EventStreamClient[] = [];
    try {
      open.push(await openEventStream(mock.url));
      expect(open[0]?.status).toBe(200);
      const refused = await openEventStream(mock.url);
      expect(refused.status).toBe(503);
      expect(refused.refusal).toMatchObject({
        message: expect.stringMatching(
          /^too many open event streams: over the mock's limit maxStreams of 1 \(raise it with --max-event-streams /,
        ),
      });
    } finally {
      for (const client of open) client.close();
      await mock.stop();
    }
    await expect(startMock(["--max-event-streams", "0"], 5_000)).rejects.toThrow(/--max-event-streams must be between 1 and/);
  });

  it("ends every stream when the server closes", async () => {
    const other = await startMockServer({ port: 0 });
    const client = await openEventStream(other.url);
    await client.waitFor(() => count(client, "ready") === 1, "ready event");
    await other.close();
    await client.ended;
  });

  it("outlives the server's request timeouts (they bound receiving a request, not a long answer)", async () => {
    const strict = await startMockServer({ port: 0, timeouts: { headersMs: 200, requestMs: 300 }, eventStreams: { heartbeatMs: 100 } });
    try {
      const client = await openEventStream(strict.url);
      streams.push(client);
      await client.waitFor(() => client.heartbeats >= 8, "eight heartbeats (0.8 s)");
      await createMockControl({ baseUrl: strict.url }).mupdate({ version: RELEASE_21, sleds: "all" });
      await client.waitFor(() => count(client, "state") >= 1, "a state event after the timeouts");
    } finally {
      await strict.close();
    }
  });

  it("takes the session from ?session= too (EventSource cannot send headers)", async () => {
    const response = await fetch(`${server.url}/__mock/events?session=from-query`);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(first).toContain('"session":"from-query"');
  });

  it("answers 405 to other methods", async () => {
    const response = await fetch(`${server.url}/__mock/events`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});

describe("GET|PUT /__mock/clock", () => {
  it("starts, reports and stops the planner clock; every stream hears of it; the rack moves by itself", async () => {
    const { session, client } = await stream();
    const control = createMockControl({ baseUrl: server.url, session });
    await control.reset("update-in-progress");
    const before = await control.getState();
    expect(await (await fetch(`${server.url}/__mock/clock`)).json()).toEqual({ everyMs: null });

    const set = await fetch(`${server.url}/__mock/clock`, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ everyMs: 20 }) });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ everyMs: 20 });
    await client.waitFor(() => count(client, "clock") === 1, "clock event");
    await waitUntil(async () => (await control.getState()).time_last_step_planned !== before.time_last_step_planned, "a planner step");

    const stop = await fetch(`${server.url}/__mock/clock`, {
      method: "PUT",
      headers: JSON_HEADERS,
      body: JSON.stringify({ everyMs: null }),
    });
    expect(await stop.json()).toEqual({ everyMs: null });
    expect(await (await fetch(`${server.url}/__mock/clock`)).json()).toEqual({ everyMs: null });
  });

  it.each([["{}"], ['{"everyMs": 0}'], ['{"everyMs": 1.5}'], ['{"everyMs": "20"}'], ["not json"], [`{"everyMs": 2147483648}`]])(
    "refuses %s with 400, changing nothing",
    async (body) => {
      const response = await fetch(`${server.url}/__mock/clock`, { method: "PUT", headers: JSON_HEADERS, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        message: 'body must be {"everyMs": n}, n a whole number of milliseconds from 1 to 2147483647, or {"everyMs": null} to stop',
      });
      expect(await (await fetch(`${server.url}/__mock/clock`)).json()).toEqual({ everyMs: null });
    },
  );
});

it("PUT /__mock/clock refuses a body over 1 KiB as dropshot refuses one over its cap", async () => {
  const response = await fetch(`${server.url}/__mock/clock`, {
    method: "PUT",
    headers: JSON_HEADERS,
    body: `{"everyMs": 20, "pad": "${"x".repeat(2000)}"}`,
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ message: "request body exceeded maximum size of 1024 bytes" });
  expect(await (await fetch(`${server.url}/__mock/clock`)).json()).toEqual({ everyMs: null });
});

describe("GET /__mock/devtools/status", () => {
  it.each(API_VERSIONS.map((version) => [version]))("is what GET status answers at api-version %s", async (apiVersion) => {
    for (const scenario of ["factory", "update-in-progress", "contact-support"]) {
      const headers = { "x-mock-session": `status-${scenario}`, "api-version": apiVersion };
      await createMockControl({ baseUrl: server.url, session: headers["x-mock-session"] }).reset(scenario);
      const view = await fetch(`${server.url}/__mock/devtools/status`, { headers });
      const api = await fetch(`${server.url}/v1/system/update/status`, { headers });
      expect(view.status).toBe(200);
      expect(await view.text()).toBe(await api.text());
    }
  });

  it("leaves no journal entry and meets none of the session's faults", async () => {
    const session = "status-quiet";
    const control = createMockControl({ baseUrl: server.url, session });
    await control.reset("steady");
    await control.addFault({ operation: "system_update_status", kind: "http", status: 503, times: 1 });
    const headers = { "x-mock-session": session };
    expect((await fetch(`${server.url}/__mock/devtools/status`, { headers })).status).toBe(200);
    expect(await control.requests()).toEqual([]);
    // The fault is still there for the app.
    expect((await fetch(`${server.url}/v1/system/update/status`, { headers })).status).toBe(503);
  });

  it("answers a bad api-version as the API does", async () => {
    const headers = { "api-version": "not-a-version" };
    const view = await fetch(`${server.url}/__mock/devtools/status`, { headers });
    const api = await fetch(`${server.url}/v1/system/update/status`, { headers });
    expect(view.status).toBe(400);
    expect((await view.json()) as unknown).toMatchObject({ message: ((await api.json()) as { message: string }).message });
  });
});

describe("GET /__mock/devtools/repository", () => {
  it("builds an archive the upload endpoint accepts", async () => {
    const session = "repository";
    const response = await fetch(`${server.url}/__mock/devtools/repository?version=22.0.0`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const bytes = new Uint8Array(await response.arrayBuffer());
    const upload = await fetch(`${server.url}/v1/system/update/repositories?file_name=repo-22.0.0.zip`, {
      method: "PUT",
      headers: { "x-mock-session": session, "content-type": "application/octet-stream" },
      body: bytes,
    });
    expect(upload.status).toBe(200);
    const state = await createMockControl({ baseUrl: server.url, session }).getState();
    expect(state.repositories.map((r) => r.system_version)).toContain("22.0.0");
  });

  it("refuses a missing or overlong version", async () => {
    const missing = await fetch(`${server.url}/__mock/devtools/repository`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ message: "the query needs version=" });
    const long = await fetch(`${server.url}/__mock/devtools/repository?version=${"1".repeat(300)}`);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { message: string }).message).toContain("maxVersionLength");
  });
});

describe("the page and its scripts", () => {
  it("serves the page to a browser asking for HTML, with a CSP; JSON clients get the core's 404 as before", async () => {
    const page = await fetch(`${server.url}/__mock/`, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toMatch(/^default-src 'none'; script-src 'self' 'sha256-[\w+/=]+'; /);
    const html = await page.text();
    expect(html).toContain('<script type="application/json" id="devtools-config">');
    expect(html).toContain('"control":"open"');

    const json = await fetch(`${server.url}/__mock/`, { headers: { accept: "application/json" } });
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ message: "Not Found" });
    const redirect = await fetch(`${server.url}/__mock`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get("location")).toBe("/__mock/");
  });

  it("serves its scripts by name only", async () => {
    for (const name of ["panel.js", "http.js", "render.js", "styles.js"]) {
      const response = await fetch(`${server.url}/__mock/devtools/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    }
    for (const path of ["missing.js", "..%2F..%2Fserver.js", "%2e%2e/view.js", "render.d.ts"]) {
      expect((await fetch(`${server.url}/__mock/devtools/${path}`)).status, path).toBe(404);
    }
  });
});

it("lives under the core's base path", async () => {
  const core = createMockCore({ basePath: "/api" });
  const based = await startMockServer({ port: 0, core });
  try {
    const page = await fetch(`${based.url}/api/__mock/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('"basePath":"/api"');
    expect((await fetch(`${based.url}/api/__mock/devtools/panel.js`)).status).toBe(200);
    expect((await fetch(`${based.url}/api/__mock/clock`)).status).toBe(200);
    const redirect = await fetch(`${based.url}/api/__mock`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(redirect.headers.get("location")).toBe("/api/__mock/");
    // Outside the base path nothing of the mock answers, the page neither.
    expect((await fetch(`${based.url}/__mock/`, { headers: { accept: "text/html" } })).status).toBe(404);
  } finally {
    await based.close();
  }
});

describe("access, with the control token rule", () => {
  it("with a control token: the page is served (it asks for the token); the endpoints need the token", async () => {
    const guarded = await startMockServer({ port: 0, controlToken: "secret" });
    try {
      const page = await fetch(`${guarded.url}/__mock/`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('"control":"token"');
      for (const path of ["/__mock/events", "/__mock/clock", "/__mock/devtools/status", "/__mock/devtools/repository?version=1.0.0"]) {
        const refused = await fetch(`${guarded.url}${path}`);
        expect(refused.status, path).toBe(401);
        expect(await refused.json()).toMatchObject({ error_code: "Unauthorized" });
      }
      const allowed = await openEventStream(guarded.url, { authorization: "Bearer secret" });
      expect(allowed.status).toBe(200);
      allowed.close();
      expect((await fetch(`${guarded.url}/__mock/clock`, { headers: { authorization: "Bearer secret" } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("with auth on and no control token: no page, no endpoints (403, as the control endpoints)", async () => {
    const closed = await startMockServer({ port: 0, auth: { tokens: { t: "admin" } } });
    try {
      const page = await fetch(`${closed.url}/__mock/`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(403);
      expect(await page.json()).toMatchObject({ message: expect.stringContaining("control endpoints are closed") });
      expect((await fetch(`${closed.url}/__mock/events`, { headers: { authorization: "Bearer t" } })).status).toBe(403);
    } finally {
      await closed.close();
    }
  });
});
