/**
 * The sessions of one mock: a map from `x-mock-session` name to its rack, in least-recently-used order,
 * the set of racks that may not be settled yet (the only ones a planner clock needs to visit), and the
 * change events a live view (the devtools page) listens to.
 */
import { Session, type SessionExtras, type SessionSeed, type StateWatcher } from "./session.js";

/** What changed in which session: enough for a live view to know what to fetch again. */
export interface MockEvent {
  readonly type: "state" | "request" | "faults" | "sessions";
  readonly session: string;
}

export type MockEventListener = (event: MockEvent) => void;

export class SessionStore implements StateWatcher {
  /** Insertion order is use order: the first entry is the least recently used. */
  readonly #sessions = new Map<string, Session>();
  readonly #unsettled = new Set<Session>();
  readonly #listeners = new Set<MockEventListener>();
  /** Changes whenever a name starts to mean another session (created, replaced, evicted). */
  #epoch = 0;
  #lastName: string | undefined;

  constructor(
    private readonly seed: (scenario?: string) => SessionSeed,
    /** At most this many sessions; storing one more evicts the least recently used. */
    private readonly maxSessions: number,
    private readonly extras: SessionExtras,
  ) {}

  get epoch(): number {
    return this.#epoch;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The session called `name`, if it exists; marks it as used. */
  find(name: string): Session | undefined {
    const session = this.#sessions.get(name);
    if (session !== undefined && this.#lastName !== name) {
      this.#sessions.delete(name);
      this.#sessions.set(name, session);
      this.#lastName = name;
    }
    return session;
  }

  /** A new session for `name` that the store does not keep yet (see `adopt`). */
  draft(name: string, scenario?: string): Session {
    return new Session(this.seed(scenario), this, name, this.extras);
  }

  /** Stores `session` under `name` unless the name is taken meanwhile; returns the session the name holds. */
  adopt(name: string, session: Session): Session {
    const existing = this.find(name);
    if (existing !== undefined) return existing;
    this.#put(name, session);
    return session;
  }

  /** The session called `name`, created from the starting seed when there is none. */
  open(name: string): Session {
    return this.find(name) ?? this.adopt(name, this.draft(name));
  }

  /** Puts a fresh session under `name` (replacing any): what a reset does. */
  replace(name: string, session: Session): void {
    const old = this.#sessions.get(name);
    if (old !== undefined) this.#remove(name, old);
    this.#put(name, session);
  }

  names(): string[] {
    return [...this.#sessions.keys()];
  }

  /** Every stored session (for shutdown). */
  all(): Session[] {
    return [...this.#sessions.values()];
  }

  /** Sessions whose rack may still move on a planner step; `markSettled` takes one out until it changes. */
  unsettled(): Session[] {
    return [...this.#unsettled];
  }

  markSettled(session: Session): void {
    this.#unsettled.delete(session);
  }

  stateChanged(session: Session): void {
    // Only stored sessions: a draft that is never adopted must not stay reachable from here.
    if (session.storedAs === undefined) return;
    this.#unsettled.add(session);
    this.emit({ type: "state", session: session.storedAs });
  }

  /** Whether anyone listens: callers skip building events nobody hears. */
  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  subscribe(listener: MockEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: MockEvent): void {
    if (this.#listeners.size === 0) return;
    for (const listener of this.#listeners) listener(event);
  }

  #put(name: string, session: Session): void {
    while (this.#sessions.size >= this.maxSessions) {
      const [oldest, evicted] = this.#sessions.entries().next().value as [string, Session];
      this.#remove(oldest, evicted);
    }
    session.storedAs = name;
    this.#sessions.set(name, session);
    this.#unsettled.add(session);
    this.#lastName = name;
    this.#epoch += 1;
    this.emit({ type: "sessions", session: name });
  }

  #remove(name: string, session: Session): void {
    session.storedAs = undefined;
    session.releaseHangs();
    this.#sessions.delete(name);
    this.#unsettled.delete(session);
    if (this.#lastName === name) this.#lastName = undefined;
    this.#epoch += 1;
  }
}

/** Requests without an `x-mock-session` header share this session. */
export const DEFAULT_SESSION = "default";
/** The header that names a request's session: each name is its own rack. */
export const SESSION_HEADER = "x-mock-session";
