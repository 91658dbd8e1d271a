/**
 * The attacks of issue 21, run in headless Chromium with web security on (the README, "Security"): a page
 * on another origin writing to the control endpoints and the API without a preflight, a `<form>` POST, and
 * DNS rebinding (`--host-resolver-rules` maps a name to 127.0.0.1; the attacker's server on a port is then
 * replaced by the mock on that same port, so the page's own origin now reaches the mock). Each is refused,
 * and the rack, the fault rules and the trust roots are as they were.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { useChromium, type WatchedPage } from "../support/chromium.js";
import { html, htmlPage, startStaticServer, type StaticServer } from "../support/static-server.js";

const REBIND_NAME = "rebind.test";
const chromium = useChromium({ args: [`--host-resolver-rules=MAP ${REBIND_NAME} 127.0.0.1`] });

let attacker: StaticServer | undefined;
let mock: RunningMockServer | undefined;
const log: string[] = [];

/** A form that POSTs a fault rule as `text/plain`: `name=value` reads as the JSON document. */
const formPage = (action: string) =>
  html(`<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<form method="POST" enctype="text/plain" action="${action}">
<input name='{"operation":"*","kind":"http","status":503,"pad":"' value='"}'>
</form></body></html>`);

beforeAll(async () => {
  mock = await startMockServer({ port: 0, log: (line) => log.push(line) });
  attacker = await startStaticServer({ "/": htmlPage({ title: "attacker" }), "/form": formPage(`${mock.url}/__mock/faults`) });
});

afterAll(async () => {
  await Promise.all([attacker?.close(), mock?.close()]);
});

let watched: WatchedPage | undefined;
afterEach(async () => {
  await watched?.page.context().close();
  watched = undefined;
});

/** What the mock holds that the attacks try to change, asked as a local tool asks (no Origin). */
async function snapshot(server: RunningMockServer) {
  const read = async (path: string) => (await fetch(`${server.url}${path}`)).text();
  return {
    state: await read("/__mock/state"),
    faults: await read("/__mock/faults"),
    trustRoots: await read("/v1/system/update/trust-roots"),
  };
}

it("a page on another origin: no-cors text/plain writes to reset and faults, a Blob to trust-roots, reads of the journal", async () => {
  const before = await snapshot(mock!);
  watched = await chromium.newPage();
  await watched.page.goto(`${attacker!.origin}/`);
  log.length = 0;
  const outcomes = await watched.page.evaluate(async (base) => {
    const noCors = (path: string, body: BodyInit) =>
      fetch(base + path, { method: "POST", mode: "no-cors", body }).then(
        (answer) => answer.type,
        (error: unknown) => String(error),
      );
    const read = (path: string) =>
      fetch(base + path).then(
        async (answer) => `read ${answer.status}: ${await answer.text()}`,
        (error: unknown) => String(error),
      );
    return [
      await noCors("/__mock/reset", '{"scenario":"steady"}'),
      await noCors("/__mock/faults", '{"operation":"*","kind":"http","status":503}'),
      await noCors("/v1/system/update/trust-roots", new Blob(["{}"])),
      await read("/__mock/requests"),
      await read("/__mock/state"),
    ];
  }, mock!.url);
  // The writes are opaque to the page whatever happens; the reads fail in the browser (no CORS).
  expect(outcomes).toEqual(["opaque", "opaque", "opaque", "TypeError: Failed to fetch", "TypeError: Failed to fetch"]);
  // The server refused every one of them itself.
  expect(log.map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
    "POST /__mock/reset 403",
    "POST /__mock/faults 403",
    "POST /v1/system/update/trust-roots 403",
    "GET /__mock/requests 403",
    "GET /__mock/state 403",
  ]);
  expect(await snapshot(mock!)).toEqual(before);
});

it("a <form enctype=text/plain> POST from another origin is refused, and the page shown says why", async () => {
  const before = await snapshot(mock!);
  watched = await chromium.newPage();
  await watched.page.goto(`${attacker!.origin}/form`);
  const [answer] = await Promise.all([
    watched.page.waitForNavigation(),
    watched.page.locator("form").evaluate((form: HTMLFormElement) => form.submit()),
  ]);
  expect(answer?.status()).toBe(403);
  expect(JSON.parse((await answer?.text()) ?? "{}")).toMatchObject({ error_code: "Forbidden", message: expect.stringContaining("--cors") });
  expect(await snapshot(mock!)).toEqual(before);
});

it("DNS rebinding: the attacker's name now reaching the mock gets 403 for the page, the state, a reset and the event stream", async () => {
  // The attacker serves its page under its name, then that name:port leads to the mock.
  const bait = await startStaticServer({ "/": htmlPage({ title: "rebinding" }) });
  const port = Number(new URL(bait.origin).port);
  watched = await chromium.newPage();
  await watched.page.goto(`http://${REBIND_NAME}:${port}/`);
  await bait.close();
  const rebound = await startMockServer({ port });
  try {
    const before = await snapshot(rebound);
    const outcomes = await watched.page.evaluate(async () => {
      const status = (path: string, init?: RequestInit) =>
        fetch(path, init).then(
          async (answer) => `${answer.status} ${((await answer.json()) as { message: string }).message}`,
          (error: unknown) => String(error),
        );
      const json = { "content-type": "application/json" };
      return [
        await status("/__mock/"),
        await status("/__mock/state"),
        await status("/v1/system/update/status"),
        await status("/__mock/reset", { method: "POST", headers: json, body: "{}" }),
        await status("/__mock/state", { method: "PUT", headers: json, body: "{}" }),
        await status("/__mock/events"),
      ];
    });
    const refusal = `403 the Host header "${REBIND_NAME}:${port}" is not a name of this mock server, so the request is refused (DNS rebinding guard); allow it with --allowed-hosts ${REBIND_NAME} (or the allowedHosts option of startMockServer)`;
    expect(outcomes).toEqual(Array(6).fill(refusal));
    expect(await snapshot(rebound)).toEqual(before);
  } finally {
    await rebound.close();
  }
});

it("a name given with --allowed-hosts is served: the devtools page loads under it", async () => {
  const named = await startMockServer({ port: 0, allowedHosts: [REBIND_NAME] });
  try {
    watched = await chromium.newPage();
    const answer = await watched.page.goto(`http://${REBIND_NAME}:${named.port}/__mock/`);
    expect(answer?.status()).toBe(200);
    await watched.page.waitForSelector("table", { timeout: 10_000 });
    expect(watched.errors).toEqual([]);
  } finally {
    await named.close();
  }
});
