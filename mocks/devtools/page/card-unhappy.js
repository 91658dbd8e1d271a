// @ts-check
/** The unhappy paths card: the session's fault rules and latency. */
import { faultsHtml, optionsHtml } from "./render.js";
import { text } from "./card.js";

/**
 * @typedef {import("./store.js").PanelStore} PanelStore
 * @typedef {import("./render.js").FaultRule} FaultRule
 * @typedef {import("./render.js").LatencySettings} LatencySettings
 */

/**
 * @param {PanelStore} store
 * @param {import("./panel.js").PanelConfig} config
 * @returns {import("./card.js").Card}
 */
export function unhappyCard(store, config) {
  const operations = config.operations.map((o) => /** @type {const} */ ([o, o]));
  store.view("fault-operation", HTMLSelectElement).innerHTML = optionsHtml([["*", "* (every operation)"], ...operations], "*");
  store.view("latency-operation", HTMLSelectElement).innerHTML = optionsHtml([["", "every operation"], ...operations], "");
  const kinds = config.faultKinds.map((k) => /** @type {const} */ ([k, k]));
  store.view("fault-kind", HTMLSelectElement).innerHTML = optionsHtml(kinds, config.faultKinds[0] ?? "");

  return {
    actions: {
      "add-fault": (fields) => {
        const number = (/** @type {string} */ name) => (text(fields, name) === "" ? undefined : Number(text(fields, name)));
        const rule = {
          operation: text(fields, "operation"),
          kind: text(fields, "kind"),
          ...(number("status") !== undefined && { status: number("status") }),
          ...(number("times") !== undefined && { times: number("times") }),
          ...(number("probability") !== undefined && { probability: number("probability") }),
        };
        void store.control(`Add fault ${rule.kind} on ${rule.operation}`, "addFault", { body: rule }, (answer) => {
          const added = /** @type {FaultRule} */ (answer.body);
          return `fault ${added.id} added: ${added.kind} on ${added.operation}`;
        });
      },
      "remove-fault": (_fields, source) => {
        const id = source instanceof HTMLButtonElement ? source.value : "";
        if (id !== "") void store.control(`Remove fault ${id}`, "removeFault", { id });
      },
      "clear-faults": () => void store.control("Clear faults", "clearFaults"),
      "set-latency": (fields) => {
        const ms = text(fields, "ms");
        const range = /^(\d+)\s*-\s*(\d+)$/.exec(ms);
        const spec = range ? { min: Number(range[1]), max: Number(range[2]) } : { ms: /^\d+$/.test(ms) ? Number(ms) : ms };
        const operation = text(fields, "operation");
        void store.control(`Set latency ${ms} ms`, "setLatency", { body: { ...spec, ...(operation !== "" && { operation }) } });
      },
      "clear-latency": () => void store.control("Clear latency", "clearLatency"),
    },
    loaders: {
      faults: async (generation) => {
        const [faults, latency] = await Promise.all([store.read(generation, "faults"), store.read(generation, "latency")]);
        if (faults === undefined || latency === undefined) return false;
        const html = faultsHtml(/** @type {FaultRule[]} */ (faults), /** @type {LatencySettings} */ (latency));
        store.view("faults", HTMLElement).innerHTML = html.faults;
        store.view("latency", HTMLElement).innerHTML = html.latency;
        return true;
      },
    },
  };
}
