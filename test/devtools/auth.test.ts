/**
 * The devtools page of a `system-update mock --auth <file>` with a control token, in headless Chromium: the
 * page loads but shows nothing until it is given the control token; its control requests and event stream
 * then carry it, and its API calls carry the API token typed in (the journal shows the caller's role).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMockControl } from "../../mocks/index.js";
import { useChromium } from "../support/chromium.js";
import { tempDir, writeJson } from "../server/harness.js";
import { startMock, type MockCommand } from "../support/mock-command.js";
import { expectedGrid, gridOnPage } from "./panel.js";

const CONTROL_TOKEN = "control-secret";
const ADMIN_TOKEN = "admin-secret";
const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";

const chromium = useChromium();
let server: MockCommand;
beforeAll(async () => {
  const auth = writeJson(tempDir(), "auth.json", { tokens: { [ADMIN_TOKEN]: "admin" }, control: CONTROL_TOKEN });
  server = await startMock(["--auth", auth, "--scenario", "mupdate-waiting"]);
});
afterAll(() => server?.stop());

it("asks for the control token, then works with it; API calls carry the API token", async () => {
  expect(server.lines[1]).toBe(`devtools page: ${server.url}/__mock/ (open it in a browser)`);
  const { page, errors, errorStatusLoads } = await chromium.newPage();
  try {
    await page.goto(`${server.url}/__mock/`);
    await page.waitForSelector("system-update-devtools[data-live=denied]");
    expect(await page.getAttribute("#credentials", "open")).toBe("");
    expect(await page.textContent("#outcome")).toBe(
      "control endpoints: the mock's control endpoints need the control token (authorization: Bearer <control token>)",
    );

    await page.fill("#control-token", CONTROL_TOKEN);
    await page.click('#tokens-form button[type="submit"]');
    await page.waitForSelector("system-update-devtools[data-ready=true][data-live=events]");
    const control = createMockControl({ baseUrl: server.url, controlToken: CONTROL_TOKEN });
    expect(await gridOnPage(page)).toEqual(expectedGrid(await control.getState()));

    // Without an API token the API refuses the page's call as it would any anonymous one.
    await page.fill("#version", RELEASE_21);
    await page.click("#finish-recovery");
    await page.waitForSelector('#upstream[data-status="401"]');
    expect(await page.textContent("#upstream-message")).toBe("credentials missing or invalid");

    await page.click("#credentials summary");
    await page.fill("#api-token", ADMIN_TOKEN);
    await page.click('#tokens-form button[type="submit"]');
    await page.waitForSelector("system-update-devtools[data-ready=true][data-live=events]");
    await page.click("#finish-recovery");
    await page.waitForSelector('#upstream[data-status="204"]');
    expect((await control.requests({ operation: "system_update_recovery_finish" })).map((entry) => [entry.role, entry.status])).toEqual([
      ["anonymous", 401],
      ["admin", 204],
    ]);
    expect(errors).toEqual([]);
    expect(new Set(errorStatusLoads)).toEqual(
      new Set([401].map((s) => `Failed to load resource: the server responded with a status of ${s} (Unauthorized)`)),
    );
  } finally {
    await page.context().close();
  }
});

it("with auth on and no control token there is no page, and the start-up output offers none", async () => {
  const closed = await startMock(["--auth", writeJson(tempDir(), "auth.json", { tokens: { [ADMIN_TOKEN]: "admin" } })]);
  try {
    expect(closed.lines.filter((line) => line.startsWith("devtools page"))).toEqual([]);
    const page = await fetch(`${closed.url}/__mock/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(403);
  } finally {
    await closed.stop();
  }
});
