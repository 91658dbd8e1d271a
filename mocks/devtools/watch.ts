/**
 * What a watcher of one session hears of the core's events: the same for the standalone server's event
 * streams (`mocks/node/events.ts`) and the in-page panel (`mountDevtools`). Browser-safe.
 */
import type { MockEvent } from "../core/sessions/store.js";

/** What a watcher is told; `replaced`: its session was created or reset (read everything again). */
export type StreamEventName = MockEvent["type"] | "replaced" | "clock";

/** How long a watcher gathers events before it is told (once for all of them). */
export const BATCH_MS = 50;

const SESSIONS: readonly StreamEventName[] = ["sessions"];
const SESSIONS_REPLACED: readonly StreamEventName[] = ["sessions", "replaced"];
const NONE: readonly StreamEventName[] = [];

/** The names a watcher of session `watched` gets for `event`: none for another session's own changes. */
export function watcherEvents(event: MockEvent, watched: string): readonly StreamEventName[] {
  if (event.type === "sessions") return event.session === watched ? SESSIONS_REPLACED : SESSIONS;
  return event.session === watched ? [event.type] : NONE;
}
