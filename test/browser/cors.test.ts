/**
 * CORS of the standalone mock server, as Chromium enforces it: a page on another origin reads the API
 * only from a server started with `cors` naming that origin (or its loopback twin).
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { useChromium, type WatchedPage } from "../support/chromium.js";
import { htmlPage, startStaticServer, type StaticServer } from "../support/static-server.js";

const STATUS_PATH = "/v1/system/update/status";

const chromium = useChromium();
let pages: StaticServer | undefined;
let allowing: RunningMockServer | undefined;
let plain: RunningMockServer | undefined;
/** Request lines the server without `cors` logged: it does answer, the browser hides the answer. */
const plainLog: string[] = [];

beforeAll(async () => {
  pages = await startStaticServer({ "/": htmlPage({ title: "CORS" }) });
  allowing = await startMockServer({ port: 0, cors: pages.origin });
  plain = await startMockServer({ port: 0, log: (line) => plainLog.push(line) });
});

afterAll(async () => {
  await Promise.all([pages?.close(), allowing?.close(), plain?.close()]);
});

let watched: WatchedPage | undefined;
afterEach(async () => {
  await watched?.page.context().close();
  watched = undefined;
});

async function openPage(origin: string): Promise<WatchedPage> {
  watched = await chromium.newPage();
  await watched.page.goto(`${origin}/`);
  return watched;
}

/** `fetch` in the page; what it resolved to (status, body, a header) or the error it rejected with. */
function fetchInPage(page: WatchedPage["page"], url: string, init: RequestInit = {}) {
  return page.evaluate(
    ({ url, init }) =>
      fetch(url, init).then(
        async (response) => ({
          status: response.status,
          requestId: response.headers.get("x-request-id"),
          body: (await response.json()) as unknown,
        }),
        (error: unknown) => ({ rejected: error instanceof TypeError ? `TypeError: ${error.message}` : String(error) }),
      ),
    { url, init },
  );
}

it("a page on the allowed origin reads the status, with the request id header exposed", async () => {
  const { page, errors } = await openPage(pages!.origin);
  const expected = (await (await fetch(`${allowing!.url}${STATUS_PATH}`)).json()) as unknown;
  const result = await fetchInPage(page, `${allowing!.url}${STATUS_PATH}`);
  expect(result).toEqual({ status: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), body: expected });
  expect(errors).toEqual([]);
});

it("a preflighted PUT from the allowed origin gets the mock's own error answer", async () => {
  const { page, errors } = await openPage(pages!.origin);
  const result = await fetchInPage(page, `${allowing!.url}/v1/system/update/target-release`, {
    method: "PUT",
    headers: { "content-type": "application/json", "api-version": "2026021301.0.0" },
    body: "{}",
  });
  expect(result).toEqual({
    status: 400,
    requestId: expect.any(String),
    body: { request_id: expect.any(String), message: "unable to parse JSON body: missing field `system_version` at line 1 column 2" },
  });
  expect(errors).toEqual([]);
});

it("the browser blocks a page from reading a server started without cors", async () => {
  const { page, errors } = await openPage(pages!.origin);
  const result = await fetchInPage(page, `${plain!.url}${STATUS_PATH}`);
  expect(result).toEqual({ rejected: "TypeError: Failed to fetch" });
  expect(errors).toEqual([
    expect.stringMatching(/has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present/),
    expect.stringContaining("net::ERR_FAILED"),
  ]);
  // The request went out, and the server refused it too: without --auth or --cors, other origins get 403.
  expect(plainLog).toEqual([expect.stringMatching(new RegExp(`^GET ${STATUS_PATH} 403 `))]);
});

it("a page on the allowed origin's loopback twin (localhost for 127.0.0.1) reads the status too", async () => {
  const twin = pages!.origin.replace("127.0.0.1", "localhost");
  const { page, errors } = await openPage(twin);
  const result = await fetchInPage(page, `${allowing!.url}${STATUS_PATH}`);
  expect(result).toMatchObject({ status: 200 });
  expect(errors).toEqual([]);
});

it("a page on any other origin is blocked by a server allowing one origin", async () => {
  const other = await startStaticServer({ "/": htmlPage({ title: "CORS, another origin" }) });
  try {
    const { page, errors } = await openPage(other.origin);
    const result = await fetchInPage(page, `${allowing!.url}${STATUS_PATH}`);
    expect(result).toEqual({ rejected: "TypeError: Failed to fetch" });
    expect(errors).toEqual([
      expect.stringMatching(/has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present/),
      expect.stringContaining("net::ERR_FAILED"),
    ]);
  } finally {
    await watched?.page.context().close();
    watched = undefined;
    await other.close();
  }
});
