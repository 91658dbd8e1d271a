/**
 * The control operations (the mock's own API, not upstream's): read and replace a session's state, load
 * a scenario, perform a support mupdate, run planner steps. They are the TypeScript face of the
 * `/__mock/` endpoints (`control-http.ts`), and `MockCore` exposes them as methods.
 *
 * A refused call changes nothing and creates no session; a session is stored by the first call that
 * succeeds on it.
 */
import type { ApiVersion } from "../../../generated/index.js";
import { OPERATIONS } from "../../../generated/operations.js";
import type { OverrideOptions, OverrideResolver, StoredOverride } from "../faults/overrides.js";
import { isOperationId, parseFaultRule, parseLatency, type FaultRule, type FaultRuleInput, type LatencySpec } from "../faults/rules.js";
import type { JournalEntry } from "../journal/journal.js";
import type { MockLimits } from "../limits.js";
import type { OperationId } from "../operations/types.js";
import { overBudget, versionOverLimit } from "./budget.js";
import { MockControlError } from "./errors.js";
import type { Session } from "./session.js";
import { DEFAULT_SESSION, type MockEventListener, type SessionStore } from "./store.js";
import { decideTargetRelease, describeRefusal, parseSemver } from "../../../src/rules/index.js";
import { advancePart as runSteps, applyMupdate, stepsWanted } from "../simulator/planner.js";
import { nextTask, sliceDeadline } from "../slices.js";
import { SCENARIOS } from "../simulator/scenarios.js";
import { parseRackState } from "../simulator/state-schema.js";
import { cloneState, type RackState } from "../simulator/state.js";

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

export function createControlOperations(store: SessionStore, clock: ControlClock, limits: MockLimits): ControlOperations {
  const wanted = (request: AdvanceRequest, session: Session): number => {
    if ("steps" in request && (!Number.isInteger(request.steps) || request.steps < 0)) {
      throw new MockControlError("steps must be a non-negative integer");
    }
    return stepsWanted(request, session.state);
  };
  /** Planner steps on a session, written back; a settled rack leaves the planner clock's list. */
  const advancePart = (session: Session, limit: number, pause?: () => boolean) => {
    const part = runSteps(session.state, limit, clock.now, pause);
    session.state = part.state;
    if (part.outcome === "settled") store.markSettled(session);
    return part;
  };
  /** The session to work on: the stored one, or a draft that `keep` stores if the call succeeds. */
  const existingOrDraft = (name: string): Session => store.find(name) ?? store.draft(name);
  const faultsChanged = (name: string) => store.emit({ type: "faults", session: name });
  const keep = (name: string, session: Session): Session => store.adopt(name, session);
  /** Refuses a state the session may not keep (docs/design.md, "Limits"); nothing is stored then. */
  const checkBudget = (state: RackState, session: Session): void => {
    const over = overBudget(state, session.trustRoots, limits);
    if (over !== undefined) throw new MockControlError(over);
  };

  return {
    getState: (name = DEFAULT_SESSION) => cloneState(store.open(name).state),
    setState(document, name = DEFAULT_SESSION) {
      const parsed = parseRackState(document);
      if (!parsed.ok) throw new MockControlError(parsed.message);
      const session = existingOrDraft(name);
      checkBudget(parsed.state, session);
      keep(name, session).state = parsed.state;
    },
    reset(scenario, name = DEFAULT_SESSION) {
      store.replace(name, store.draft(name, scenario));
    },
    mupdate(request, name = DEFAULT_SESSION) {
      // Before any work: a huge version would be copied into every component it touches.
      const tooLong = versionOverLimit(request.version, limits, "the version");
      if (tooLong !== undefined) throw new MockControlError(tooLong);
      const session = existingOrDraft(name);
      const sleds = request.sleds === "all" ? "all" : [...request.sleds];
      const result = applyMupdate(session.state, { version: request.version, sleds }, clock.newUuid);
      if (!result.ok) throw new MockControlError(result.message);
      checkBudget(result.state, session);
      keep(name, session).state = result.state;
    },
    advance(request, name = DEFAULT_SESSION) {
      const session = existingOrDraft(name);
      const limit = wanted(request, session); // refuses before the session is kept
      const part = advancePart(keep(name, session), limit);
      return { steps: part.steps, settled: part.outcome === "settled" };
    },
    async advanceInSlices(request, name = DEFAULT_SESSION) {
      let remaining = wanted(request, existingOrDraft(name));
      let steps = 0;
      for (;;) {
        const part = advancePart(keep(name, existingOrDraft(name)), remaining, sliceDeadline());
        steps += part.steps;
        remaining -= part.steps;
        if (part.outcome !== "paused") return { steps, settled: part.outcome === "settled" };
        await nextTask();
      }
    },
    scenarios: () => SCENARIOS.map(({ name, description }) => ({ name, description })),
    sessionNames: () => store.names(),
    addFault(rule, name = DEFAULT_SESSION) {
      const added = store.open(name).faults.addRule(parseFaultRule(rule));
      faultsChanged(name);
      return added;
    },
    faults: (name = DEFAULT_SESSION) => store.find(name)?.faults.rules() ?? [],
    removeFault(id, name = DEFAULT_SESSION) {
      const removed = store.find(name)?.faults.removeRule(id) ?? false;
      if (removed) faultsChanged(name);
      return removed;
    },
    clearFaults(name = DEFAULT_SESSION) {
      store.find(name)?.faults.clearRules();
      faultsChanged(name);
    },
    setLatency(latency, name = DEFAULT_SESSION) {
      const { spec, operation } = parseLatency(latency);
      store.open(name).faults.setLatency(spec, operation);
      faultsChanged(name);
    },
    latency: (name = DEFAULT_SESSION) => (store.find(name) ?? store.draft(name)).faults.latency(),
    clearLatency(name = DEFAULT_SESSION) {
      store.find(name)?.faults.clearLatency();
      faultsChanged(name);
    },
    requests<K extends OperationId = OperationId>(filter: { readonly operation?: K; readonly session?: string } = {}) {
      if (filter.operation !== undefined && !isOperationId(filter.operation))
        throw new MockControlError(`no operation ${filter.operation}`);
      return (store.find(filter.session ?? DEFAULT_SESSION)?.journal.entries(filter.operation) ?? []) as JournalEntry<K>[];
    },
    clearRequests(name = DEFAULT_SESSION) {
      const session = store.find(name);
      session?.journal.clear();
      // A live view showing the journal must see it emptied, like every other change.
      if (session !== undefined) store.emit({ type: "request", session: name });
    },
    override<K extends OperationId, V extends ApiVersion = ApiVersion>(
      operationId: K,
      resolver: OverrideResolver<K, NoInfer<V>>,
      options: OverrideOptions<V> = {},
    ) {
      if (!isOperationId(operationId)) throw new MockControlError(`no operation ${String(operationId)}`);
      const { apiVersion } = options;
      if (apiVersion !== undefined && !(OPERATIONS[operationId].versions as readonly string[]).includes(apiVersion))
        throw new MockControlError(`${operationId} is not an operation of API version ${String(apiVersion)}`);
      if (options.times !== undefined && (!Number.isInteger(options.times) || options.times < 1))
        throw new MockControlError("times must be an integer >= 1");
      const session = store.open(options.session ?? DEFAULT_SESSION);
      const stored: StoredOverride = {
        operationId,
        resolve: resolver as unknown as StoredOverride["resolve"],
        apiVersion,
        remaining: options.times,
      };
      session.overrides.push(stored);
      return {
        remove() {
          const at = session.overrides.indexOf(stored);
          if (at >= 0) session.overrides.splice(at, 1);
        },
      };
    },
    subscribe: (listener) => store.subscribe(listener),
    verdicts(version, name = DEFAULT_SESSION) {
      const state = (store.find(name) ?? store.draft(name)).state;
      const parsed = parseSemver(version);
      const verdict = (intent: "update" | "recover"): Verdict => {
        if (!parsed.ok) return { status: 400, errorCode: null, message: parsed.message };
        const decision = decideTargetRelease(state, intent, parsed.version);
        if (decision.ok) return { status: 204, errorCode: null, message: null };
        const { status, errorCode, message } = describeRefusal(decision.refusal);
        return { status, errorCode, message };
      };
      return { version, update: verdict("update"), recover: verdict("recover") };
    },
  };
}
