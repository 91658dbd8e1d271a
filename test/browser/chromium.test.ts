/** The Chromium test helper itself: what a watched page records, and that closing leaves no process. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chromiumDescendants, chromiumExecutable, launchChromium, useChromium } from "../support/chromium.js";
import { htmlPage, javascript, startStaticServer, type StaticServer } from "../support/static-server.js";

const chromium = useChromium();
let server: StaticServer | undefined;

beforeAll(async () => {
  server = await startStaticServer({
    "/": htmlPage({ title: "watched" }),
    "/worker.js": javascript('console.error("the worker broke");'),
  });
});
afterAll(async () => {
  await server?.close();
});

it("a watched page records console errors and uncaught exceptions, and error statuses apart", async () => {
  const { page, errors, errorStatusLoads } = await chromium.newPage();
  await page.goto(`${server!.origin}/`);
  // The helper's listeners were added first, so each has recorded its event once these resolve.
  const events = Promise.all([
    page.waitForEvent("pageerror"),
    page.context().waitForEvent("console", (message) => message.text() === "something broke"),
    page.context().waitForEvent("console", (message) => message.text().startsWith("Failed to load resource")),
  ]);
  await page.evaluate(async () => {
    console.warn("only a warning");
    console.error("something broke");
    setTimeout(() => {
      throw new Error("nobody caught this");
    });
    await fetch("/missing");
  });
  await events;
  expect(errors).toEqual(["console error: something broke", "page error: nobody caught this"]);
  expect(errorStatusLoads).toEqual(["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
});

it("a watched page records its service workers' console errors too (MSW's worker is one)", async () => {
  const { page, errors } = await chromium.newPage();
  await page.goto(`${server!.origin}/`);
  const logged = page.context().waitForEvent("console", (message) => message.text() === "the worker broke");
  await page.evaluate(() => navigator.serviceWorker.register("/worker.js"));
  await logged;
  expect(errors).toEqual(["console error: the worker broke"]);
});

it("Chromium runs on the libraries shipped in the package, and closing it leaves none of its processes", async () => {
  const executable = await chromiumExecutable();
  const before = chromiumDescendants(executable);
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(`${server!.origin}/`);
  const started = chromiumDescendants(executable).filter((pid) => !before.includes(pid));
  expect(started.length).toBeGreaterThan(0);
  const libraries = started.flatMap((pid) => readFileSync(`/proc/${pid}/maps`, "utf8").match(/\S*\/libnss3\.so\b/g) ?? []);
  expect(new Set(libraries)).toEqual(new Set([path.join(path.dirname(executable), "al2023", "lib", "libnss3.so")]));
  await browser.close();
  expect(chromiumDescendants(executable)).toEqual(before);
});
