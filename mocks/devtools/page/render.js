// @ts-check
/**
 * The devtools panel's views as HTML text, from the documents the mock answers (status, verdicts, journal,
 * faults; the grid's are in `render-grid.js`): pure functions, no DOM, no rules. Every piece of data is escaped. Plain JavaScript,
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

const ESCAPES = /** @type {const} */ ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" });

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(/** @type {unknown} */ value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[/** @type {keyof typeof ESCAPES} */ (c)]);
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
