// @ts-check
/** The journal card: the session's requests, newest first, as the mock recorded them. */
import { journalHtml } from "./render.js";

/** @returns {import("./card.js").Card} */
export function journalCard(/** @type {import("./store.js").PanelStore} */ store) {
  return {
    actions: { "clear-journal": () => void store.control("Clear journal", "clearRequests") },
    loaders: {
      journal: async (generation) => {
        const entries = await store.read(generation, "requests");
        if (entries === undefined) return false;
        store.view("journal", HTMLElement).innerHTML = journalHtml(/** @type {import("./render.js").JournalEntry[]} */ (entries));
        return true;
      },
    },
  };
}
