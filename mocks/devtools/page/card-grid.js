// @ts-check
/**
 * The grid card: the rack's sleds against their software, coloured by release, with a checkbox per sled
 * to choose the sleds of a mupdate. It reads the state document, which the other cards follow.
 */
import { gridHtml } from "./render-grid.js";

/**
 * @typedef {import("./store.js").PanelStore} PanelStore
 * @typedef {import("./render.js").RackState} RackState
 */

/** @returns {import("./card.js").Card} */
export function gridCard(/** @type {PanelStore} */ store) {
  const showPicked = () => {
    store.view("chosen-count", HTMLElement).textContent = `sleds ticked in the grid (${store.picked.size})`;
  };

  const render = (/** @type {RackState} */ state) => {
    const grid = store.view("grid", HTMLTableElement);
    // Re-rendering must not take the keyboard focus away from a checkbox of the grid.
    const active = store.root.activeElement;
    const focused = active instanceof HTMLElement && grid.contains(active) ? (active.dataset.sled ?? "") : "";
    const ids = new Set(state.sleds.map((sled) => sled.id));
    for (const id of store.picked) if (!ids.has(id)) store.picked.delete(id);
    performance.mark("system-update-devtools:grid-start");
    const html = gridHtml(state, store.picked);
    grid.innerHTML = html.table;
    store.view("legend", HTMLElement).innerHTML = html.legend;
    performance.measure("system-update-devtools:grid", "system-update-devtools:grid-start");
    // And until the next frame could be drawn (style and layout included): what a person waits for.
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure("system-update-devtools:grid-frame", "system-update-devtools:grid-start")),
    );
    if (focused !== "") {
      for (const box of grid.querySelectorAll("input[data-sled]"))
        if (box instanceof HTMLElement && box.dataset.sled === focused) box.focus();
    }
    showPicked();
  };

  return {
    actions: {
      "pick-sled": (_fields, source) => {
        if (!(source instanceof HTMLInputElement) || source.dataset.sled === undefined) return;
        if (source.checked) store.picked.add(source.dataset.sled);
        else store.picked.delete(source.dataset.sled);
        showPicked();
      },
    },
    loaders: {
      state: async (generation) => {
        const state = /** @type {RackState | undefined} */ (await store.read(generation, "getState"));
        if (state === undefined) return false;
        render(state);
        store.setState(state);
        return true;
      },
    },
  };
}
