/**
 * The example frontend (examples/update-console) in headless Chromium, against the standalone mock (CORS)
 * and against MSW's worker in the page: the status and repositories show, and a refused PUT shows the
 * server's message word for word, with nothing in the console but the browser's note of the 400 itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startExample, type RunningExample } from "../../examples/update-console/serve.js";
import { createMockControl } from "../../mocks/index.js";
import { MSW_PACKAGE } from "../support/bundle.js";
import { useChromium, type WatchedPage } from "../support/chromium.js";

const RELEASE_19 = "19.0.0-0.ci+git44ac79d168b";
const RELEASE_20 = "20.0.0-0.local+git553e6c0886a";
const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";
const P = "Target release cannot be changed: ";
const BAD_REQUEST_LOAD = expect.stringMatching(/^Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/);

const chromium = useChromium();

describe.each(["server", "msw"] as const)("the update console, API from %s", (mode) => {
  let example: RunningExample;
  let watched: WatchedPage | undefined;

  beforeAll(async () => {
    example = await startExample({ mode, port: 0, mswPackage: MSW_PACKAGE });
  });
  afterAll(() => example?.close());
  afterEach(async () => {
    await watched?.page.context().close();
    watched = undefined;
  });

  /** Opens the page on a rack in `scenario` and waits for its first render. */
  async function open(scenario: string): Promise<WatchedPage> {
    // The standalone mock is put in the scenario from outside; the worker's rack takes it from the page's URL.
    if (example.apiUrl) await createMockControl({ baseUrl: example.apiUrl }).reset(scenario);
    const url = example.apiUrl ? example.url : `${example.origin}/?scenario=${scenario}`;
    watched = await chromium.newPage();
    await watched.page.goto(url);
    await watched.page.waitForSelector("body[data-ready=true]");
    return watched;
  }

  const rows = (page: WatchedPage["page"], table: string) =>
    page.locator(`#${table} tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));

  async function submit(page: WatchedPage["page"], button: "update" | "recover", version: string): Promise<string | null> {
    await page.fill("#version", version);
    // The page empties the outcome when the request goes out, so the next text is this request's.
    await page.click(`#${button}`);
    await page.waitForSelector("#outcome:not(:empty)");
    return page.textContent("#outcome");
  }

  it("shows the status and the repositories", async () => {
    const { page, errors, errorStatusLoads } = await open("steady");
    expect((await rows(page, "status")).slice(0, 1)).toEqual([["Target release", RELEASE_20]]);
    expect(await rows(page, "status")).toContainEqual(["Suspended", "no"]);
    expect(await rows(page, "components")).toEqual([[RELEASE_20, "69"]]);
    const repositories = await rows(page, "repositories");
    expect(repositories.map((row) => row[0])).toEqual(["System version", RELEASE_21, RELEASE_20, RELEASE_19]);
    expect(await page.textContent("#api")).toBe(example.apiUrl ?? example.origin);
    expect([...errors, ...errorStatusLoads]).toEqual([]);
  });

  it("a refused update shows the server's message, word for word", async () => {
    const { page, errors, errorStatusLoads } = await open("update-in-progress");
    expect(await submit(page, "update", "22.0.0")).toBe(`${P}a previous update is still in progress`);
    expect(await page.getAttribute("#outcome", "class")).toBe("outcome refused");
    expect(errors).toEqual([]);
    expect(errorStatusLoads).toEqual([BAD_REQUEST_LOAD]);
  });

  it("after a mupdate: the update is refused, recovery is accepted and the status follows", async () => {
    const { page, errors, errorStatusLoads } = await open("mupdate-waiting");
    expect(await submit(page, "update", RELEASE_21)).toBe(`${P}a support-driven recovery (mupdate) has occurred and must be cleared first`);
    expect(await submit(page, "recover", RELEASE_21)).toBe(`Recovery finished: the target release is ${RELEASE_21}.`);
    expect(await page.getAttribute("#outcome", "class")).toBe("outcome done");
    await page.waitForFunction((version) => document.querySelector("#status td")?.textContent === version, RELEASE_21);
    expect(errors).toEqual([]);
    expect(errorStatusLoads).toEqual([BAD_REQUEST_LOAD]);
  });

  it("pre-checks the version rules as the version is typed, in the words the server then uses", async () => {
    const { page, errors } = await open("steady");
    await page.fill("#version", "1.0");
    expect(await page.textContent("#hint")).toBe("Not a version: unexpected end of input while parsing minor version number");
    await page.fill("#version", RELEASE_19);
    const downgrade = `${P}cannot downgrade: requested target release version ${RELEASE_19} is older than current target release version ${RELEASE_20}`;
    expect(await page.textContent("#hint")).toBe(`An update would be refused: ${downgrade}`);
    expect(await submit(page, "update", RELEASE_19)).toBe(downgrade);
    await page.fill("#version", RELEASE_21);
    expect(await page.textContent("#hint")).toBe("");
    expect(errors).toEqual([]);
  });
});
