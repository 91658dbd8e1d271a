/**
 * The control operations' types: the TypeScript face of the `/__mock/` endpoints (`control-http.ts`), which
 * `MockCore` exposes as methods. Built in `control.ts` from `rack-operations.ts` and `unhappy-operations.ts`.
 */
import type { ApiVersion } from "../../../generated/index.js";
import type { OverrideOptions, OverrideResolver } from "../faults/overrides.js";
import type { FaultRule, FaultRuleInput, LatencySpec } from "../faults/rules.js";
import type { JournalEntry } from "../journal/journal.js";
import type { OperationId } from "../protocol/operation-types.js";
import type { RackState } from "../simulator/state.js";
import type { MockEventListener } from "../sessions/store.js";

export type AdvanceRequest = { readonly steps: number } | { readonly until: "settled" };
export interface AdvanceResult {
  readonly steps: number;
  readonly settled: boolean;
}
export interface MupdateRequest {
  readonly version: string;
  readonly sleds: "all" | readonly string[];
}
export interface ScenarioInfo {
  readonly name: string;
  readonly description: string;
}

export interface PruneResult {
  readonly pruned: string | null;
}

export interface ControlOperations {
  /** A copy of a session's state document. */
  getState(session?: string): RackState;
  /** Replaces a session's state with a validated document; throws MockControlError naming the first bad field. */
  setState(document: unknown, session?: string): void;
  /** Loads a scenario (default: the mock's starting rack) into a fresh session, trust roots included. */
  reset(scenario?: string, session?: string): void;
  /** Support reinstalls software on sleds from outside the control plane (the planner notices on its next step). */
  mupdate(request: MupdateRequest, session?: string): void;
  /** Runs planner steps. */
  advance(request: AdvanceRequest, session?: string): AdvanceResult;
  /**
   * The same, in slices that yield to other work between them (what `POST /__mock/advance` runs): a long
   * run on a big rack never holds other requests for long. Each slice continues from the session's state
   * as it is then, so changes made meanwhile are kept.
   */
  advanceInSlices(request: AdvanceRequest, session?: string): Promise<AdvanceResult>;
  /** One repository-pruner activation now (docs/design.md, "Repository pruning"): the version it pruned, or null. */
  prune(session?: string): PruneResult;
  scenarios(): readonly ScenarioInfo[];
  /** Names of the sessions stored now. */
  sessionNames(): string[];

  /** Adds a fault rule (docs/design.md, "Faults and latency"); answers it with its id. */
  addFault(rule: FaultRuleInput, session?: string): FaultRule;
  /** The session's fault rules, in the order they match (with the times each has left). */
  faults(session?: string): FaultRule[];
  /** Removes one rule; false when there is none with that id. */
  removeFault(id: string, session?: string): boolean;
  clearFaults(session?: string): void;
  /** Latency for every operation, or for one (`operation`); `{ ms: 0 }` removes it. */
  setLatency(latency: LatencySetting, session?: string): void;
  latency(session?: string): { readonly all: LatencySpec | null; readonly operations: Readonly<Record<string, LatencySpec>> };
  clearLatency(session?: string): void;
  /** The session's request journal, oldest first; of one operation when asked, with bodies typed from the spec. */
  requests<K extends OperationId = OperationId>(filter?: { readonly operation?: K; readonly session?: string }): JournalEntry<K>[];
  clearRequests(session?: string): void;
  /** Answers `operationId` with `resolver` instead of the rack (`times` requests, or until removed). */
  override<K extends OperationId, V extends ApiVersion = ApiVersion>(
    operationId: K,
    resolver: OverrideResolver<K, NoInfer<V>>,
    options?: OverrideOptions<V>,
  ): { remove(): void };
  /** Calls `listener` on every change (state, requests, faults, sessions); returns the unsubscribe function. */
  subscribe(listener: MockEventListener): () => void;
  /**
   * What the rules would answer a fleet admin now, for an update and for a recovery to `version`: the
   * rules module's verdict on the session's rack, repository lookup included (a live view shows it).
   */
  verdicts(version: string, session?: string): { readonly version: string; readonly update: Verdict; readonly recover: Verdict };
}

/** An answer the rules would give: 204, or the refusal's status, error code and message. */
export interface Verdict {
  readonly status: number;
  readonly errorCode: string | null;
  readonly message: string | null;
}

/** A latency setting: for every operation, or for the one named. */
export type LatencySetting = LatencySpec & { readonly operation?: OperationId };

export interface ControlClock {
  now(): Date;
  newUuid(): string;
}
