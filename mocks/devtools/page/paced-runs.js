// @ts-check
/**
 * Runs named tasks (the panel's reads) paced: never two of one name at once, at most one more waiting, and
 * each start at least its gap (or twice its last duration, if longer) after the previous one. A burst of
 * change events thus costs each view one read at a time, and a slow read slows only its own view.
 */

/** @typedef {{ running: boolean, again: boolean, started: number, tookMs: number, timer: ReturnType<typeof setTimeout> | undefined }} Slot */

/** @template {string} Name */
export class PacedRuns {
  /** @type {Map<Name, Slot>} */ #slots = new Map();
  /** @type {(name: Name) => number} */ #gapMs;
  /** @type {(name: Name) => Promise<void>} */ #run;

  /**
   * @param {(name: Name) => number} gapMs The least time between two starts of one name.
   * @param {(name: Name) => Promise<void>} run The task; its failure is the caller's to report.
   */
  constructor(gapMs, run) {
    this.#gapMs = gapMs;
    this.#run = run;
  }

  /** Runs `name` now, or as soon as its pace allows. */
  request(/** @type {Name} */ name) {
    let slot = this.#slots.get(name);
    if (slot === undefined) {
      slot = { running: false, again: false, started: Number.NEGATIVE_INFINITY, tookMs: 0, timer: undefined };
      this.#slots.set(name, slot);
    }
    const current = slot;
    if (current.running) {
      current.again = true;
      return;
    }
    if (current.timer !== undefined) return;
    const wait = current.started + Math.max(this.#gapMs(name), 2 * current.tookMs) - performance.now();
    if (wait > 0) {
      current.timer = setTimeout(() => {
        current.timer = undefined;
        this.request(name);
      }, wait);
      return;
    }
    current.running = true;
    current.started = performance.now();
    this.#run(name).finally(() => {
      current.running = false;
      current.tookMs = performance.now() - current.started;
      if (current.again) {
        current.again = false;
        this.request(name);
      }
    });
  }
}
