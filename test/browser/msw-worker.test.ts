/**
 * The MSW adapter under `setupWorker` in headless Chromium. The whole golden table (test/support/
 * golden-cases.ts) runs against it: its assertions run here, but every request is made by the page's
 * `fetch`, through the service worker, to the mock running in the page (test/browser/page-fetch.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createMockControl } from "../../mocks/control-client.js";
import { useChromium, type WatchedPage } from "../support/chromium.js";
import { bundlePageScript, mswWorkerScript } from "../support/bundle.js";
import { GOLDEN_AUTH, describeGoldenCases, type GoldenRack } from "../support/golden-cases.js";
import { htmlPage, javascript, startStaticServer, type StaticServer } from "../support/static-server.js";
import { describeTufVerification } from "../support/tuf-cases.js";
import type { RackName } from "./page/msw-page-api.js";
import { pageFetch } from "./page-fetch.js";

/** Another origin, mocked by the worker like the page's own (nothing listens there). */
const AUTHED_BASE_URL = "http://authed.test";

const chromium = useChromium();
let server: StaticServer | undefined;
let watched: WatchedPage;
let origin: string;

beforeAll(async () => {
  server = await startStaticServer({
    "/": htmlPage({ title: "MSW worker", script: "/page.js" }),
    "/page.js": javascript(await bundlePageScript("test/browser/page/msw-page.ts")),
    "/mockServiceWorker.js": javascript(mswWorkerScript()),
  });
  origin = server.origin;
  watched = await chromium.newPage();
  await watched.page.goto(`${origin}/`);
  await watched.page.waitForFunction(() => "mswPage" in window);
  await watched.page.evaluate((start) => window.mswPage.start(start), { authedBaseUrl: AUTHED_BASE_URL, auth: GOLDEN_AUTH });
  // The golden table calls the global fetch (and the typed client looks it up per request).
  vi.stubGlobal("fetch", pageFetch(watched.page));
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await server?.close();
});

beforeEach(() => watched.page.evaluate(() => window.mswPage.reset()));
afterEach(() => {
  expect(watched.errors.splice(0)).toEqual([]);
});

it("the typed client, bundled into the page, reads the factory rack's status", async () => {
  expect(await watched.page.evaluate(() => window.mswPage.statusWithClient())).toEqual({
    status: 200,
    data: {
      target_release: null,
      components_by_release_version: { "install dataset": 32, unknown: 37 },
      time_last_step_planned: "2026-08-20T17:02:04.118Z",
      suspended: true,
      contact_support: false,
    },
    error: undefined,
  });
});

it("a request no handler matches is an error, not a silent pass-through to the page's server", async () => {
  const answer = await watched.page.evaluate(async () => {
    const response = await fetch("/v1/not-the-update-api");
    return { status: response.status, body: (await response.json()) as unknown };
  });
  // The static server would have answered 404 text; MSW's "error" strategy answers 500 instead.
  expect(answer).toMatchObject({ status: 500, body: { name: "InternalError" } });
  expect(watched.errors.splice(0)).toEqual([expect.stringContaining("intercepted a request without a matching request handler")]);
});

const rackInPage = (name: RackName): GoldenRack => ({
  setState: (doc) => watched.page.evaluate(([rack, document]) => window.mswPage.setState(rack, document), [name, doc] as const),
  getState: () => watched.page.evaluate((rack) => window.mswPage.getState(rack), name),
});

describeGoldenCases(() => ({
  baseUrl: origin,
  rack: rackInPage("plain"),
  authedBaseUrl: AUTHED_BASE_URL,
  authedRack: rackInPage("authed"),
}));

// TUF verification with the mock in the page: signatures are checked by the browser's WebCrypto.
describe("TUF verification in the browser", () => {
  describeTufVerification(() => ({ baseUrl: origin, control: createMockControl({ baseUrl: origin }) }));
});
