// @ts-check
/**
 * The devtools panel's views as HTML text, from the documents the mock answers (state, status, verdicts,
 * journal, faults): pure functions, no DOM, no rules. Every piece of data is escaped. Plain JavaScript,
 * type-checked by tsc from these JSDoc types, so the same files run from a clone and from the package.
 */

/**
 * @typedef {import("../../core/simulator/state.js").RackState} RackState
 * @typedef {import("../../core/simulator/state.js").Sled} Sled
 * @typedef {import("../../core/simulator/state.js").OsSlot} OsSlot
 * @typedef {import("../../core/simulator/state.js").Zone} Zone
 * @typedef {import("../../core/control/control-types.js").Verdict} Verdict
 * @typedef {import("../../core/journal/journal.js").JournalEntry} JournalEntry
 * @typedef {import("../../core/faults/rules.js").FaultRule} FaultRule
 * @typedef {import("../../core/faults/rules.js").LatencySpec} LatencySpec
 * @typedef {{ readonly all: LatencySpec | null, readonly operations: Readonly<Record<string, LatencySpec>> }} LatencySettings
 * @typedef {{ target_release: { time_requested: string, version: string } | null, components_by_release_version: Record<string, number>,
 *   time_last_step_planned: string, suspended: boolean, contact_support?: boolean }} StatusBody
 */

/** Background colours of release versions: light tints, each with near-black text above 7:1 contrast. */
export const PALETTE_SIZE = 10;

const ESCAPES = /** @type {const} */ ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" });

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(/** @type {unknown} */ value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[/** @type {keyof typeof ESCAPES} */ (c)]);
}

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

const yesNo = (/** @type {boolean} */ value) => (value ? "yes" : "no");

/**
 * The control plane's view: the target release and generations from the state, the rest from the status
 * exactly as `GET status` answered it at `apiVersion`.
 * @param {RackState} state
 * @param {StatusBody} status
 * @param {string} apiVersion
 */
export function controlPlaneHtml(state, status, apiVersion) {
  const target = state.target_release;
  const release =
    target.version === null
      ? "none (never set)"
      : `<code>${escapeHtml(target.version)}</code>${target.time_requested === null ? "" : ` <span class="muted">requested ${escapeHtml(target.time_requested)}</span>`}`;
  const contact =
    status.contact_support === undefined
      ? `<span class="muted">not in api-version ${escapeHtml(apiVersion)}</span>`
      : yesNo(status.contact_support);
  const rows = [
    ["Target release", release, "target"],
    ["Generation", String(target.generation), "generation"],
    ["Blueprint minimum generation", String(state.target_release_minimum_generation), "minimum-generation"],
    ["Suspended", yesNo(status.suspended), "suspended"],
    ["contact_support", contact, "contact-support"],
    ["Last planner step", escapeHtml(status.time_last_step_planned), "last-step"],
  ];
  const facts = rows.map(([name, value, key]) => `<tr data-fact="${key}"><th scope="row">${name}</th><td>${value}</td></tr>`).join("");
  const components = Object.entries(status.components_by_release_version)
    .map(([label, count]) => `<tr><th scope="row"><code>${escapeHtml(label)}</code></th><td>${count}</td></tr>`)
    .join("");
  return {
    facts,
    components: components || `<tr><td colspan="2" class="muted">no components</td></tr>`,
    raw: escapeHtml(JSON.stringify(status, null, 2)),
  };
}

/** A verdict of the rules in words. */
export function verdictText(/** @type {Verdict} */ verdict) {
  if (verdict.status === 204) return "accepted (204)";
  return `refused: ${verdict.status}${verdict.errorCode === null ? "" : ` ${verdict.errorCode}`}: ${verdict.message ?? ""}`;
}

/**
 * @param {{ version: string, update: Verdict, recover: Verdict }} verdicts
 */
export function verdictsHtml(verdicts) {
  const line = (/** @type {string} */ what, /** @type {string} */ key, /** @type {Verdict} */ verdict) =>
    `<li data-verdict="${key}" class="${verdict.status === 204 ? "accepted" : "refused"}"><strong>${what}</strong> to <code>${escapeHtml(verdicts.version)}</code>: <span class="verdict">${escapeHtml(verdictText(verdict))}</span></li>`;
  return line("An update", "update", verdicts.update) + line("A recovery", "recover", verdicts.recover);
}

/** The time of day of an ISO timestamp (`2026-09-10T11:03:51.381Z` → `11:03:51.381`); the whole one is the cell's title. */
const clockTime = (/** @type {string} */ iso) => /T([\d:.]+)Z?$/.exec(iso)?.[1] ?? iso;

/**
 * The request journal, newest first.
 * @param {readonly JournalEntry[]} entries
 */
export function journalHtml(entries) {
  if (entries.length === 0) return `<tr><td colspan="9" class="muted">no API requests in this session yet</td></tr>`;
  const rows = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = /** @type {JournalEntry} */ (entries[i]);
    const refused = e.refusal !== null;
    const failed = e.status === 0 || e.status >= 400;
    const status = e.status === 0 ? "network failure" : String(e.status);
    const extras = [
      e.latencyMs > 0 ? `<span class="tag">latency ${e.latencyMs} ms</span>` : "",
      e.fault === null ? "" : `<span class="tag fault">fault ${escapeHtml(e.fault.kind)} (${escapeHtml(e.fault.id)})</span>`,
      e.override ? `<span class="tag">override</span>` : "",
      refused ? `<span class="tag refused">refused: ${escapeHtml(e.refusal)}</span>` : "",
    ].join("");
    const target = `${escapeHtml(e.method)} ${escapeHtml(e.path)}${e.query === "" ? "" : `?${escapeHtml(e.query)}`}`;
    rows.push(
      `<tr data-seq="${e.seq}" class="${refused ? "refused" : failed ? "failed" : ""}">` +
        `<td>${e.seq}</td><td class="time" title="${escapeHtml(e.time)}">${escapeHtml(clockTime(e.time))}</td><td><code>${target}</code></td><td>${escapeHtml(e.operationId ?? "—")}</td>` +
        `<td>${escapeHtml(e.apiVersion)}</td><td>${escapeHtml(e.role)}</td><td class="status">${status}</td>` +
        `<td class="code">${escapeHtml(e.errorCode ?? "")}</td><td><span class="message">${escapeHtml(e.message ?? "")}</span>${extras}</td></tr>`,
    );
  }
  return rows.join("");
}

const latencyText = (/** @type {LatencySpec} */ spec) => ("ms" in spec ? `${spec.ms} ms` : `${spec.min}–${spec.max} ms`);

/**
 * @param {readonly FaultRule[]} faults
 * @param {LatencySettings} latency
 */
export function faultsHtml(faults, latency) {
  const rules = faults
    .map(
      (rule) =>
        `<li data-fault="${escapeHtml(rule.id)}"><code>${escapeHtml(rule.operation)}</code>: ${escapeHtml(rule.kind)}` +
        `${rule.status === undefined ? "" : ` ${rule.status}`}${rule.times === undefined ? "" : `, ${rule.times} time${rule.times === 1 ? "" : "s"} left`}` +
        `${rule.probability === undefined ? "" : `, p ${rule.probability}`} ` +
        `<button type="button" data-action="remove-fault" value="${escapeHtml(rule.id)}" aria-label="Remove fault ${escapeHtml(rule.id)}">Remove</button></li>`,
    )
    .join("");
  const delays = [
    ...(latency.all === null ? [] : [`<li>every operation: ${latencyText(latency.all)}</li>`]),
    ...Object.entries(latency.operations).map(
      ([operation, spec]) => `<li><code>${escapeHtml(operation)}</code>: ${latencyText(spec)}</li>`,
    ),
  ].join("");
  return {
    faults: rules || `<li class="muted">no fault rules</li>`,
    latency: delays || `<li class="muted">no latency</li>`,
  };
}

/**
 * `<option>`s for a select: `[value, text]` pairs, one selected.
 * @param {readonly (readonly [string, string])[]} options
 * @param {string} selected
 */
export function optionsHtml(options, selected) {
  return options
    .map(([value, text]) => `<option value="${escapeHtml(value)}"${value === selected ? " selected" : ""}>${escapeHtml(text)}</option>`)
    .join("");
}
