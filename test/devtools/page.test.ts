/**
 * The devtools page in headless Chromium, served by a running `system-update mock` process at `/__mock/`.
 * Each test shows its own session (as a test suite sharing the server would) and checks the page against
 * what the server answers other clients: the state document, `GET status`, the journal, the API itself.
 * Nothing may reach the console but the browser's note of an error status a test provokes on purpose.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMockControl, type MockControl } from "../../mocks/index.js";
import { useChromium, type WatchedPage } from "../support/chromium.js";
import { startMock, type MockCommand } from "../support/mock-command.js";
import { allOn, editSled, SLEDS } from "../support/states.js";
import { coloursOnPage, componentsOnPage, eventually, expectedGrid, factOnPage, gridOnPage, journalOnPage } from "./panel.js";

const RELEASE_20 = "20.0.0-0.local+git553e6c0886a";
const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";
const LOAD_400 = "Failed to load resource: the server responded with a status of 400 (Bad Request)";

const chromium = useChromium();
let server: MockCommand;
beforeAll(async () => {
  server = await startMock();
});
afterAll(() => server?.stop());

const opened: WatchedPage[] = [];
/** Error-status loads a test provoked on purpose; anything else in the console fails it. */
let expectedLoads: string[] = [];
afterEach(async () => {
  for (const watched of opened) {
    expect(watched.errors).toEqual([]);
    expect(watched.errorStatusLoads.filter((line) => !expectedLoads.includes(line))).toEqual([]);
  }
  expectedLoads = [];
  await Promise.all(opened.splice(0).map((watched) => watched.page.context().close()));
});

let sessions = 0;
/** A fresh session in `scenario` (or with `state`), its control client, and the page showing it. */
async function setUp(scenario: string, state?: unknown): Promise<{ session: string; control: MockControl; page: WatchedPage["page"] }> {
  const session = `page-${++sessions}`;
  const control = createMockControl({ baseUrl: server.url, session });
  await control.reset(scenario);
  if (state !== undefined) await control.setState(state);
  return { session, control, page: await openPage(session) };
}

async function openPage(session: string): Promise<WatchedPage["page"]> {
  const watched = await chromium.newPage();
  opened.push(watched);
  await watched.page.setViewportSize({ width: 1400, height: 1000 });
  await watched.page.goto(`${server.url}/__mock/?session=${encodeURIComponent(session)}`);
  await watched.page.waitForSelector("system-update-devtools[data-ready=true][data-live=events]");
  return watched.page;
}

const apiStatus = async (session: string, apiVersion?: string) =>
  (await (
    await fetch(`${server.url}/v1/system/update/status`, {
      headers: { "x-mock-session": session, ...(apiVersion && { "api-version": apiVersion }) },
    })
  ).json()) as { components_by_release_version: Record<string, number>; suspended: boolean; contact_support?: boolean };

it("the start-up output names the page", () => {
  expect(server.lines[1]).toBe(`devtools page: ${server.url}/__mock/ (open it in a browser)`);
});

describe("the rack grid", () => {
  it.each(["mupdate-waiting", "update-in-progress", "factory"])("matches the state document (%s)", async (scenario) => {
    const { control, page } = await setUp(scenario);
    expect(await gridOnPage(page)).toEqual(expectedGrid(await control.getState()));
  });

  it("marks mupdate overrides, install-dataset software, unknown artifacts, current contents and missing parts", async () => {
    const marked = editSled(
      editSled(allOn(RELEASE_20), 0, (sled) => {
        sled.mupdate_override = "6b1b0d0e-6c65-4a4e-9f0f-4f1cba2f3a10";
        sled.remove_mupdate_override = "6b1b0d0e-6c65-4a4e-9f0f-4f1cba2f3a10";
        sled.install_dataset = RELEASE_21;
        sled.host_phase_2.slot_a = { type: "current_contents" };
        sled.host_phase_2.slot_b = { type: "artifact", version: null };
        (sled.zones[0] as (typeof sled.zones)[number]).image_source = { type: "install_dataset" };
        sled.zones.pop();
      }),
      1,
      (sled) => {
        (sled.zones[1] as (typeof sled.zones)[number]).disposition = "expunged";
      },
    );
    const { control, page } = await setUp("factory", marked);
    const grid = await gridOnPage(page);
    expect(grid).toEqual(expectedGrid(await control.getState()));
    const first = grid.find((row) => row.sled === SLEDS[0]);
    expect(first?.mupdate).toBe("6b1b0d0e-6c65-4a4e-9f0f-4f1cba2f3a10 6b1b0d0e-6c65-4a4e-9f0f-4f1cba2f3a10");
    expect(first?.cells.slice(0, 4)).toEqual([RELEASE_21, "current contents", "unknown", `install dataset ${RELEASE_21}`]);
    // What the marks look like, in words as well as colour.
    const row = page.locator(`#grid tr[data-sled="${SLEDS[0]}"]`);
    expect(await row.locator("td[data-mupdate]").textContent()).toBe("⚑ override 6b1b0d0e ⚑ planner removing 6b1b0d0e");
    expect(await row.locator("td.current").textContent()).toBe("▤ current contents");
    expect(await row.locator("td.unknown").textContent()).toBe("? unknown");
    expect(await row.locator("td.install").textContent()).toBe("nexus ◆ 21.0.0");
    expect(await row.locator("td.install").getAttribute("aria-label")).toBe(`nexus, install dataset, ${RELEASE_21}`);
    expect(await row.locator("td.unknown").getAttribute("aria-label")).toBe("unknown");
    expect(await page.locator(`#grid tr[data-sled="${SLEDS[1]}"] td.expunged`).textContent()).toBe("crucible expunged 20.0.0");
  });

  it("colours each version alike everywhere, names it in every cell, and lists it in the legend", async () => {
    const { control, page } = await setUp("update-in-progress");
    const { cells, legend } = await coloursOnPage(page);
    const versions = new Set(
      expectedGrid(await control.getState())
        .flatMap((row) => row.cells)
        .map((cell) => cell.replace(/^install dataset /, ""))
        .filter((cell) => /^\d/.test(cell)),
    );
    expect([...versions].sort()).toEqual(["19.0.0-0.ci+git44ac79d168b", RELEASE_20, RELEASE_21]);
    expect(legend.map(([, , version]) => version).sort()).toEqual([...versions].sort());
    const byVersion = new Map(legend.map(([label, colour, version]) => [version, { label, colour }]));
    expect(new Set(legend.map(([, colour]) => colour)).size).toBe(versions.size);
    expect(cells.length).toBeGreaterThan(50);
    for (const cell of cells)
      expect(cell, cell.version).toEqual({
        ...cell,
        text: byVersion.get(cell.version)?.label,
        colour: byVersion.get(cell.version)?.colour,
      });
  });
});

describe("the control plane's view", () => {
  it('"mupdate all" then "advance" changes the status panel as GET status does', async () => {
    const { session, page } = await setUp("steady");
    const before = await apiStatus(session);
    expect(await componentsOnPage(page)).toEqual(Object.entries(before.components_by_release_version));

    await page.fill("#mupdate-version", RELEASE_21);
    await page.check('input[name="mupdate-sleds"][value="all"]');
    await page.click("#mupdate");
    await page.waitForSelector('#outcome[data-state="done"]');
    expect(await page.textContent("#outcome")).toBe(`Mupdate to ${RELEASE_21} on all sleds: done`);
    await page.click("#advance-one");
    await page.waitForSelector('#outcome[data-state="done"]:has-text("advanced")');
    const after = await apiStatus(session);
    expect(after.components_by_release_version).not.toEqual(before.components_by_release_version);
    await eventually(() => componentsOnPage(page), Object.entries(after.components_by_release_version));
    expect(await factOnPage(page, "suspended")).toBe(after.suspended ? "yes" : "no");
    expect(await page.textContent("#status-raw")).toBe(JSON.stringify(after, null, 2));
  });

  it("shows the status as the chosen api-version has it", async () => {
    const { session, page } = await setUp("contact-support");
    expect(await factOnPage(page, "contact-support")).toBe("yes");
    await page.selectOption("#api-version", "2026021301.0.0");
    const old = await apiStatus(session, "2026021301.0.0");
    expect(old.contact_support).toBeUndefined();
    await eventually(async () => await page.textContent("#status-raw"), JSON.stringify(old, null, 2));
    expect(await factOnPage(page, "contact-support")).toBe("not in api-version 2026021301.0.0");
  });

  it("says in words what the rules would answer now, as GET /__mock/verdicts does", async () => {
    const { control, page } = await setUp("mupdate-waiting");
    await page.fill("#version", RELEASE_21);
    const verdicts = await control.verdicts(RELEASE_21);
    await eventually(
      async () => await page.locator("#verdicts li").allTextContents(),
      [
        `An update to ${RELEASE_21}: refused: 400 ${verdicts.update.errorCode}: ${verdicts.update.message}`,
        `A recovery to ${RELEASE_21}: accepted (204)`,
      ],
    );
  });

  it("a refused update shows the exact upstream message, and the journal holds it too", async () => {
    const { control, page } = await setUp("update-in-progress");
    expectedLoads = [LOAD_400];
    await page.fill("#version", "22.0.0");
    await page.click("#set-target");
    await page.waitForSelector('#upstream[data-status="400"]');
    const message = await page.textContent("#upstream-message");
    const [entry] = await control.requests({ operation: "target_release_update" });
    expect(message).toBe("Target release cannot be changed: a previous update is still in progress");
    expect(message).toBe(entry?.message);
    expect(await page.textContent("#upstream .status")).toBe("HTTP 400 InvalidRequest");
    const [row] = await eventually(
      async () => (await journalOnPage(page)).slice(0, 1).map((r) => ({ ...r, seq: 0 })),
      [{ seq: 0, status: "400", code: "InvalidRequest", message: message ?? "", tags: ["refused: update-in-progress"], refused: true }],
    );
    expect(row?.refused).toBe(true);
  });

  it("finishes a recovery through the API and shows the answer and the new target", async () => {
    const { control, page } = await setUp("mupdate-waiting");
    await page.fill("#version", RELEASE_21);
    await page.click("#finish-recovery");
    await page.waitForSelector('#upstream[data-status="204"]');
    expect(await page.textContent("#upstream .status")).toBe("HTTP 204");
    expect((await control.getState()).target_release.version).toBe(RELEASE_21);
    await eventually(async () => (await factOnPage(page, "target")).startsWith(RELEASE_21), true);
  });
});

describe("actions", () => {
  it("a fault added on the page makes the next API call fail, and the journal shows it", async () => {
    const { session, control, page } = await setUp("steady");
    await page.selectOption("#fault-operation", "system_update_status");
    await page.selectOption("#fault-kind", "http");
    await page.fill("#fault-status", "503");
    await page.fill("#fault-times", "1");
    await page.click('#fault-form button[type="submit"]');
    await page.waitForSelector('#faults li[data-fault="f1"]');
    expect(await control.faults()).toEqual([{ id: "f1", operation: "system_update_status", kind: "http", status: 503, times: 1 }]);

    const headers = { "x-mock-session": session };
    expect((await fetch(`${server.url}/v1/system/update/status`, { headers })).status).toBe(503);
    expect((await fetch(`${server.url}/v1/system/update/status`, { headers })).status).toBe(200);
    await eventually(
      async () => (await journalOnPage(page)).map((row) => [row.status, row.tags]),
      [
        ["200", []],
        ["503", ["fault http (f1)"]],
      ],
    );
    // The rule is used up: the list follows.
    await page.waitForSelector('#faults li:has-text("no fault rules")');
  });

  it("removes one fault rule and clears the rest", async () => {
    const { control, page } = await setUp("steady");
    await control.addFault({ operation: "system_update_status", kind: "network" });
    await control.addFault({ operation: "*", kind: "hang", times: 2 });
    await control.addFault({ operation: "target_release_update", kind: "http", status: 500 });
    await page.waitForSelector('#faults li[data-fault="f3"]');
    await page.click('#faults li[data-fault="f2"] button');
    await page.waitForSelector('#faults li[data-fault="f2"]', { state: "detached" });
    expect((await control.faults()).map((rule) => rule.id)).toEqual(["f1", "f3"]);
    await page.waitForSelector('#outcome:has-text("Remove fault f2: done")');
    await page.click('button:has-text("Clear faults")');
    await page.waitForSelector('#faults li:has-text("no fault rules")');
    expect(await control.faults()).toEqual([]);
  });

  it("sets and clears latency, and the journal shows the delay", async () => {
    const { session, control, page } = await setUp("steady");
    await page.selectOption("#latency-operation", "system_update_status");
    await page.fill("#latency-ms", "120");
    await page.click('#latency-form button[type="submit"]');
    await page.waitForSelector('#latency li:has-text("system_update_status: 120 ms")');
    expect(await control.latency()).toEqual({ all: null, operations: { system_update_status: { ms: 120 } } });
    await fetch(`${server.url}/v1/system/update/status`, { headers: { "x-mock-session": session } });
    await eventually(async () => (await journalOnPage(page)).map((row) => row.tags), [["latency 120 ms"]]);
    await page.click("#clear-latency");
    await page.waitForSelector('#latency li:has-text("no latency")');
    expect(await control.latency()).toEqual({ all: null, operations: {} });
  });

  it("a refused control request shows the mock's message", async () => {
    const { page } = await setUp("steady");
    expectedLoads = [LOAD_400];
    await page.fill("#latency-ms", "soon");
    await page.click('#latency-form button[type="submit"]');
    await page.waitForSelector('#outcome[data-state="refused"]');
    expect(await page.textContent("#outcome")).toMatch(/^Set latency soon ms: 400 InvalidRequest: /);
  });

  it("loads a scenario, mupdates chosen sleds, uploads a repository and clears the journal", async () => {
    const { control, page } = await setUp("steady");
    await page.selectOption("#scenario", "update-in-progress");
    await page.click('#scenario-form button[type="submit"]');
    await page.waitForSelector('#outcome[data-state="done"]');
    const inProgress = await control.getState();
    expect(inProgress.target_release.version).toBe(RELEASE_21);
    await eventually(() => gridOnPage(page), expectedGrid(inProgress));

    const [first, second] = [...inProgress.sleds].sort((a, b) => (a.id < b.id ? -1 : 1));
    await page.check(`#pick-${first?.id}`);
    await page.check(`#pick-${second?.id}`);
    await page.fill("#mupdate-version", "22.0.0");
    await page.check('input[name="mupdate-sleds"][value="chosen"]');
    await page.click("#mupdate");
    await page.waitForSelector('#outcome[data-state="done"]:has-text("2 sled(s)")');
    const after = await control.getState();
    expect(
      after.sleds
        .filter((sled) => sled.install_dataset === "22.0.0")
        .map((sled) => sled.id)
        .sort(),
    ).toEqual([first?.id, second?.id]);
    await eventually(() => gridOnPage(page), expectedGrid(after));

    await page.fill("#upload-version", "22.0.0");
    await page.click('#upload-form button[type="submit"]');
    await page.waitForSelector('#upstream[data-status="200"]');
    expect(JSON.parse((await page.textContent("#upstream-message")) ?? "")).toMatchObject({ repo: { system_version: "22.0.0" } });
    expect((await control.getState()).repositories.map((r) => r.system_version)).toContain("22.0.0");

    await eventually(async () => (await journalOnPage(page)).map((row) => row.status), ["200"]);
    await page.click("#clear-journal");
    await page.waitForSelector('#outcome[data-state="done"]:has-text("Clear journal")');
    await eventually(async () => (await journalOnPage(page)).length, 0);
    expect(await control.requests()).toEqual([]);
  });

  it("sets and stops the auto-advance interval", async () => {
    const { control, page } = await setUp("update-in-progress");
    const before = await control.getState();
    await page.fill("#clock-ms", "30");
    await page.click('#clock-form button[type="submit"]');
    await page.waitForSelector('#clock-now:has-text("every 30 ms")');
    expect(await (await fetch(`${server.url}/__mock/clock`)).json()).toEqual({ everyMs: 30 });
    // The rack moves by itself, and the page follows it.
    await eventually(async () => (await control.getState()).time_last_step_planned !== before.time_last_step_planned, true);
    await page.click("#clock-stop");
    await page.waitForSelector('#clock-now:has-text("off")');
    expect(await (await fetch(`${server.url}/__mock/clock`)).json()).toEqual({ everyMs: null });
    await eventually(async () => gridOnPage(page), expectedGrid(await control.getState()));
  });
});

describe("live updates", () => {
  it("shows a change made by another client without a reload", async () => {
    const { session, control, page } = await setUp("steady");
    await control.mupdate({ version: RELEASE_21, sleds: "all" });
    await eventually(() => gridOnPage(page), expectedGrid(await control.getState()));
    const answer = await fetch(`${server.url}/v1/system/update/target-release`, {
      method: "PUT",
      headers: { "x-mock-session": session, "content-type": "application/json" },
      body: JSON.stringify({ system_version: "22.0.0" }),
    });
    // Support's mupdate is still pending: the update is refused, and the page's journal shows that refusal.
    const refusal = (await answer.json()) as { error_code: string; message: string };
    expect(answer.status).toBe(400);
    await eventually(
      async () => (await journalOnPage(page)).map((row) => [row.status, row.code, row.message, row.refused]),
      [["400", refusal.error_code, refusal.message, true]],
    );
  });

  it("two tabs on one session: an action in one shows in the other", async () => {
    const { session, control, page } = await setUp("update-in-progress");
    const other = await openPage(session);
    await page.click("#advance-settled");
    await page.waitForSelector('#outcome[data-state="done"]:has-text("settled")');
    const settled = await control.getState();
    await eventually(() => gridOnPage(other), expectedGrid(settled));
    await eventually(() => componentsOnPage(other), Object.entries((await apiStatus(session)).components_by_release_version));
  });

  it("lists sessions as they appear and switches between them", async () => {
    const { page } = await setUp("steady");
    const name = `page-other-${sessions}`;
    const control = createMockControl({ baseUrl: server.url, session: name });
    await control.reset("mupdate-waiting");
    await page.waitForSelector(`#session option[value="${name}"]`, { state: "attached" });
    await page.selectOption("#session", name);
    await page.waitForSelector("system-update-devtools[data-ready=true]");
    await eventually(() => gridOnPage(page), expectedGrid(await control.getState()));
  });
});

describe("accessibility", () => {
  it("labels every control, and the keyboard reaches and works them", async () => {
    const { control, page } = await setUp("update-in-progress");
    const unlabelled = await page.evaluate(() => {
      const root = document.querySelector("system-update-devtools")?.shadowRoot;
      return [...(root?.querySelectorAll("input, select, button") ?? [])]
        .filter((element) => {
          const named = element.getAttribute("aria-label") ?? "";
          if (element instanceof HTMLButtonElement) return (element.textContent ?? "").trim() === "" && named === "";
          return (element as HTMLInputElement).labels?.length === 0 && named === "";
        })
        .map((element) => element.outerHTML);
    });
    expect(unlabelled).toEqual([]);
    // Tab to the "advance until settled" button and press Enter.
    await page.focus("#advance-one");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.querySelector("system-update-devtools")?.shadowRoot?.activeElement?.id)).toBe(
      "advance-settled",
    );
    await page.keyboard.press("Enter");
    await page.waitForSelector('#outcome[data-state="done"]:has-text("settled")');
    expect((await control.advance({ steps: 1 })).steps).toBe(0);
  });

  it("keeps text above 4.5:1 contrast on every background it uses", async () => {
    const { page } = await setUp("mupdate-waiting");
    await page.fill("#version", RELEASE_21);
    await page.waitForSelector("#verdicts li.refused");
    const lowest = await page.evaluate(() => {
      const root = document.querySelector("system-update-devtools")?.shadowRoot;
      const rgb = (text: string) => (text.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
        const [R, G, B] = [r, g, b].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
      };
      /** The first opaque background colour up the tree (gradients count by their lightest stop, white). */
      const background = (element: Element | null): number[] => {
        for (let at = element; at !== null; at = at.parentElement ?? (at.getRootNode() as ShadowRoot).host ?? null) {
          const style = getComputedStyle(at);
          const colour = rgb(style.backgroundColor);
          if (colour.length === 3 || (colour.length === 4 && colour[3] === 1)) return colour.slice(0, 3);
          if (style.backgroundImage !== "none") return [255, 255, 255];
        }
        return [255, 255, 255];
      };
      let worst = { ratio: 21, what: "" };
      for (const element of root?.querySelectorAll("h1, h2, h3, th, td, span, li, label, button, p, code, strong, summary") ?? []) {
        if (!(element.textContent ?? "").trim()) continue;
        const fg = luminance(rgb(getComputedStyle(element).color));
        const bg = luminance(background(element));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < worst.ratio) worst = { ratio, what: element.outerHTML.slice(0, 80) };
      }
      return worst;
    });
    expect(lowest.ratio, lowest.what).toBeGreaterThanOrEqual(4.5);
  });
});
