/**
 * The MSW handlers' `persist` option in Chromium: the rack changed through the worker survives a page
 * reload, and a reset is what the next reload shows. Also, in Node, a stored entry that is no rack is a
 * clear error naming its key, and stays as it was.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { persistInStorage, STORAGE_KEY_PREFIX, type StorageLike } from "../../mocks/core/persistence.js";
import { createMockCore } from "../../mocks/core/mock.js";
import { useChromium } from "../support/chromium.js";
import { bundlePageScript, mswWorkerScript } from "../support/bundle.js";
import { htmlPage, javascript, startStaticServer, type StaticServer } from "../support/static-server.js";

const chromium = useChromium();
let server: StaticServer | undefined;

beforeAll(async () => {
  server = await startStaticServer({
    "/": htmlPage({ title: "MSW persist", script: "/page.js" }),
    "/page.js": javascript(await bundlePageScript("test/browser/page/persist-page.ts")),
    "/mockServiceWorker.js": javascript(mswWorkerScript()),
  });
});
afterAll(async () => {
  await server?.close();
});

it("a page reload keeps the rack changed through the worker; after a reset, the reload shows the reset rack", async () => {
  const { page, errors } = await chromium.newPage();
  await page.goto(`${server!.origin}/`);
  await page.evaluate(() => window.persistReady);
  const post = (path: string, body: unknown) =>
    page.evaluate(
      async ([path, body]) =>
        (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status,
      [path, body] as const,
    );
  const stateText = () => page.evaluate(async () => (await fetch("/__mock/state")).text());
  const reload = async () => {
    await page.reload();
    await page.evaluate(() => window.persistReady);
  };

  expect(await post("/__mock/mupdate", { version: "9.0.7", sleds: "all" })).toBe(204);
  const changed = await stateText();
  expect(changed).toContain('"9.0.7"');
  await reload();
  expect(await stateText()).toBe(changed);

  expect(await post("/__mock/reset", {})).toBe(204);
  const reset = await stateText();
  await reload();
  expect(await stateText()).toBe(reset);
  expect(reset).not.toContain('"9.0.7"');
  expect(errors).toEqual([]);
  await page.context().close();
});

it("an entry that is no rack stops the handlers with an error naming its key, and is left as it was", () => {
  const entries = new Map([[`${STORAGE_KEY_PREFIX}default`, '{"sleds": "many"}']]);
  const storage: StorageLike = {
    get length() {
      return entries.size;
    },
    key: (index) => [...entries.keys()][index] ?? null,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
  expect(() => persistInStorage(createMockCore(), storage)).toThrow(
    /^system-update mock: the stored rack system-update-mock:default cannot be loaded \(.+\); it was left as it is\. Remove it/,
  );
  expect(entries.get(`${STORAGE_KEY_PREFIX}default`)).toBe('{"sleds": "many"}');
});
