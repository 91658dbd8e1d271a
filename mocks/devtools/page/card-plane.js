// @ts-check
/**
 * The control plane card: the status as `GET status` answers it, what the rules would say now to a
 * version, and the two PUTs through the real API (target release, recovery).
 */
import { controlPlaneHtml, escapeHtml, verdictsHtml } from "./render.js";
import { text } from "./card.js";
import { callApi } from "./upstream.js";

/**
 * @typedef {import("./store.js").PanelStore} PanelStore
 * @typedef {import("./render.js").StatusBody} StatusBody
 */

/** @returns {import("./card.js").Card} */
export function planeCard(/** @type {PanelStore} */ store) {
  /** Whether someone typed a version (then the card stops filling it in). */
  let touched = false;
  let verdictTimer = 0;

  const render = () => {
    if (store.state === undefined || store.status === undefined) return;
    const html = controlPlaneHtml(store.state, store.status, store.ctx.apiVersion);
    store.view("facts", HTMLElement).innerHTML = html.facts;
    store.view("components", HTMLElement).innerHTML = html.components;
    store.view("status-raw", HTMLElement).innerHTML = html.raw;
  };
  store.onState(() => {
    render();
    const versions = (store.state?.repositories ?? []).map((r) => r.system_version);
    store.view("repository-versions", HTMLElement).innerHTML = versions.map((v) => `<option value="${escapeHtml(v)}"></option>`).join("");
    const newest = versions[versions.length - 1];
    if (newest !== undefined && !touched && store.field("version") === "") {
      const input = store.root.querySelector('input[name="version"]');
      if (input instanceof HTMLInputElement) input.value = newest;
      store.load("verdicts");
    }
  });

  const put = (/** @type {"target-release" | "recovery-finish"} */ which, /** @type {FormData} */ fields) => {
    const version = text(fields, "version");
    const what = which === "target-release" ? `Set target release ${version}` : `Finish recovery to ${version}`;
    const body = JSON.stringify({ system_version: version });
    void callApi(store, what, () => store.backend.api(store.ctx, "PUT", `/v1/system/update/${which}`, body, "application/json"));
  };

  return {
    actions: {
      "version-typed": () => {
        touched = true;
        clearTimeout(verdictTimer);
        verdictTimer = window.setTimeout(() => store.load("verdicts"), 250);
      },
      "set-target": (fields) => put("target-release", fields),
      "finish-recovery": (fields) => put("recovery-finish", fields),
    },
    loaders: {
      status: async (generation) => {
        const status = await store.readWith(generation, "GET status", () => store.backend.status(store.ctx));
        if (status === undefined) return false;
        store.status = /** @type {StatusBody} */ (status);
        render();
        return true;
      },
      verdicts: async (generation) => {
        const version = store.field("version");
        const list = store.view("verdicts", HTMLElement);
        if (version === "") {
          list.innerHTML = `<li class="muted">type a version to see what the rules would say</li>`;
          return true;
        }
        const verdicts = await store.read(generation, "verdicts", { query: { version } });
        if (verdicts === undefined) return false;
        list.innerHTML = verdictsHtml(/** @type {Parameters<typeof verdictsHtml>[0]} */ (verdicts));
        return true;
      },
    },
  };
}
