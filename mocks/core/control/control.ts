/**
 * The control operations (the mock's own API, not upstream's), one object from its two halves: the rack
 * (`rack-operations.ts`) and the unhappy paths (`unhappy-operations.ts`). They are the TypeScript face of
 * the `/__mock/` endpoints (`control-http.ts`), and `MockCore` exposes them as methods.
 */
import type { MockLimits } from "../protocol/limits.js";
import type { ControlClock, ControlOperations } from "./control-types.js";
import { rackOperations } from "./rack-operations.js";
import type { SessionStore } from "../sessions/store.js";
import { unhappyOperations } from "./unhappy-operations.js";

export function createControlOperations(store: SessionStore, clock: ControlClock, limits: MockLimits): ControlOperations {
  return {
    ...rackOperations(store, clock, limits),
    ...unhappyOperations(store, limits),
    subscribe: (listener) => store.subscribe(listener),
  };
}
