/**
 * `npm run example:screenshot`: docs/example-update-console.png, the update console against the standalone
 * mock on a rack whose update is still in progress, right after the server refused a new one.
 */
import path from "node:path";
import { startExample } from "../examples/update-console/serve.js";
import { launchChromium } from "../test/support/chromium.js";
import { repoRoot } from "./generate-lib.js";

const OUT = path.join(repoRoot, "docs/example-update-console.png");

const example = await startExample({ mode: "server", port: 0, scenario: "update-in-progress" });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 960, height: 720 }, deviceScaleFactor: 1 });
  await page.goto(example.url);
  await page.waitForSelector("body[data-ready=true]");
  await page.fill("#version", "22.0.0");
  await page.click("#update");
  await page.waitForSelector("#outcome:not(:empty)");
  await page.screenshot({ path: OUT, fullPage: true });
  process.stdout.write(`wrote ${path.relative(repoRoot, OUT)}\n`);
} finally {
  await browser.close();
  await example.close();
}
