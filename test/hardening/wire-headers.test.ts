/**
 * What goes on the wire around dropshot's answers: the standalone server and the MSW handlers send exactly
 * the headers upstream's stack sends (checked as upstream's Nexus test client checks every response), the
 * keep-alive idle limit closes idle connections without announcing itself, and request targets hyper
 * refuses get hyper's bare 400 while a fragment never reaches the mock.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockHandlers } from "../../mocks/msw.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { RELEASE_19 } from "../../mocks/core/simulator/scenario-rack.js";
import { openRaw } from "../support/raw-http.js";
import { assertUpstreamResponse } from "../support/upstream-response-checks.js";

const IDLE_MS = 300;
let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, timeouts: { keepAliveMs: IDLE_MS } });
});
afterAll(() => server.close());

/** One request of each kind of answer: 200, 204, 400 (body and query), 404, 405. */
const REQUESTS: readonly { method: string; path: string; body?: string; status: number }[] = [
  { method: "GET", path: "/v1/system/update/status", status: 200 },
  { method: "GET", path: "/v1/system/update/repositories?limit=1", status: 200 },
  { method: "PUT", path: "/v1/system/update/target-release", body: "{}", status: 400 },
  { method: "GET", path: "/v1/system/update/repositories?limit=0&limit=5", status: 400 },
  { method: "GET", path: "/v1/system/update/nothing", status: 404 },
  { method: "DELETE", path: "/v1/system/update/status", status: 405 },
];

describe("response headers", () => {
  it("the standalone server's answers pass upstream's per-response checks (no Keep-Alive)", async () => {
    for (const request of REQUESTS) {
      const sentMs = Date.now();
      const response = await fetch(server.url + request.path, {
        method: request.method,
        ...(request.body !== undefined && { body: request.body, headers: { "content-type": "application/json" } }),
      });
      const bodyText = await response.text();
      expect(response.status, request.path).toBe(request.status);
      expect(response.headers.has("keep-alive")).toBe(false);
      assertUpstreamResponse(
        { status: response.status, headers: response.headers, bodyText },
        { window: { sentMs, receivedMs: Date.now() } },
      );
    }
  });

  it("a 204 passes too, with an empty body", async () => {
    const session = { "x-mock-session": "wire-204", "content-type": "application/json" };
    const put = await fetch(`${server.url}/v1/system/update/target-release`, {
      method: "PUT",
      headers: session,
      body: JSON.stringify({ system_version: RELEASE_19 }),
    });
    const bodyText = await put.text();
    if (put.status !== 204) throw new Error(`expected 204, got ${put.status}: ${bodyText}`);
    assertUpstreamResponse({ status: put.status, headers: put.headers, bodyText });
  });

  it("the checks themselves refuse what upstream's client refuses", () => {
    const date = new Date().toUTCString();
    const ok = { "content-type": "application/json", date, "x-request-id": "a" };
    expect(() => assertUpstreamResponse({ status: 200, headers: { ...ok, "keep-alive": "timeout=5" }, bodyText: "{}" })).toThrow(
      'response contained unexpected header "keep-alive"',
    );
    expect(() => assertUpstreamResponse({ status: 200, headers: { "x-request-id": "a" }, bodyText: "" })).toThrow("missing Date header");
    expect(() => assertUpstreamResponse({ status: 204, headers: ok, bodyText: "x" })).toThrow("expected empty response for 204");
    expect(() => assertUpstreamResponse({ status: 400, headers: ok, bodyText: '{"request_id":"b","message":"m"}' })).toThrow(
      "to match request-id header",
    );
    expect(() =>
      assertUpstreamResponse({ status: 405, headers: { ...ok, allow: "GET" }, bodyText: '{"request_id":"a","message":"m"}' }),
    ).not.toThrow();
  });

  it("the MSW handlers' answers pass the same checks", async () => {
    const { handlers, stop } = createMockHandlers({ baseUrl: "http://rack.test", cors: false }); // upstream's wire: no CORS headers
    const msw = setupServer(...handlers);
    msw.listen({ onUnhandledRequest: "error" });
    try {
      for (const request of REQUESTS) {
        const response = await fetch(`http://rack.test${request.path}`, {
          method: request.method,
          ...(request.body !== undefined && { body: request.body, headers: { "content-type": "application/json" } }),
        });
        const bodyText = await response.text();
        expect(response.status, request.path).toBe(request.status);
        assertUpstreamResponse({ status: response.status, headers: response.headers, bodyText });
      }
    } finally {
      msw.close();
      stop();
    }
  });
});

describe("keep-alive", () => {
  it("keeps a connection open between requests and closes it once idle past the limit", async () => {
    const raw = await openRaw(server.port);
    await raw.write("GET /v1/system/update/status HTTP/1.1\r\nhost: localhost\r\n\r\n");
    expect((await raw.answers(1))[0]?.status).toBe(200);
    await raw.write("GET /v1/system/update/status HTTP/1.1\r\nhost: localhost\r\n\r\n");
    expect((await raw.answers(2)).map((answer) => answer.status)).toEqual([200, 200]);
    expect(raw.received()).not.toMatch(/keep-alive:/i);
    expect(await raw.closed(IDLE_MS * 10)).toBe(true);
  });
});

describe("request targets", () => {
  const LIST = "/v1/system/update/repositories";

  it('answers hyper\'s bare 400 for `"`, `<`, `>` in the query and `<`, `>`, "`" in the path', async () => {
    for (const target of [`${LIST}?sort_by="`, `${LIST}?sort_by=<`, `${LIST}?x=>`, "/v1/system/update/<", "/v1/system/update/a`b"]) {
      const raw = await openRaw(server.port);
      await raw.write(`GET ${target} HTTP/1.1\r\nhost: localhost\r\n\r\n`);
      const [answer] = await raw.answers(1);
      expect(answer?.status, target).toBe(400);
      expect(answer?.body, target).toBe("");
      expect(answer?.headers.get("content-length"), target).toBe("0");
      expect(answer?.headers.has("date"), target).toBe(true);
      expect(await raw.closed(), target).toBe(true);
    }
  });

  it("answers what node's own parser refuses (raw UTF-8 in the target, a known deviation) with the same bare 400", async () => {
    const raw = await openRaw(server.port);
    await raw.write(
      Buffer.concat([Buffer.from(`GET ${LIST}?sort_by=`), Buffer.from("é"), Buffer.from(" HTTP/1.1\r\nhost: localhost\r\n\r\n")]),
    );
    const [answer] = await raw.answers(1);
    expect([answer?.status, answer?.body, answer?.headers.has("date")]).toEqual([400, "", true]);
    expect(await raw.closed()).toBe(true);
  });

  it("lets through what hyper allows as is (`{`, `}`, `|`, `^`, `'` in the query; `\"` in the path)", async () => {
    const raw = await openRaw(server.port);
    await raw.write(
      `GET ${LIST}?x={}|^'&limit=1 HTTP/1.1\r\nhost: localhost\r\n\r\nGET /v1/system/update/"x HTTP/1.1\r\nhost: localhost\r\n\r\n`,
    );
    expect((await raw.answers(2)).map((answer) => answer.status)).toEqual([200, 404]);
    raw.destroy();
  });

  it("drops a fragment before anything reads the target", async () => {
    const raw = await openRaw(server.port);
    await raw.write(`GET ${LIST}?sort_by=x#y HTTP/1.1\r\nhost: localhost\r\n\r\nGET ${LIST}?#limit=0 HTTP/1.1\r\nhost: localhost\r\n\r\n`);
    const [first, second] = await raw.answers(2);
    expect(JSON.parse(first?.body ?? "{}")).toMatchObject({
      message: "unable to parse query string: unknown variant `x`, expected `version_ascending` or `version_descending`",
    });
    expect(second?.status).toBe(200);
    raw.destroy();
  });
});
