// @ts-check
/**
 * The rack actions card: load a scenario, perform a support mupdate, run planner steps (now, or on the
 * planner clock), and upload a generated repository through the real API.
 */
import { optionsHtml } from "./render.js";
import { ok } from "./store.js";
import { text } from "./card.js";
import { callApi } from "./upstream.js";

/**
 * @typedef {import("./store.js").PanelStore} PanelStore
 * @typedef {import("./answer.js").Answer} Answer
 */

const advanced = (/** @type {Answer} */ answer) => {
  const result = /** @type {{ steps: number, settled: boolean }} */ (answer.body);
  return `advanced ${result.steps} planner step${result.steps === 1 ? "" : "s"}; ${result.settled ? "the rack is settled" : "more to do"}`;
};

/** @returns {import("./card.js").Card} */
export function rackCard(/** @type {PanelStore} */ store) {
  /** Whether someone typed a mupdate version (then the card stops filling it in). */
  let touched = false;
  /** @type {{ name: string, description: string }[]} */
  let scenarios = [];

  const describeScenario = () => {
    const chosen = store.field("scenario");
    store.view("scenario-description", HTMLElement).textContent = scenarios.find((s) => s.name === chosen)?.description ?? "";
  };
  const loadScenarios = async () => {
    const read = /** @type {typeof scenarios | undefined} */ (await store.read(store.generation, "scenarios"));
    if (read === undefined) return;
    scenarios = read;
    const select = store.view("scenario", HTMLSelectElement);
    // No scenario preselected: the page cannot know which one the session started from.
    select.innerHTML = optionsHtml([["", "choose…"], ...scenarios.map((s) => /** @type {const} */ ([s.name, s.name]))], select.value);
    describeScenario();
  };
  void loadScenarios();
  store.onRestart(() => void loadScenarios());
  store.onState(() => {
    const newest = store.state?.repositories.at(-1)?.system_version;
    const input = store.root.querySelector('input[name="mupdate-version"]');
    if (newest !== undefined && !touched && input instanceof HTMLInputElement && input.value.trim() === "") input.value = newest;
  });

  const setClock = async (/** @type {number | null | string} */ everyMs) => {
    store.say("busy", "setting the planner clock…");
    const answer = await store.backend.clock(store.ctx, everyMs);
    if (ok(answer)) store.say("done", everyMs === null ? "auto-advance stopped" : `auto-advance every ${everyMs} ms`);
    else store.refused("planner clock", answer);
    store.load("clock");
  };

  return {
    actions: {
      "describe-scenario": describeScenario,
      "load-scenario": (fields) => {
        const scenario = text(fields, "scenario");
        void store.control(`Load scenario ${scenario}`, "reset", { body: { scenario } });
      },
      "mupdate-typed": () => (touched = true),
      mupdate: (fields) => {
        const version = text(fields, "mupdate-version");
        const all = text(fields, "mupdate-sleds") !== "chosen";
        const sleds = all ? "all" : [...store.picked];
        const what = `Mupdate to ${version} on ${all ? "all sleds" : `${store.picked.size} sled(s)`}`;
        void store.control(what, "mupdate", { body: { version, sleds } });
      },
      "advance-one": () => void store.control("Advance one step", "advance", { body: { steps: 1 } }, advanced),
      "advance-settled": () => void store.control("Advance until settled", "advance", { body: { until: "settled" } }, advanced),
      "set-clock": (fields) => {
        const ms = text(fields, "clock-ms");
        void setClock(/^\d+$/.test(ms) ? Number(ms) : ms);
      },
      "stop-clock": () => void setClock(null),
      upload: (fields) => {
        const version = text(fields, "upload-version");
        void callApi(store, `Upload repository ${version}`, async () => {
          const archive = await store.backend.archive(store.ctx, version);
          if (!(archive instanceof Uint8Array)) {
            store.refused("building the repository", archive);
            return undefined;
          }
          const path = `/v1/system/update/repositories?file_name=${encodeURIComponent(`repo-${version}.zip`)}`;
          return store.backend.api(store.ctx, "PUT", path, archive, "application/octet-stream");
        });
      },
    },
    loaders: {
      clock: async (generation) => {
        const clock = await store.readWith(generation, "reading the planner clock", () => store.backend.clock(store.ctx));
        if (clock === undefined) return false;
        const everyMs = /** @type {{ everyMs: number | null }} */ (clock).everyMs;
        store.view("clock-now", HTMLElement).textContent =
          everyMs === null ? "now: off (the rack moves only when told)" : `now: every ${everyMs} ms, every session`;
        return true;
      },
    },
  };
}
