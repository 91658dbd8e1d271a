/**
 * Keeping racks outside the mock's memory, the part every store shares: which sessions changed, written
 * `delayMs` after the first change (a burst is written once), one write at a time. The stores: a state
 * directory (mocks/node/state-dir.ts, `--state-dir`) and a browser `Storage` (the MSW handlers' `persist`,
 * `persistInStorage` below). Browser-safe.
 */
import type { MockCore } from "./mock.js";
import type { RackState } from "./simulator/state.js";

export interface RackStore {
  /** Keeps `state` as `session`'s rack; `undefined`: the session is gone (evicted), forget it. */
  write(session: string, state: RackState | undefined): void | Promise<void>;
}

export interface PersistenceWatch {
  /** Writes what changed since the last write, now. */
  flush(): Promise<void>;
  /** Writes what changed, then stops watching. */
  close(): Promise<void>;
}

type Watched = Pick<MockCore, "subscribe" | "sessionNames" | "getState">;

/** Watches `core` and writes each changed session to `store`; `initial` sessions are written at once. */
export function watchForPersistence(core: Watched, store: RackStore, delayMs: number, initial: Iterable<string> = []): PersistenceWatch {
  const marked = new Set<string>(initial);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    const sessions = [...marked];
    marked.clear();
    const stored = new Set(core.sessionNames());
    for (const session of sessions) {
      try {
        await store.write(session, stored.has(session) ? core.getState(session) : undefined);
      } catch (error) {
        // A full disk or storage quota must not take the mock down: the next change tries again.
        console.error(`system-update mock: could not keep the rack of session ${session}`, error);
      }
    }
  }
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    writing = writing.then(write);
    return writing;
  };
  const schedule = (): void => {
    timer ??= setTimeout(() => void flush(), delayMs);
  };
  const unsubscribe = core.subscribe((event) => {
    if (event.type !== "state" && event.type !== "sessions") return;
    marked.add(event.session);
    schedule();
  });
  if (marked.size > 0) schedule();
  return {
    flush,
    close() {
      unsubscribe();
      return flush();
    },
  };
}

/** What the MSW handlers' `persist` takes: `sessionStorage`, `localStorage`, or any object like them. */
export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const STORAGE_KEY_PREFIX = "system-update-mock:";
/** Storage is written in the page's thread: a burst of changes costs one write per session. */
const STORAGE_WRITE_DELAY_MS = 25;

/**
 * Loads every rack `storage` keeps into `core`, then keeps them there after each change: a page reload
 * finds its rack, and `mock.reset()` stores the reset rack. An entry that is not a valid rack throws,
 * naming its key, and is left as it is.
 */
export function persistInStorage(core: Watched & Pick<MockCore, "setState">, storage: StorageLike): PersistenceWatch {
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key === null || !key.startsWith(STORAGE_KEY_PREFIX)) continue;
    const session = key.slice(STORAGE_KEY_PREFIX.length);
    try {
      core.setState(JSON.parse(storage.getItem(key) ?? "null") as unknown, session);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `system-update mock: the stored rack ${key} cannot be loaded (${reason}); it was left as it is. Remove it (storage.removeItem(${JSON.stringify(key)})) or create the handlers without persist`,
      );
    }
  }
  const store: RackStore = {
    write: (session, state) => {
      if (state === undefined) storage.removeItem(STORAGE_KEY_PREFIX + session);
      else storage.setItem(STORAGE_KEY_PREFIX + session, JSON.stringify(state));
    },
  };
  const watch = watchForPersistence(core, store, STORAGE_WRITE_DELAY_MS);
  // A reload right after a change: write before the page goes.
  globalThis.addEventListener?.("pagehide", () => void watch.flush());
  return watch;
}
