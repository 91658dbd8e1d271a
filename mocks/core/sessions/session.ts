/**
 * One isolated rack (`x-mock-session`): its state document and trust store, plus
 * what a test set up around it (faults, latency, overrides) and what it saw (the journal).
 */
import { SessionFaults, type FaultDefaults } from "../faults/plan.js";
import type { StoredOverride } from "../faults/overrides.js";
import { Journal } from "../journal/journal.js";
import type { RackState } from "../simulator/state.js";

export interface TrustRoot {
  readonly id: string;
  readonly root_role: unknown;
  readonly time_created: string;
}

/** What a new session starts from. */
export interface SessionSeed {
  readonly state: RackState;
  readonly trustRoots: readonly TrustRoot[];
}

/** What every session of a mock gets besides its rack. */
export interface SessionExtras {
  readonly faults: FaultDefaults;
  readonly journalSize: number;
}

/** Told when a session's state changes (the store tracks which racks the planner clock must visit). */
export interface StateWatcher {
  stateChanged(session: Session): void;
}

/**
 * State is replaced, never edited in place (handlers build a new document), so an unchanged object means
 * an unchanged rack; the store relies on that to skip settled racks.
 */
export class Session {
  #state: RackState;
  trustRoots: readonly TrustRoot[];
  /** The name the store keeps it under; undefined for a draft (a rack no request has kept yet). */
  storedAs: string | undefined = undefined;
  readonly faults: SessionFaults;
  readonly journal: Journal;
  readonly overrides: StoredOverride[] = [];
  /** Requests held by a `hang` fault: released (their connection fails) at reset, eviction or shutdown. */
  readonly hangs = new Set<() => void>();

  constructor(
    seed: SessionSeed,
    private readonly watcher: StateWatcher,
    name: string,
    extras: SessionExtras,
  ) {
    this.#state = seed.state;
    this.trustRoots = seed.trustRoots;
    this.faults = new SessionFaults(extras.faults, name);
    this.journal = new Journal(extras.journalSize);
  }

  /** Lets every request a `hang` fault holds go (their connections fail). */
  releaseHangs(): void {
    for (const release of [...this.hangs]) release();
    this.hangs.clear();
  }

  get state(): RackState {
    return this.#state;
  }

  set state(next: RackState) {
    if (next === this.#state) return;
    this.#state = next;
    this.watcher.stateChanged(this);
  }
}
