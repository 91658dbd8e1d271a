/**
 * The devtools panel mounted in an app's page on another origin (`mountDevtools({ baseUrl })` from
 * system-update/mocks/devtools) against a running `system-update mock --cors <that origin>`, in headless
 * Chromium: CORS lets its control requests, API calls and event stream through.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMockControl } from "../../mocks/index.js";
import { bundlePageScript } from "../support/bundle.js";
import { useChromium } from "../support/chromium.js";
import { htmlPage, javascript, startStaticServer, type StaticServer } from "../support/static-server.js";
import { startMock, type MockCommand } from "../support/mock-command.js";
import { eventually, expectedGrid, gridOnPage } from "./panel.js";

const chromium = useChromium();
let app: StaticServer | undefined;
let mock: MockCommand | undefined;
beforeAll(async () => {
  app = await startStaticServer({
    "/": htmlPage({ title: "app with the devtools panel", script: "/page.js" }),
    "/page.js": javascript(await bundlePageScript("test/devtools/page/embedded-panel.ts")),
  });
  mock = await startMock(["--cors", app.origin, "--scenario", "update-in-progress"]);
});
afterAll(async () => {
  await Promise.all([app?.close(), mock?.stop()]);
});

it("shows and drives a standalone mock from another origin, live", async () => {
  const { page, errors, errorStatusLoads } = await chromium.newPage();
  try {
    await page.goto(`${app!.origin}/?api=${encodeURIComponent(mock!.url)}`);
    await page.waitForSelector("system-update-devtools[data-ready=true][data-live=events]");
    const control = createMockControl({ baseUrl: mock!.url });
    expect(await gridOnPage(page)).toEqual(expectedGrid(await control.getState()));
    await page.click("#advance-settled");
    await page.waitForSelector('#outcome[data-state="done"]:has-text("settled")');
    await control.mupdate({ version: "22.0.0", sleds: "all" });
    await eventually(() => gridOnPage(page), expectedGrid(await control.getState()));
    expect([...errors, ...errorStatusLoads]).toEqual([]);
  } finally {
    await page.context().close();
  }
});
