/**
 * The devtools panel mounted in an app's page next to MSW's worker (`mountDevtools({ mock })` from
 * system-update/mocks/devtools), in headless Chromium: it shows the rack the worker serves, hears the app's
 * requests at once from the core in the page, and acts on the same endpoints of that core (not through the worker).
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { bundlePageScript, mswWorkerScript } from "../support/bundle.js";
import { useChromium, type WatchedPage } from "../support/chromium.js";
import { htmlPage, javascript, startStaticServer, type StaticServer } from "../support/static-server.js";
import { componentsOnPage, eventually, expectedGrid, gridOnPage, journalOnPage } from "./panel.js";

const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";

const chromium = useChromium();
let server: StaticServer | undefined;
beforeAll(async () => {
  server = await startStaticServer({
    "/": htmlPage({ title: "app with the devtools panel", script: "/page.js" }),
    "/page.js": javascript(await bundlePageScript("test/devtools/page/worker-panel.ts")),
    "/mockServiceWorker.js": javascript(mswWorkerScript()),
  });
});
afterAll(() => server?.close());

let watched: WatchedPage | undefined;
afterEach(async () => {
  expect(watched?.errors).toEqual([]);
  await watched?.page.context().close();
  watched = undefined;
});

async function open(scenario: string): Promise<WatchedPage> {
  watched = await chromium.newPage();
  await watched.page.setViewportSize({ width: 1400, height: 1000 });
  await watched.page.goto(`${server!.origin}/?scenario=${scenario}`);
  await watched.page.waitForSelector("system-update-devtools[data-ready=true][data-live=in-page]");
  return watched;
}

it("shows the worker's rack, and the app's requests as they happen", async () => {
  const { page, errorStatusLoads } = await open("update-in-progress");
  expect(await gridOnPage(page)).toEqual(expectedGrid(await page.evaluate(() => window.workerPanel.state())));
  const status = await page.evaluate(() => window.workerPanel.appFetch("/v1/system/update/status"));
  expect(status.status).toBe(200);
  expect(await componentsOnPage(page)).toEqual(
    Object.entries((JSON.parse(status.text) as { components_by_release_version: Record<string, number> }).components_by_release_version),
  );
  await eventually(async () => (await journalOnPage(page)).map((row) => [row.seq, row.status]), [[1, "200"]]);
  expect(errorStatusLoads).toEqual([]);
});

it("acts on the worker's core: recovery, an uploaded repository, a fault the app then meets", async () => {
  const { page, errorStatusLoads } = await open("mupdate-waiting");
  await page.fill("#version", RELEASE_21);
  await page.click("#finish-recovery");
  await page.waitForSelector('#upstream[data-status="204"]');
  expect((await page.evaluate(() => window.workerPanel.state())).target_release.version).toBe(RELEASE_21);

  await page.fill("#upload-version", "22.0.0");
  await page.click('#upload-form button[type="submit"]');
  await page.waitForSelector('#upstream[data-status="200"]');
  expect((await page.evaluate(() => window.workerPanel.state())).repositories.map((r) => r.system_version)).toContain("22.0.0");

  await page.selectOption("#fault-operation", "system_update_repository_list");
  await page.selectOption("#fault-kind", "http");
  await page.fill("#fault-status", "500");
  await page.click('#fault-form button[type="submit"]');
  await page.waitForSelector('#faults li[data-fault="f1"]');
  expect((await page.evaluate(() => window.workerPanel.appFetch("/v1/system/update/repositories"))).status).toBe(500);
  await eventually(async () => (await journalOnPage(page))[0]?.tags, ["fault http (f1)"]);
  expect(errorStatusLoads).toEqual(["Failed to load resource: the server responded with a status of 500 (Internal Server Error)"]);
});

it("runs its own planner clock in the page", async () => {
  const { page, errorStatusLoads } = await open("update-in-progress");
  const before = await page.evaluate(() => window.workerPanel.state());
  await page.fill("#clock-ms", "20");
  await page.click('#clock-form button[type="submit"]');
  await page.waitForSelector('#clock-now:has-text("every 20 ms")');
  await eventually(
    async () => (await page.evaluate(() => window.workerPanel.state())).time_last_step_planned !== before.time_last_step_planned,
    true,
  );
  await page.click("#clock-stop");
  await page.waitForSelector('#clock-now:has-text("off")');
  await eventually(() => gridOnPage(page), expectedGrid(await page.evaluate(() => window.workerPanel.state())));
  expect(errorStatusLoads).toEqual([]);
});
