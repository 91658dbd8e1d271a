// @ts-check
/**
 * The devtools panel: a custom element, `<system-update-devtools>`, showing one session of the mock (the
 * rack grid, the control plane's view with what the rules would say now, the request journal) and
 * changing it through the same control and API endpoints a test uses. It holds no rules: every verdict,
 * status and refusal is the mock's answer, shown as given.
 *
 * No framework: one card per part of the page (`card-*.js`), each a small controller over a shared store
 * (`store.js`), its actions wired here by the `data-action` names of the markup (`template.js`), its
 * tables re-rendered from JSON as HTML text (`render.js`), in a shadow root. The endpoints it calls come
 * by name from its settings (`PanelConfig.endpoints`). It runs as shipped (ES modules, no build), from a
 * clone and from the installed package alike.
 */
import { httpBackend } from "./http.js";
import { PANEL_CSS } from "./styles.js";
import { PANEL_TEMPLATE } from "./template.js";
import { LOADERS, PanelStore } from "./store.js";
import { savedTokens, sessionCard } from "./card-session.js";
import { planeCard } from "./card-plane.js";
import { rackCard } from "./card-rack.js";
import { unhappyCard } from "./card-unhappy.js";
import { gridCard } from "./card-grid.js";
import { journalCard } from "./card-journal.js";

/**
 * @typedef {import("./http.js").Backend} Backend
 * @typedef {import("./card.js").Action} Action
 * @typedef {import("./card-session.js").sessionCard} SessionCard
 */

/**
 * What the panel knows of the mock it shows (the server puts it in the page; `mountDevtools` builds it).
 * `control`: whether the control endpoints need the control token; `endpoints`: every endpoint the page
 * calls, by name (the control table's and the devtools server's, `mocks/devtools/endpoints.ts`);
 * `stateLives`: where the racks are kept, said in the header (a restart or reload may lose them).
 * @typedef {{ basePath: string, apiVersions: string[], latestApiVersion: string, operations: string[], faultKinds: string[],
 *   control: "open" | "token", endpoints: import("./http.js").Endpoints, stateLives: string }} PanelConfig
 */

/**
 * @typedef {object} PanelOptions
 * @property {string} [session] The session shown first (default `default`).
 * @property {Storage | null} [storage] Where the tokens typed in are kept for the tab (default sessionStorage; null: nowhere).
 */

export const ELEMENT_NAME = "system-update-devtools";

/** What to read again after each kind of change. */
/** @type {Readonly<Record<string, readonly import("./store.js").LoaderName[]>>} */
const AFTER_EVENT = {
  state: ["state", "status", "verdicts"],
  // A request may use up a fault rule's `times`.
  request: ["journal", "faults"],
  faults: ["faults"],
  sessions: ["sessions"],
  clock: ["clock"],
};

/** The fields an action reads: its form's, or (a field outside any form) its own. */
function fieldsOf(/** @type {Element} */ element) {
  const form = element.closest("form");
  if (form !== null) return new FormData(form);
  const fields = new FormData();
  if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) fields.set(element.name, element.value);
  return fields;
}

/** `HTMLElement` where there is one; under Node (an import for types, SSR) a stand-in that is never instantiated. */
const Base = /** @type {typeof HTMLElement} */ (globalThis.HTMLElement ?? class {});

export class DevtoolsPanel extends Base {
  /** @type {{ backend: Backend, config: PanelConfig, options: PanelOptions } | undefined} */ #connection;
  /** @type {PanelStore | undefined} */ #store;
  /** @type {ReturnType<SessionCard> | undefined} */ #session;
  /** @type {(() => void) | undefined} */ #stopWatching;
  #started = false;

  /**
   * Connects the panel to a mock; it starts showing it once in a document.
   * @param {Backend} backend
   * @param {PanelConfig} config
   * @param {PanelOptions} [options]
   */
  connect(backend, config, options = {}) {
    this.#connection = { backend, config, options };
    if (this.isConnected) this.#start();
  }

  connectedCallback() {
    if (this.#connection !== undefined) this.#start();
  }

  disconnectedCallback() {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#started = false;
  }

  #start() {
    if (this.#started || this.#connection === undefined) return;
    this.#started = true;
    const { backend, config, options } = this.#connection;
    if (this.#store === undefined) {
      const root = this.attachShadow({ mode: "open" });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(PANEL_CSS);
      root.adoptedStyleSheets = [sheet];
      root.innerHTML = PANEL_TEMPLATE;
      const storage = options.storage === undefined ? (globalThis.sessionStorage ?? null) : options.storage;
      const ctx = { session: options.session ?? "default", controlToken: "", apiToken: "", apiVersion: config.latestApiVersion };
      const store = new PanelStore(root, this, backend, { ...ctx, ...savedTokens(storage) });
      this.#store = store;
      this.#session = sessionCard(store, storage, config);
      const cards = [this.#session, planeCard(store), rackCard(store), unhappyCard(store, config), gridCard(store), journalCard(store)];
      for (const card of cards) {
        for (const name of LOADERS) {
          const loader = card.loaders?.[name];
          if (loader !== undefined) store.addLoader(name, loader);
        }
      }
      this.#wire(root, new Map(cards.flatMap((card) => Object.entries(card.actions))));
      store.onRestart(() => this.#watch());
      if (config.control === "token" && store.ctx.controlToken === "") store.view("credentials", HTMLDetailsElement).open = true;
      store.view("state-lives", HTMLElement).textContent = config.stateLives;
    }
    this.#watch();
  }

  /** Every action, by the `data-action` (submit, click), `data-change` and `data-input` names of the markup. */
  #wire(/** @type {ShadowRoot} */ root, /** @type {ReadonlyMap<string, Action>} */ actions) {
    const run = (/** @type {string | undefined} */ name, /** @type {Element} */ element, /** @type {Element} */ source) => {
      const action = name === undefined ? undefined : actions.get(name);
      action?.(fieldsOf(element), source);
    };
    root.addEventListener("submit", (event) => {
      event.preventDefault();
      if (event.target instanceof HTMLFormElement) run(event.target.dataset.action, event.target, event.target);
    });
    root.addEventListener("click", (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[type="button"][data-action]') : null;
      if (button instanceof HTMLButtonElement) run(button.dataset.action, button, button);
    });
    for (const type of /** @type {const} */ (["change", "input"])) {
      root.addEventListener(type, (event) => {
        const area = event.target instanceof Element ? event.target.closest(`[data-${type}]`) : null;
        if (area instanceof HTMLElement && event.target instanceof Element) run(area.dataset[type], area, event.target);
      });
    }
  }

  /** Listens for changes of the session shown; every change reads again what it touched. */
  #watch() {
    const store = /** @type {PanelStore} */ (this.#store);
    const session = /** @type {ReturnType<SessionCard>} */ (this.#session);
    this.#stopWatching?.();
    const generation = store.generation;
    this.#stopWatching = store.backend.watch(
      store.ctx,
      (event) => {
        if (generation !== store.generation) return;
        // ready, replaced, poll: anything may have changed.
        for (const name of AFTER_EVENT[event.type] ?? LOADERS) store.load(name);
      },
      (mode, detail) => session.showMode(mode, detail),
    );
  }
}
/** Registers `<system-update-devtools>` (once) and returns its class. */
export function defineDevtoolsElement() {
  const existing = customElements.get(ELEMENT_NAME);
  if (existing !== undefined) return existing;
  customElements.define(ELEMENT_NAME, DevtoolsPanel);
  return DevtoolsPanel;
}

/**
 * Puts a panel into `target`, connected to `backend`; `unmount()` takes it out and stops its live channel.
 * @param {Element} target
 * @param {Backend} backend
 * @param {PanelConfig} config
 * @param {PanelOptions} [options]
 */
export function mountPanel(target, backend, config, options = {}) {
  defineDevtoolsElement();
  const element = /** @type {DevtoolsPanel} */ (document.createElement(ELEMENT_NAME));
  element.connect(backend, config, options);
  target.append(element);
  return { element, unmount: () => element.remove() };
}

/**
 * The standalone page's start (`system-update mock` serves it at the control prefix): the panel over HTTP on
 * this origin, settings from the page's JSON block, the session from `?session=`. Called by the page's
 * one inline script (mocks/node/devtools.ts), which no import graph shows.
 * @public
 */
export function startStandalonePage() {
  const block = document.getElementById("devtools-config");
  const config = /** @type {PanelConfig} */ (JSON.parse(block?.textContent ?? "{}"));
  const session = new URLSearchParams(location.search).get("session") ?? undefined;
  return mountPanel(
    document.body,
    httpBackend(`${location.origin}${config.basePath}`, config.endpoints),
    config,
    session === undefined ? {} : { session },
  );
}
