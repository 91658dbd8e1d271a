// @ts-check
/**
 * The rack grid as HTML text: sleds (rows, in id order) against their components, each version cell
 * coloured and labelled, and its legend. Pure functions from the state document, like `render.js`.
 */
import { escapeHtml } from "./render.js";

/**
 * @typedef {import("./render.js").RackState} RackState
 * @typedef {import("./render.js").Sled} Sled
 * @typedef {import("./render.js").OsSlot} OsSlot
 * @typedef {import("./render.js").Zone} Zone
 */

/** Background colours of release versions: light tints, each with near-black text above 7:1 contrast. */
export const PALETTE_SIZE = 10;

const HUBRIS = /** @type {const} */ ([
  ["sp", "SP"],
  ["rot", "RoT"],
  ["rot_bootloader", "RoT bootloader"],
  ["host_phase_1", "Host phase 1"],
]);

/** Sleds in id order (text order of their UUIDs), as the grid lists them. */
export function sledsById(/** @type {readonly Sled[]} */ sleds) {
  return [...sleds].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A short label for each version: its MAJOR.MINOR.PATCH when no other version in the rack shares it, else
 * the whole version; and its colour, by the versions' text order.
 * @param {Iterable<string>} versions
 * @returns {Map<string, { label: string, colour: number }>}
 */
export function versionKeys(versions) {
  const all = [...new Set(versions)].sort();
  /** @type {Map<string, number>} */
  const cores = new Map();
  const core = (/** @type {string} */ v) => /^[^-+]*/.exec(v)?.[0] ?? v;
  for (const v of all) cores.set(core(v), (cores.get(core(v)) ?? 0) + 1);
  return new Map(all.map((v, i) => [v, { label: cores.get(core(v)) === 1 ? core(v) : v, colour: i % PALETTE_SIZE }]));
}

/**
 * One cell of the grid, as data: what a test compares with the state document (`data-version`), and what
 * it shows.
 * @typedef {{ version: string | null, mark: "" | "install" | "current" | "unknown" | "absent", prefix?: string, note?: string }} CellData
 */

/** @returns {CellData} */
function slotCell(/** @type {OsSlot} */ slot) {
  if (slot.type === "current_contents") return { version: null, mark: "current" };
  return slot.version === null ? { version: null, mark: "unknown" } : { version: slot.version, mark: "" };
}

/** @returns {CellData} */
function zoneCell(/** @type {Zone} */ zone, /** @type {string | null} */ installDataset) {
  const note = zone.disposition === "expunged" ? "expunged" : undefined;
  const base = { prefix: zone.kind, ...(note && { note }) };
  if (zone.image_source.type === "install_dataset") return { ...base, version: installDataset, mark: "install" };
  if (zone.image_source.version === null) return { ...base, version: null, mark: "unknown" };
  return { ...base, version: zone.image_source.version, mark: "" };
}

/** @returns {CellData} */
const versionCell = (/** @type {string | null} */ version) =>
  version === null ? { version: null, mark: "absent" } : { version, mark: "" };

/** The `data-version` of a cell: the version, or what stands in its place. */
export function cellKey(/** @type {CellData} */ cell) {
  switch (cell.mark) {
    case "install":
      return `install dataset ${cell.version ?? "(empty)"}`;
    case "current":
      return "current contents";
    case "unknown":
      return "unknown";
    case "absent":
      return "absent";
    default:
      return cell.version ?? "absent";
  }
}

/** How a cell shows what stands in for a version (the legend and the cell's accessible name say it in words). */
const MARK_TEXT = { install: "◆", current: "▤ current contents", unknown: "? unknown", absent: "—" };
const MARK_WORDS = { install: "install dataset", current: "current contents", unknown: "unknown", absent: "none" };
const MARK_LEGEND = { install: "◆ install dataset", current: "▤ current contents", unknown: "? unknown", absent: "— none" };

/**
 * One cell: few elements (a 1,024-sled grid has some 16,000 cells, and each element costs style and
 * layout), the version's short label in bold, its whole version in the title and the accessible name.
 * @param {CellData} cell
 * @param {Map<string, { label: string, colour: number }>} keys
 */
function cellHtml(cell, keys) {
  const key = cell.version === null ? undefined : keys.get(cell.version);
  const classes = [key === undefined ? "" : `v${key.colour}`, cell.mark, cell.note ?? ""].filter(Boolean).join(" ");
  const shown = [];
  const words = [];
  if (cell.prefix !== undefined) {
    shown.push(`<i>${escapeHtml(cell.prefix)}</i>`);
    words.push(cell.prefix);
  }
  if (cell.note !== undefined) {
    shown.push(`<i class="note">${escapeHtml(cell.note)}</i>`);
    words.push(cell.note);
  }
  if (cell.mark !== "") {
    shown.push(MARK_TEXT[cell.mark]);
    words.push(MARK_WORDS[cell.mark]);
  }
  if (key !== undefined) {
    shown.push(`<b>${escapeHtml(key.label)}</b>`);
    words.push(/** @type {string} */ (cell.version));
  }
  const label = escapeHtml(words.join(", "));
  return `<td class="${classes}" data-version="${escapeHtml(cellKey(cell))}" title="${label}" aria-label="${label}">${shown.join(" ")}</td>`;
}

/**
 * Every cell of a sled, by column, in the grid's order.
 * @param {Sled} sled
 * @param {number} zoneColumns
 * @returns {CellData[]}
 */
export function sledCells(sled, zoneColumns) {
  const zones = Array.from({ length: zoneColumns }, (_, i) => {
    const zone = sled.zones[i];
    return zone === undefined ? /** @type {CellData} */ ({ version: null, mark: "absent" }) : zoneCell(zone, sled.install_dataset);
  });
  return [
    versionCell(sled.install_dataset),
    slotCell(sled.host_phase_2.slot_a),
    slotCell(sled.host_phase_2.slot_b),
    ...zones,
    ...HUBRIS.map(([field]) => versionCell(sled.components[field])),
  ];
}

/** Column headings after Select, Sled and Mupdate. */
export function cellColumns(/** @type {number} */ zoneColumns) {
  return [
    "Install dataset",
    "OS slot A",
    "OS slot B",
    ...Array.from({ length: zoneColumns }, (_, i) => `Zone ${i + 1}`),
    ...HUBRIS.map(([, h]) => h),
  ];
}

const short = (/** @type {string} */ id) => id.slice(0, 8);

function mupdateHtml(/** @type {Sled} */ sled) {
  const marks = [];
  if (sled.mupdate_override !== null)
    marks.push(
      `<span class="flag" title="the sled reports mupdate override ${escapeHtml(sled.mupdate_override)}">⚑ override ${short(sled.mupdate_override)}</span>`,
    );
  if (sled.remove_mupdate_override !== null)
    marks.push(
      `<span class="flag" title="the blueprint removes mupdate override ${escapeHtml(sled.remove_mupdate_override)}">⚑ planner removing ${short(sled.remove_mupdate_override)}</span>`,
    );
  const data = `${sled.mupdate_override ?? "-"} ${sled.remove_mupdate_override ?? "-"}`;
  return `<td class="${marks.length > 0 ? "mupdate" : ""}" data-mupdate="${escapeHtml(data)}">${marks.join(" ") || "—"}</td>`;
}

/**
 * The rack grid: a table of sleds (rows, in id order) against their components (columns), each version
 * cell coloured and labelled; and its legend. `selected`: sled ids whose checkbox is ticked.
 * @param {RackState} state
 * @param {ReadonlySet<string>} selected
 */
export function gridHtml(state, selected) {
  const sleds = sledsById(state.sleds);
  const zoneColumns = Math.max(0, ...sleds.map((sled) => sled.zones.length));
  const rows = sleds.map((sled) => ({ sled, cells: sledCells(sled, zoneColumns) }));
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const { cells } of rows)
    for (const cell of cells) if (cell.version !== null) counts.set(cell.version, (counts.get(cell.version) ?? 0) + 1);
  const keys = versionKeys(counts.keys());
  const head = ["Select", "Sled", "Mupdate", ...cellColumns(zoneColumns)].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map(({ sled, cells }) => {
      const id = escapeHtml(sled.id);
      const checkbox = `<input type="checkbox" class="pick" id="pick-${id}" data-sled="${id}"${selected.has(sled.id) ? " checked" : ""} aria-label="Select sled ${escapeHtml(sled.serial)}">`;
      const state = sled.state === "active" ? "" : ` <span class="note">${escapeHtml(sled.state)}</span>`;
      const name = `<th scope="row" class="sled"><span class="serial">${escapeHtml(sled.serial)}</span>${state}<br><code>${id}</code></th>`;
      return `<tr data-sled="${id}"><td>${checkbox}</td>${name}${mupdateHtml(sled)}${cells.map((cell) => cellHtml(cell, keys)).join("")}</tr>`;
    })
    .join("");
  const legend = [...keys]
    .map(
      ([version, key]) =>
        `<li><span class="swatch v${key.colour}">${escapeHtml(key.label)}</span> <code>${escapeHtml(version)}</code> <span class="count">${counts.get(version) ?? 0} cells</span></li>`,
    )
    .join("");
  const marks = Object.entries(MARK_LEGEND)
    .map(([mark, text]) => `<li><span class="swatch ${mark}">${text}</span></li>`)
    .join("");
  return {
    table: `<caption>${sleds.length} sleds in id order</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody>`,
    legend: `${legend}${marks}<li><span class="swatch mupdate">⚑ mupdate override</span></li>`,
  };
}
