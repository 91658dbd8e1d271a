// @ts-check
/**
 * The devtools panel: a custom element, `<system-update-devtools>`, showing one session of the mock (the
 * rack grid, the control plane's view with what the rules would say now, the request journal) and
 * changing it through the same control and API endpoints a test uses. It holds no rules: every verdict,
 * status and refusal is the mock's answer, shown as given.
 *
 * No framework: a few tables and forms re-rendered from JSON as HTML text, in a shadow root. It runs as
 * shipped (ES modules, no build), from a clone and from the installed package alike.
 */
import { bodyText, httpBackend, messageOf } from "./http.js";
import { controlPlaneHtml, escapeHtml, faultsHtml, gridHtml, journalHtml, optionsHtml, verdictsHtml } from "./render.js";
import { PANEL_CSS } from "./styles.js";
import { PacedRuns } from "./paced-runs.js";
import { PANEL_TEMPLATE } from "./template.js";

/**
 * @typedef {import("./http.js").Answer} Answer
 * @typedef {import("./http.js").Backend} Backend
 * @typedef {import("./http.js").Context} Context
 * @typedef {import("./http.js").LiveMode} LiveMode
 * @typedef {import("./http.js").PanelEvent} PanelEvent
 * @typedef {import("./render.js").RackState} RackState
 * @typedef {import("./render.js").StatusBody} StatusBody
 * @typedef {import("./render.js").JournalEntry} JournalEntry
 * @typedef {import("./render.js").FaultRule} FaultRule
 * @typedef {import("./render.js").LatencySettings} LatencySettings
 * @typedef {(id: string, type: string, handler: (event: Event) => void) => void} On
 */

/**
 * What the panel knows of the mock it shows (the server puts it in the page; `mountDevtools` builds it).
 * `control`: whether the control endpoints need the control token.
 * @typedef {{ basePath: string, apiVersions: string[], latestApiVersion: string, operations: string[], faultKinds: string[],
 *   control: "open" | "token" }} PanelConfig
 */

/**
 * @typedef {object} PanelOptions
 * @property {string} [session] The session shown first (default `default`).
 * @property {Storage | null} [storage] Where the tokens typed in are kept for the tab (default sessionStorage; null: nowhere).
 */

export const ELEMENT_NAME = "system-update-devtools";
const TOKENS_KEY = "system-update-devtools:tokens";

/** What to read again after each kind of change. */
const LOADERS = /** @type {const} */ (["sessions", "state", "status", "verdicts", "journal", "faults", "clock"]);
/** @typedef {(typeof LOADERS)[number]} LoaderName */
/** @type {Readonly<Record<string, readonly LoaderName[]>>} */
const AFTER_EVENT = {
  state: ["state", "status", "verdicts"],
  // A request may use up a fault rule's `times`.
  request: ["journal", "faults"],
  faults: ["faults"],
  sessions: ["sessions"],
  clock: ["clock"],
};
/**
 * Least time between two starts of a loader. One that took long waits twice its last duration: a busy mock
 * or a big rack costs the page (and the mock) a few reads a second, never all its time.
 * @type {Readonly<Partial<Record<LoaderName, number>>>}
 */
const GAP_MS = { journal: 250, faults: 250 };
const DEFAULT_GAP_MS = 100;

const ok = (/** @type {Answer} */ answer) => answer.status >= 200 && answer.status < 300;

/** " <error_code>" of an error answer that has one, else "". */
const errorCodeSuffix = (/** @type {Answer} */ answer) => {
  const code = bodyText(answer, "error_code");
  return code === undefined ? "" : ` ${code}`;
};

/** The part of an answer a person reads: status (and error code), message. */
function describe(/** @type {Answer} */ answer) {
  if (answer.status === 0) return `no answer: ${answer.text}`;
  return `${answer.status}${errorCodeSuffix(answer)}: ${messageOf(answer)}`;
}

/** `HTMLElement` where there is one; under Node (an import for types, SSR) a stand-in that is never instantiated. */
const Base = /** @type {typeof HTMLElement} */ (globalThis.HTMLElement ?? class {});

export class DevtoolsPanel extends Base {
  /** @type {Backend | undefined} */ #backend;
  /** @type {PanelConfig | undefined} */ #config;
  /** @type {Storage | null} */ #storage = null;
  /** @type {Context} */ #ctx = { session: "default", controlToken: "", apiToken: "", apiVersion: "" };
  /** Changes whenever the session (or the tokens) change: answers for an older one are dropped. */
  #generation = 0;
  /** @type {(() => void) | undefined} */ #stopWatching;
  /** @type {PacedRuns<LoaderName>} */ #paced = new PacedRuns(
    (name) => GAP_MS[name] ?? DEFAULT_GAP_MS,
    (name) => this.#runLoader(name),
  );
  /** @type {Set<LoaderName>} */ #loaded = new Set();
  /** @type {RackState | undefined} */ #state;
  /** @type {StatusBody | undefined} */ #status;
  /** @type {Set<string>} */ #picked = new Set();
  /** Whether someone typed into the version fields (then the panel stops filling them in). */
  #touched = { version: false, mupdate: false };
  #started = false;
  /** @type {ShadowRoot | undefined} */ #root;

  /**
   * Connects the panel to a mock; it starts showing it once in a document.
   * @param {Backend} backend
   * @param {PanelConfig} config
   * @param {PanelOptions} [options]
   */
  connect(backend, config, options = {}) {
    this.#backend = backend;
    this.#config = config;
    this.#storage = options.storage === undefined ? (globalThis.sessionStorage ?? null) : options.storage;
    this.#ctx = { ...this.#ctx, session: options.session ?? "default", apiVersion: config.latestApiVersion, ...this.#savedTokens() };
    if (this.isConnected) this.#start();
  }

  connectedCallback() {
    if (this.#backend !== undefined) this.#start();
  }

  disconnectedCallback() {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#started = false;
  }

  /** @returns {{ controlToken?: string, apiToken?: string }} */
  #savedTokens() {
    try {
      const saved = JSON.parse(this.#storage?.getItem(TOKENS_KEY) ?? "{}");
      return {
        ...(typeof saved.controlToken === "string" && { controlToken: saved.controlToken }),
        ...(typeof saved.apiToken === "string" && { apiToken: saved.apiToken }),
      };
    } catch {
      return {};
    }
  }

  #start() {
    if (this.#started) return;
    this.#started = true;
    const config = /** @type {PanelConfig} */ (this.#config);
    if (this.#root === undefined) {
      this.#root = this.attachShadow({ mode: "open" });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(PANEL_CSS);
      this.#root.adoptedStyleSheets = [sheet];
      this.#root.innerHTML = PANEL_TEMPLATE;
      this.#fillStaticChoices(config);
      this.#wire();
    }
    if (config.control === "token" && this.#ctx.controlToken === "") this.#el("credentials", HTMLDetailsElement).open = true;
    void this.#loadScenarios();
    this.#watch();
  }

  /**
   * An element of the panel by id, of the expected class.
   * @template {Element} T
   * @param {string} id
   * @param {{ new (): T }} type
   * @returns {T}
   */
  #el(id, type) {
    const found = this.#root?.getElementById(id);
    if (!(found instanceof type)) throw new Error(`devtools panel: no ${type.name} #${id}`);
    return found;
  }

  #html(/** @type {string} */ id, /** @type {string} */ html) {
    this.#el(id, HTMLElement).innerHTML = html;
  }

  #value(/** @type {string} */ id) {
    const element = this.#root?.getElementById(id);
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) return element.value.trim();
    throw new Error(`devtools panel: no field #${id}`);
  }

  #fillStaticChoices(/** @type {PanelConfig} */ config) {
    const versions = config.apiVersions.map((v) => /** @type {const} */ ([v, v === config.latestApiVersion ? `${v} (latest)` : v]));
    this.#html("api-version", optionsHtml(versions, config.latestApiVersion));
    const operations = config.operations.map((o) => /** @type {const} */ ([o, o]));
    this.#html("fault-operation", optionsHtml([["*", "* (every operation)"], ...operations], "*"));
    this.#html("latency-operation", optionsHtml([["", "every operation"], ...operations], ""));
    this.#html(
      "fault-kind",
      optionsHtml(
        config.faultKinds.map((k) => /** @type {const} */ ([k, k])),
        config.faultKinds[0] ?? "",
      ),
    );
    this.#el("control-token", HTMLInputElement).value = this.#ctx.controlToken;
    this.#el("api-token", HTMLInputElement).value = this.#ctx.apiToken;
  }

  // ---------------------------------------------------------------------------------------------------
  // Live updates and loading

  #watch() {
    this.#stopWatching?.();
    const backend = /** @type {Backend} */ (this.#backend);
    const generation = this.#generation;
    this.#stopWatching = backend.watch(
      this.#ctx,
      (event) => {
        if (generation !== this.#generation) return;
        const names = AFTER_EVENT[event.type];
        // ready, replaced, poll: anything may have changed.
        for (const name of names ?? LOADERS) this.#load(name);
      },
      (mode, detail) => this.#showMode(mode, detail),
    );
  }

  #showMode(/** @type {LiveMode} */ mode, /** @type {string | undefined} */ detail) {
    const live = this.#el("live", HTMLElement);
    live.dataset.mode = mode;
    this.dataset.live = mode;
    const text = {
      connecting: "connecting…",
      events: "live (server-sent events)",
      "in-page": "live (events in the page)",
      polling: `polling every 2 s${detail ? `: ${detail}` : ""}`,
      denied: "no access: the control endpoints need the control token",
    };
    live.textContent = text[mode];
    if (mode === "denied") {
      this.#el("credentials", HTMLDetailsElement).open = true;
      this.#say("refused", detail === undefined ? text.denied : `control endpoints: ${detail}`);
    }
  }

  /** Runs a loader now, or as soon as its pace allows (`paced-runs.js`). */
  #load(/** @type {LoaderName} */ name) {
    this.#paced.request(name);
  }

  /** One run of a loader: marks it loaded (the page is ready once all are), or says why it failed. */
  #runLoader(/** @type {LoaderName} */ name) {
    const generation = this.#generation;
    return this.#loaders
      [name](generation)
      .then((done) => {
        if (done && generation === this.#generation) {
          this.#loaded.add(name);
          if (this.#loaded.size === LOADERS.length) this.dataset.ready = "true";
        }
      })
      .catch((error) => this.#say("error", `reading ${name} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * A read: its body, or undefined (after saying why) when it failed or the session changed meanwhile.
   * @param {number} generation
   * @param {string} what
   * @param {() => Promise<Answer>} call
   */
  async #readWith(generation, what, call) {
    const answer = await call();
    if (generation !== this.#generation) return undefined;
    if (!ok(answer)) {
      this.#refused(what, answer);
      return undefined;
    }
    return answer.body;
  }

  /** A read through a control endpoint (see `#readWith`). */
  #read(/** @type {number} */ generation, /** @type {string} */ path) {
    const backend = /** @type {Backend} */ (this.#backend);
    return this.#readWith(generation, `GET /__mock${path}`, () => backend.control(this.#ctx, "GET", path));
  }

  /** @type {Record<LoaderName, (generation: number) => Promise<boolean>>} */
  #loaders = {
    sessions: async (generation) => {
      const names = /** @type {string[] | undefined} */ (await this.#read(generation, "/sessions"));
      if (names === undefined) return false;
      const all = names.includes(this.#ctx.session) ? names : [this.#ctx.session, ...names];
      this.#html(
        "session",
        optionsHtml(
          all.map((n) => /** @type {const} */ ([n, n])),
          this.#ctx.session,
        ),
      );
      return true;
    },
    state: async (generation) => {
      const state = /** @type {RackState | undefined} */ (await this.#read(generation, "/state"));
      if (state === undefined) return false;
      this.#state = state;
      this.#renderGrid(state);
      this.#renderPlane();
      const versions = state.repositories.map((r) => r.system_version);
      this.#html("repository-versions", versions.map((v) => `<option value="${escapeHtml(v)}"></option>`).join(""));
      const newest = versions[versions.length - 1];
      if (newest !== undefined) {
        if (!this.#touched.version && this.#value("version") === "") {
          this.#el("version", HTMLInputElement).value = newest;
          this.#load("verdicts");
        }
        if (!this.#touched.mupdate && this.#value("mupdate-version") === "") this.#el("mupdate-version", HTMLInputElement).value = newest;
      }
      return true;
    },
    status: async (generation) => {
      const status = await this.#readWith(generation, "GET status", () => /** @type {Backend} */ (this.#backend).status(this.#ctx));
      if (status === undefined) return false;
      this.#status = /** @type {StatusBody} */ (status);
      this.#renderPlane();
      return true;
    },
    verdicts: async (generation) => {
      const version = this.#value("version");
      if (version === "") {
        this.#html("verdicts", `<li class="muted">type a version to see what the rules would say</li>`);
        return true;
      }
      const verdicts = await this.#read(generation, `/verdicts?version=${encodeURIComponent(version)}`);
      if (verdicts === undefined) return false;
      this.#html("verdicts", verdictsHtml(/** @type {Parameters<typeof verdictsHtml>[0]} */ (verdicts)));
      return true;
    },
    journal: async (generation) => {
      const entries = /** @type {JournalEntry[] | undefined} */ (await this.#read(generation, "/requests"));
      if (entries === undefined) return false;
      this.#html("journal", journalHtml(entries));
      return true;
    },
    faults: async (generation) => {
      const [faults, latency] = await Promise.all([this.#read(generation, "/faults"), this.#read(generation, "/latency")]);
      if (faults === undefined || latency === undefined) return false;
      const html = faultsHtml(/** @type {FaultRule[]} */ (faults), /** @type {LatencySettings} */ (latency));
      this.#html("faults", html.faults);
      this.#html("latency", html.latency);
      return true;
    },
    clock: async (generation) => {
      const clock = await this.#readWith(generation, "GET /__mock/clock", () => /** @type {Backend} */ (this.#backend).clock(this.#ctx));
      if (clock === undefined) return false;
      const everyMs = /** @type {{ everyMs: number | null }} */ (clock).everyMs;
      this.#el("clock-now", HTMLElement).textContent =
        everyMs === null ? "now: off (the rack moves only when told)" : `now: every ${everyMs} ms, every session`;
      return true;
    },
  };

  async #loadScenarios() {
    const generation = this.#generation;
    const scenarios = /** @type {{ name: string, description: string }[] | undefined} */ (await this.#read(generation, "/scenarios"));
    if (scenarios === undefined) return;
    const select = this.#el("scenario", HTMLSelectElement);
    // No scenario preselected: the page cannot know which one the session started from.
    select.innerHTML = optionsHtml([["", "choose…"], ...scenarios.map((s) => /** @type {const} */ ([s.name, s.name]))], select.value);
    const describeScenario = () => {
      this.#el("scenario-description", HTMLElement).textContent = scenarios.find((s) => s.name === select.value)?.description ?? "";
    };
    select.onchange = describeScenario;
    describeScenario();
  }

  #renderGrid(/** @type {RackState} */ state) {
    const root = /** @type {ShadowRoot} */ (this.#root);
    const grid = this.#el("grid", HTMLTableElement);
    // Re-rendering must not take the keyboard focus away from a checkbox of the grid.
    const focused = root.activeElement !== null && grid.contains(root.activeElement) ? root.activeElement.id : "";
    const ids = new Set(state.sleds.map((sled) => sled.id));
    for (const id of this.#picked) if (!ids.has(id)) this.#picked.delete(id);
    performance.mark("system-update-devtools:grid-start");
    const html = gridHtml(state, this.#picked);
    grid.innerHTML = html.table;
    this.#html("legend", html.legend);
    performance.measure("system-update-devtools:grid", "system-update-devtools:grid-start");
    // And until the next frame could be drawn (style and layout included): what a person waits for.
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure("system-update-devtools:grid-frame", "system-update-devtools:grid-start")),
    );
    if (focused !== "") root.getElementById(focused)?.focus();
    this.#showPicked();
  }

  #renderPlane() {
    if (this.#state === undefined || this.#status === undefined) return;
    const html = controlPlaneHtml(this.#state, this.#status, this.#ctx.apiVersion);
    this.#html("facts", html.facts);
    this.#html("components", html.components);
    this.#html("status-raw", html.raw);
  }

  #showPicked() {
    this.#el("chosen-count", HTMLElement).textContent = `sleds ticked in the grid (${this.#picked.size})`;
  }

  // ---------------------------------------------------------------------------------------------------
  // Actions

  /** Shows what an action did, or why it was refused. */
  #say(/** @type {"busy" | "done" | "refused" | "error"} */ state, /** @type {string} */ text) {
    const outcome = this.#el("outcome", HTMLElement);
    outcome.dataset.state = state;
    outcome.textContent = text;
  }

  #refused(/** @type {string} */ what, /** @type {Answer} */ answer) {
    if (answer.status === 401 || answer.status === 403) this.#el("credentials", HTMLDetailsElement).open = true;
    this.#say(answer.status === 0 ? "error" : "refused", `${what}: ${describe(answer)}`);
  }

  /**
   * Runs a control request for an action and says how it went.
   * @param {string} what
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {(answer: Answer) => string} [done]
   */
  async #control(what, method, path, body, done) {
    this.#say("busy", `${what}…`);
    const answer = await /** @type {Backend} */ (this.#backend).control(this.#ctx, method, path, body);
    if (ok(answer)) this.#say("done", done ? done(answer) : `${what}: done`);
    else this.#refused(what, answer);
    return answer;
  }

  /**
   * An API call whose answer is shown as upstream gave it.
   * @param {string} what
   * @param {() => Promise<Answer | undefined>} call
   */
  async #api(what, call) {
    const upstream = this.#el("upstream", HTMLElement);
    upstream.innerHTML = "";
    upstream.removeAttribute("data-kind");
    upstream.removeAttribute("data-status");
    this.#say("busy", `${what}…`);
    const answer = await call();
    if (answer === undefined) return;
    const kind = ok(answer) ? "accepted" : "refused";
    upstream.dataset.kind = kind;
    upstream.dataset.status = String(answer.status);
    const head = answer.status === 0 ? "no answer (the connection failed)" : `HTTP ${answer.status}${errorCodeSuffix(answer)}`;
    const message = ok(answer) ? (answer.text === "" ? "(no body)" : answer.text) : messageOf(answer);
    upstream.innerHTML = `<strong>${escapeHtml(what)}</strong>: <span class="status">${escapeHtml(head)}</span> <span class="message" id="upstream-message">${escapeHtml(message)}</span>`;
    this.#say(kind === "accepted" ? "done" : "refused", `${what}: ${kind === "accepted" ? `${answer.status}` : describe(answer)}`);
  }

  #targetRelease(/** @type {"target-release" | "recovery-finish"} */ which) {
    const version = this.#value("version");
    const what = which === "target-release" ? `Set target release ${version}` : `Finish recovery to ${version}`;
    void this.#api(what, () =>
      /** @type {Backend} */ (this.#backend).api(
        this.#ctx,
        "PUT",
        `/v1/system/update/${which}`,
        JSON.stringify({ system_version: version }),
        "application/json",
      ),
    );
  }

  #switchSession(/** @type {string} */ session) {
    if (session === "" || session === this.#ctx.session) return;
    this.#ctx = { ...this.#ctx, session };
    this.#restart();
  }

  /** Drops what was shown and reads everything again for the context as it is now. */
  #restart() {
    this.#generation += 1;
    this.#loaded.clear();
    this.#picked.clear();
    this.#state = undefined;
    this.#status = undefined;
    delete this.dataset.ready;
    this.#watch();
  }

  /** Every control's handler: one group per part of the page. */
  #wire() {
    /** @type {On} */
    const on = (id, type, handler) =>
      this.#el(id, HTMLElement).addEventListener(type, (event) => {
        if (type === "submit") event.preventDefault();
        handler(event);
      });
    this.#wireSession(on);
    this.#wireRack(on);
    this.#wireUnhappy(on);
  }

  /** The session picker, the api-version and the tokens. */
  #wireSession(/** @type {On} */ on) {
    on("session", "change", () => this.#switchSession(this.#value("session")));
    on("open-session-form", "submit", () => this.#switchSession(this.#value("new-session")));
    on("api-version", "change", () => {
      this.#ctx = { ...this.#ctx, apiVersion: this.#value("api-version") };
      this.#load("status");
    });
    on("tokens-form", "submit", () => {
      const tokens = { controlToken: this.#value("control-token"), apiToken: this.#value("api-token") };
      this.#storage?.setItem(TOKENS_KEY, JSON.stringify(tokens));
      this.#ctx = { ...this.#ctx, ...tokens };
      this.#el("credentials", HTMLDetailsElement).open = false;
      this.#say("done", "tokens set");
      this.#restart();
      void this.#loadScenarios();
    });
  }

  /** The rack's actions: scenario, mupdate, planner, upload, and the two PUTs through the real API. */
  #wireRack(/** @type {On} */ on) {
    const backend = /** @type {Backend} */ (this.#backend);
    let verdictTimer = 0;
    on("version", "input", () => {
      this.#touched.version = true;
      clearTimeout(verdictTimer);
      verdictTimer = window.setTimeout(() => this.#load("verdicts"), 250);
    });
    on("mupdate-version", "input", () => (this.#touched.mupdate = true));
    on("set-target", "click", () => this.#targetRelease("target-release"));
    on("finish-recovery", "click", () => this.#targetRelease("recovery-finish"));

    on("scenario-form", "submit", () => {
      const scenario = this.#value("scenario");
      void this.#control(`Load scenario ${scenario}`, "POST", "/reset", { scenario });
    });
    on("mupdate-form", "submit", () => {
      const version = this.#value("mupdate-version");
      const chosen = this.#el("mupdate-form", HTMLFormElement).elements.namedItem("mupdate-sleds");
      const all = !(chosen instanceof RadioNodeList) || chosen.value !== "chosen";
      const sleds = all ? "all" : [...this.#picked];
      void this.#control(`Mupdate to ${version} on ${all ? "all sleds" : `${this.#picked.size} sled(s)`}`, "POST", "/mupdate", {
        version,
        sleds,
      });
    });
    const advanced = (/** @type {Answer} */ answer) => {
      const result = /** @type {{ steps: number, settled: boolean }} */ (answer.body);
      return `advanced ${result.steps} planner step${result.steps === 1 ? "" : "s"}; ${result.settled ? "the rack is settled" : "more to do"}`;
    };
    on("advance-one", "click", () => void this.#control("Advance one step", "POST", "/advance", { steps: 1 }, advanced));
    on("advance-settled", "click", () => void this.#control("Advance until settled", "POST", "/advance", { until: "settled" }, advanced));
    const setClock = async (/** @type {number | null | string} */ everyMs) => {
      this.#say("busy", "setting the planner clock…");
      const answer = await backend.clock(this.#ctx, everyMs);
      if (ok(answer)) this.#say("done", everyMs === null ? "auto-advance stopped" : `auto-advance every ${everyMs} ms`);
      else this.#refused("planner clock", answer);
      this.#load("clock");
    };
    on("clock-form", "submit", () => {
      const text = this.#value("clock-ms");
      void setClock(/^\d+$/.test(text) ? Number(text) : text);
    });
    on("clock-stop", "click", () => void setClock(null));
    on("upload-form", "submit", () => {
      const version = this.#value("upload-version");
      void this.#api(`Upload repository ${version}`, async () => {
        const archive = await backend.archive(this.#ctx, version);
        if (!(archive instanceof Uint8Array)) {
          this.#refused("building the repository", archive);
          return undefined;
        }
        const path = `/v1/system/update/repositories?file_name=${encodeURIComponent(`repo-${version}.zip`)}`;
        return backend.api(this.#ctx, "PUT", path, archive, "application/octet-stream");
      });
    });
    on("grid", "change", (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || box.dataset.sled === undefined) return;
      if (box.checked) this.#picked.add(box.dataset.sled);
      else this.#picked.delete(box.dataset.sled);
      this.#showPicked();
    });
  }

  /** Faults, latency and the journal. */
  #wireUnhappy(/** @type {On} */ on) {
    on("fault-form", "submit", () => {
      const number = (/** @type {string} */ id) => (this.#value(id) === "" ? undefined : Number(this.#value(id)));
      const rule = {
        operation: this.#value("fault-operation"),
        kind: this.#value("fault-kind"),
        ...(number("fault-status") !== undefined && { status: number("fault-status") }),
        ...(number("fault-times") !== undefined && { times: number("fault-times") }),
        ...(number("fault-probability") !== undefined && { probability: number("fault-probability") }),
      };
      void this.#control(`Add fault ${rule.kind} on ${rule.operation}`, "POST", "/faults", rule, (answer) => {
        const added = /** @type {FaultRule} */ (answer.body);
        return `fault ${added.id} added: ${added.kind} on ${added.operation}`;
      });
    });
    on("faults", "click", (event) => {
      const button = event.target instanceof Element ? event.target.closest("button[data-remove-fault]") : null;
      const id = button?.getAttribute("data-remove-fault");
      if (id) void this.#control(`Remove fault ${id}`, "DELETE", `/faults/${encodeURIComponent(id)}`);
    });
    on("clear-faults", "click", () => void this.#control("Clear faults", "DELETE", "/faults"));
    on("latency-form", "submit", () => {
      const text = this.#value("latency-ms");
      const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
      const spec = range ? { min: Number(range[1]), max: Number(range[2]) } : { ms: /^\d+$/.test(text) ? Number(text) : text };
      const operation = this.#value("latency-operation");
      void this.#control(`Set latency ${text} ms`, "PUT", "/latency", { ...spec, ...(operation !== "" && { operation }) });
    });
    on("clear-latency", "click", () => void this.#control("Clear latency", "DELETE", "/latency"));
    on("clear-journal", "click", () => void this.#control("Clear journal", "DELETE", "/requests"));
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
 * The standalone page's start (`system-update mock` serves it at `/__mock/`): the panel over HTTP on
 * this origin, settings from the page's JSON block, the session from `?session=`. Called by the page's
 * one inline script (mocks/node/devtools.ts), which no import graph shows.
 * @public
 */
export function startStandalonePage() {
  const block = document.getElementById("devtools-config");
  const config = /** @type {PanelConfig} */ (JSON.parse(block?.textContent ?? "{}"));
  const session = new URLSearchParams(location.search).get("session") ?? undefined;
  return mountPanel(document.body, httpBackend(`${location.origin}${config.basePath}`), config, session === undefined ? {} : { session });
}
