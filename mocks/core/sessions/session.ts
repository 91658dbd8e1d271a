/** One isolated rack (`x-mock-session`): its state document, trust store and what uploads taught it. */
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
  /** Artifacts listed by uploaded archives, by archive hash: lets an upload compare artifacts as upstream does. */
  readonly artifactsByHash = new Map<string, string>();
  /** The name the store keeps it under; undefined for a draft (a rack no request has kept yet). */
  storedAs: string | undefined = undefined;

  constructor(
    seed: SessionSeed,
    private readonly watcher: StateWatcher,
  ) {
    this.#state = seed.state;
    this.trustRoots = seed.trustRoots;
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
