/**
 * Reading the devtools panel in a Playwright page, and what a test expects of it, worked out from the
 * state document independently of the panel's own code. Playwright's CSS locators reach into the panel's
 * open shadow root; `evaluate` goes through `shadowRoot` explicitly.
 */
import type { Page } from "playwright-core";
import type { RackState } from "../../mocks/index.js";

export interface GridRow {
  readonly sled: string;
  readonly serial: string;
  readonly id: string;
  readonly mupdate: string;
  /** `data-version` of every cell after the mupdate column. */
  readonly cells: string[];
}

/** The grid as the panel shows it: one entry per row, top to bottom. */
export function gridOnPage(page: Page): Promise<GridRow[]> {
  return page.evaluate(() => {
    const root = document.querySelector("system-update-devtools")?.shadowRoot;
    return [...(root?.querySelectorAll<HTMLTableRowElement>("#grid tbody tr") ?? [])].map((tr) => ({
      sled: tr.dataset.sled ?? "",
      serial: tr.querySelector(".serial")?.textContent ?? "",
      id: tr.querySelector("th code")?.textContent ?? "",
      mupdate: tr.querySelector<HTMLElement>("td[data-mupdate]")?.dataset.mupdate ?? "",
      cells: [...tr.querySelectorAll<HTMLElement>("td[data-version]")].map((td) => td.dataset.version ?? ""),
    }));
  });
}

/** Each version cell's label (in bold), colour class and version, and the legend's entries. */
export function coloursOnPage(page: Page): Promise<{ cells: { text: string; colour: string; version: string }[]; legend: string[][] }> {
  return page.evaluate(() => {
    const root = document.querySelector("system-update-devtools")?.shadowRoot;
    const colourOf = (element: Element) => [...element.classList].find((name) => /^v\d+$/.test(name)) ?? "";
    return {
      cells: [...(root?.querySelectorAll<HTMLElement>("#grid td[data-version]") ?? [])]
        .filter((td) => td.querySelector("b") !== null)
        .map((td) => ({
          text: td.querySelector("b")?.textContent ?? "",
          colour: colourOf(td),
          version: (td.dataset.version ?? "").replace(/^install dataset /, ""),
        })),
      legend: [...(root?.querySelectorAll("#legend li") ?? [])]
        .filter((li) => li.querySelector("code") !== null)
        .map((li) => [
          li.querySelector(".swatch")?.textContent ?? "",
          colourOf(li.querySelector(".swatch") as Element),
          li.querySelector("code")?.textContent ?? "",
        ]),
    };
  });
}

/** The components table of the control plane's view, in the order shown. */
export function componentsOnPage(page: Page): Promise<[string, number][]> {
  return page.evaluate(() => {
    const root = document.querySelector("system-update-devtools")?.shadowRoot;
    return [...(root?.querySelectorAll("#components tr") ?? [])].map(
      (tr) => [tr.querySelector("th")?.textContent ?? "", Number(tr.querySelector("td")?.textContent)] as [string, number],
    );
  });
}

/** A row of the control plane's facts table by its key (`suspended`, `generation`, ...). */
export async function factOnPage(page: Page, key: string): Promise<string> {
  return (await page.locator(`#facts tr[data-fact="${key}"] td`).textContent()) ?? "";
}

/** The journal rows: seq, status, error code, message, tags, row class. */
export function journalOnPage(
  page: Page,
): Promise<{ seq: number; status: string; code: string; message: string; tags: string[]; refused: boolean }[]> {
  return page.evaluate(() => {
    const root = document.querySelector("system-update-devtools")?.shadowRoot;
    return [...(root?.querySelectorAll<HTMLTableRowElement>("#journal tr[data-seq]") ?? [])].map((tr) => ({
      seq: Number(tr.dataset.seq),
      status: tr.querySelector(".status")?.textContent ?? "",
      code: tr.querySelector(".code")?.textContent ?? "",
      message: tr.querySelector(".message")?.textContent ?? "",
      tags: [...tr.querySelectorAll(".tag")].map((tag) => tag.textContent ?? ""),
      refused: tr.classList.contains("refused"),
    }));
  });
}

/** Waits (bounded by Playwright's timeout) until `read` gives `expected`, then returns it; fails showing the last value. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${JSON.stringify(expected)}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await read();
  }
  return last;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The grid a state document should give: sleds by id, each component's version or what stands in for it. */
export function expectedGrid(state: RackState): GridRow[] {
  const sleds = [...state.sleds].sort(byId);
  const zoneColumns = Math.max(...sleds.map((sled) => sled.zones.length));
  const slot = (s: RackState["sleds"][number]["host_phase_2"]["slot_a"]) =>
    s.type === "current_contents" ? "current contents" : (s.version ?? "unknown");
  return sleds.map((sled) => ({
    sled: sled.id,
    serial: sled.serial,
    id: sled.id,
    mupdate: `${sled.mupdate_override ?? "-"} ${sled.remove_mupdate_override ?? "-"}`,
    cells: [
      sled.install_dataset ?? "absent",
      slot(sled.host_phase_2.slot_a),
      slot(sled.host_phase_2.slot_b),
      ...Array.from({ length: zoneColumns }, (_, i) => {
        const zone = sled.zones[i];
        if (zone === undefined) return "absent";
        if (zone.image_source.type === "install_dataset") return `install dataset ${sled.install_dataset ?? "(empty)"}`;
        return zone.image_source.version ?? "unknown";
      }),
      ...[sled.components.sp, sled.components.rot, sled.components.rot_bootloader, sled.components.host_phase_1].map((v) => v ?? "absent"),
    ],
  }));
}
