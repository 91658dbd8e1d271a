// @ts-check
/**
 * What the panel's cards share: the mock it shows (backend, settings, the context every request carries),
 * what it read last (state, status), the sleds ticked in the grid, the outcome line, and the loaders each
 * card registers, run paced (`paced-runs.js`). Cards find their parts by `data-view` and read their forms
 * with FormData; the store holds no markup of its own.
 */
import { bodyText, messageOf } from "./answer.js";
import { PacedRuns } from "./paced-runs.js";

/**
 * @typedef {import("./answer.js").Answer} Answer
 * @typedef {import("./http.js").Backend} Backend
 * @typedef {import("./http.js").Call} Call
 * @typedef {import("./http.js").Context} Context
 * @typedef {import("./render.js").RackState} RackState
 * @typedef {import("./render.js").StatusBody} StatusBody
 */

/** Every loader a card registers; the panel is ready once each has loaded for the current context. */
export const LOADERS = /** @type {const} */ (["sessions", "state", "status", "verdicts", "journal", "faults", "clock"]);
/** @typedef {(typeof LOADERS)[number]} LoaderName */
/** @typedef {(generation: number) => Promise<boolean>} Loader */

/**
 * Least time between two starts of a loader. One that took long waits twice its last duration: a busy mock
 * or a big rack costs the page (and the mock) a few reads a second, never all its time.
 * @type {Readonly<Partial<Record<LoaderName, number>>>}
 */
const GAP_MS = { journal: 250, faults: 250 };
const DEFAULT_GAP_MS = 100;

export const ok = (/** @type {Answer} */ answer) => answer.status >= 200 && answer.status < 300;

/** " <error_code>" of an error answer that has one, else "". */
export const errorCodeSuffix = (/** @type {Answer} */ answer) => {
  const code = bodyText(answer, "error_code");
  return code === undefined ? "" : ` ${code}`;
};

/** The part of an answer a person reads: status (and error code), message. */
export function describe(/** @type {Answer} */ answer) {
  if (answer.status === 0) return `no answer: ${answer.text}`;
  return `${answer.status}${errorCodeSuffix(answer)}: ${messageOf(answer)}`;
}

/** What the outcome line says when the control endpoints refuse the page's credentials. */
export const controlRefusal = (/** @type {string} */ message) => `control endpoints: ${message}`;

export class PanelStore {
  /** @type {Context} */ ctx;
  /** Changes whenever the session (or the tokens) change: answers for an older one are dropped. */
  generation = 0;
  /** @type {RackState | undefined} */ state;
  /** @type {StatusBody | undefined} */ status;
  /** @type {Set<string>} */ picked = new Set();
  /** @type {Map<LoaderName, Loader>} */ #loaders = new Map();
  /** @type {Set<LoaderName>} */ #loaded = new Set();
  /** @type {Set<() => void>} */ #onState = new Set();
  /** @type {Set<() => void>} */ #onRestart = new Set();
  /** @type {PacedRuns<LoaderName>} */ #paced = new PacedRuns(
    (name) => GAP_MS[name] ?? DEFAULT_GAP_MS,
    (name) => this.#runLoader(name),
  );

  /**
   * @param {ShadowRoot} root
   * @param {HTMLElement} host The panel element (its `data-ready` says every loader has loaded).
   * @param {Backend} backend
   * @param {Context} ctx
   */
  constructor(root, host, backend, ctx) {
    this.root = root;
    this.host = host;
    this.backend = backend;
    this.ctx = ctx;
  }

  /**
   * A part of the panel by its `data-view`, of the expected class.
   * @template {Element} T
   * @param {string} name
   * @param {{ new (): T }} type
   * @returns {T}
   */
  view(name, type) {
    const found = this.root.querySelector(`[data-view="${name}"]`);
    if (!(found instanceof type)) throw new Error(`devtools panel: no ${type.name} [data-view=${name}]`);
    return found;
  }

  /** A field of the panel by its name, trimmed (for the fields read outside their form's submit). */
  field(/** @type {string} */ name) {
    const element = this.root.querySelector(`[name="${name}"]`);
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) return element.value.trim();
    throw new Error(`devtools panel: no field ${name}`);
  }

  /** Adds a card's loader. */
  addLoader(/** @type {LoaderName} */ name, /** @type {Loader} */ loader) {
    this.#loaders.set(name, loader);
  }

  /** Runs a loader now, or as soon as its pace allows. */
  load(/** @type {LoaderName} */ name) {
    this.#paced.request(name);
  }

  /** Calls `listener` whenever a new state document came in. */
  onState(/** @type {() => void} */ listener) {
    this.#onState.add(listener);
  }

  setState(/** @type {RackState} */ state) {
    this.state = state;
    for (const listener of this.#onState) listener();
  }

  /** One run of a loader: marks it loaded (the page is ready once all are), or says why it failed. */
  #runLoader(/** @type {LoaderName} */ name) {
    const generation = this.generation;
    const loader = this.#loaders.get(name);
    if (loader === undefined) return Promise.resolve();
    return loader(generation)
      .then((done) => {
        if (done && generation === this.generation) {
          this.#loaded.add(name);
          if (this.#loaded.size === LOADERS.length) this.host.dataset.ready = "true";
        }
      })
      .catch((error) => this.say("error", `reading ${name} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Calls `listener` after each restart (a new session, new tokens). */
  onRestart(/** @type {() => void} */ listener) {
    this.#onRestart.add(listener);
  }

  /** Drops what was shown and reads everything again for the context as it is now. */
  restart() {
    this.generation += 1;
    this.#loaded.clear();
    this.picked.clear();
    this.state = undefined;
    this.status = undefined;
    delete this.host.dataset.ready;
    for (const listener of this.#onRestart) listener();
  }

  /** Shows what an action did, or why it was refused. */
  say(/** @type {"busy" | "done" | "refused" | "error"} */ state, /** @type {string} */ text) {
    const outcome = this.view("outcome", HTMLElement);
    outcome.dataset.state = state;
    outcome.textContent = text;
  }

  /**
   * Says why a control endpoint refused. A refusal for want of the control token reads the same whichever
   * request met it first (the page's reads and its event stream start together): one message, not the
   * last of several.
   */
  refused(/** @type {string} */ what, /** @type {Answer} */ answer) {
    if (answer.status === 401 || answer.status === 403) {
      this.view("credentials", HTMLDetailsElement).open = true;
      this.say("refused", controlRefusal(messageOf(answer)));
      return;
    }
    this.say(answer.status === 0 ? "error" : "refused", `${what}: ${describe(answer)}`);
  }

  /**
   * Runs a control endpoint for an action and says how it went.
   * @param {string} what
   * @param {string} name The endpoint's name in the mock's table.
   * @param {Call} [call]
   * @param {(answer: Answer) => string} [done]
   */
  async control(what, name, call, done) {
    this.say("busy", `${what}…`);
    const answer = await this.backend.control(this.ctx, name, call);
    if (ok(answer)) this.say("done", done ? done(answer) : `${what}: done`);
    else this.refused(what, answer);
    return answer;
  }

  /**
   * A read: its body, or undefined (after saying why) when it failed or the session changed meanwhile.
   * @param {number} generation
   * @param {string} what
   * @param {() => Promise<Answer>} call
   */
  async readWith(generation, what, call) {
    const answer = await call();
    if (generation !== this.generation) return undefined;
    if (!ok(answer)) {
      this.refused(what, answer);
      return undefined;
    }
    return answer.body;
  }

  /** A read through a control endpoint, by its name (see `readWith`). */
  read(/** @type {number} */ generation, /** @type {string} */ name, /** @type {Call} */ call = {}) {
    return this.readWith(generation, `reading ${name}`, () => this.backend.control(this.ctx, name, call));
  }
}
