/**
 * `npm run devtools:screenshot`: docs/devtools-mupdate-waiting.png, the devtools page of a `system-update
 * mock` on the mupdate-waiting scenario, right after the page's own update was refused and an app met an
 * injected fault.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMockControl } from "../../mocks/index.js";
import { startMockServer } from "../../mocks/server.js";
import { launchChromium } from "../support/chromium.js";

const OUT = fileURLToPath(new URL("../../docs/devtools-mupdate-waiting.png", import.meta.url));
const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";

const server = await startMockServer({ port: 0, scenario: "mupdate-waiting" });
const browser = await launchChromium();
try {
  const control = createMockControl({ baseUrl: server.url });
  await control.addFault({ operation: "system_update_repository_list", kind: "http", status: 503, times: 1 });
  await control.setLatency({ ms: 40, operation: "system_update_status" });
  await fetch(`${server.url}/v1/system/update/status`);
  await fetch(`${server.url}/v1/system/update/repositories`);
  await fetch(`${server.url}/v1/system/update/repositories`);

  const page = await browser.newPage({ viewport: { width: 1880, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/__mock/`);
  await page.waitForSelector("system-update-devtools[data-ready=true][data-live=events]");
  await page.fill("#version", RELEASE_21);
  await page.click("#set-target");
  await page.waitForSelector('#upstream[data-status="400"]');
  await page.waitForSelector('#journal tr[data-seq="4"]');
  await page.screenshot({ path: OUT, fullPage: true });
  process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)}\n`);
} finally {
  await browser.close();
  await server.close();
}
