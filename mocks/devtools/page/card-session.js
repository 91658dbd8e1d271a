// @ts-check
/**
 * The session card (the page's header): which session the panel shows, at which api-version, with which
 * tokens, and how live it is.
 */
import { optionsHtml } from "./render.js";
import { text } from "./card.js";
import { controlRefusal } from "./store.js";

/**
 * @typedef {import("./store.js").PanelStore} PanelStore
 * @typedef {import("./http.js").LiveMode} LiveMode
 * @typedef {import("./card.js").Card} Card
 */

export const TOKENS_KEY = "system-update-devtools:tokens";

/** The tokens kept for the tab, if any. */
export function savedTokens(/** @type {Storage | null} */ storage) {
  try {
    const saved = JSON.parse(storage?.getItem(TOKENS_KEY) ?? "{}");
    return {
      ...(typeof saved.controlToken === "string" && { controlToken: saved.controlToken }),
      ...(typeof saved.apiToken === "string" && { apiToken: saved.apiToken }),
    };
  } catch {
    return {};
  }
}

/**
 * @param {PanelStore} store
 * @param {Storage | null} storage
 * @param {import("./panel.js").PanelConfig} config
 * @returns {Card & { showMode(mode: LiveMode, detail?: string): void }}
 */
export function sessionCard(store, storage, config) {
  const versions = config.apiVersions.map((v) => /** @type {const} */ ([v, v === config.latestApiVersion ? `${v} (latest)` : v]));
  store.view("api-version", HTMLSelectElement).innerHTML = optionsHtml(versions, config.latestApiVersion);
  const tokens = store.view("credentials", HTMLDetailsElement);
  /** @type {[string, string][]} */
  const saved = [
    ["control-token", store.ctx.controlToken],
    ["api-token", store.ctx.apiToken],
  ];
  for (const [name, value] of saved) {
    const input = tokens.querySelector(`input[name="${name}"]`);
    if (input instanceof HTMLInputElement) input.value = value;
  }

  const switchTo = (/** @type {string} */ session) => {
    if (session === "" || session === store.ctx.session) return;
    store.ctx = { ...store.ctx, session };
    store.restart();
  };

  return {
    actions: {
      "switch-session": (fields) => switchTo(text(fields, "session")),
      "open-session": (fields) => switchTo(text(fields, "new-session")),
      "api-version": (fields) => {
        store.ctx = { ...store.ctx, apiVersion: text(fields, "api-version") };
        store.load("status");
      },
      "set-tokens": (fields) => {
        const chosen = { controlToken: text(fields, "control-token"), apiToken: text(fields, "api-token") };
        storage?.setItem(TOKENS_KEY, JSON.stringify(chosen));
        store.ctx = { ...store.ctx, ...chosen };
        tokens.open = false;
        store.say("done", "tokens set");
        store.restart();
      },
    },
    loaders: {
      sessions: async (generation) => {
        const names = /** @type {string[] | undefined} */ (await store.read(generation, "sessions"));
        if (names === undefined) return false;
        const all = names.includes(store.ctx.session) ? names : [store.ctx.session, ...names];
        store.view("session", HTMLSelectElement).innerHTML = optionsHtml(
          all.map((n) => /** @type {const} */ ([n, n])),
          store.ctx.session,
        );
        return true;
      },
    },
    showMode(mode, detail) {
      const live = store.view("live", HTMLElement);
      live.dataset.mode = mode;
      store.host.dataset.live = mode;
      const says = {
        connecting: "connecting…",
        events: "live (server-sent events)",
        "in-page": "live (events in the page)",
        polling: `polling every 2 s${detail ? `: ${detail}` : ""}`,
        denied: "no access: the control endpoints need the control token",
      };
      live.textContent = says[mode];
      if (mode === "denied") {
        tokens.open = true;
        store.say("refused", detail === undefined ? says.denied : controlRefusal(detail));
      }
    },
  };
}
