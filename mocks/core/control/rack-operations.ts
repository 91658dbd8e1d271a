/**
 * The control operations on a session's rack: read and replace its state, load a scenario, perform a
 * support mupdate, run planner steps, and ask what the rules would say now.
 *
 * A refused call changes nothing and creates no session; a session is stored by the first call that
 * succeeds on it.
 */
import type { MockLimits } from "../protocol/limits.js";
import { overBudget, versionOverLimit } from "../sessions/budget.js";
import type { AdvanceRequest, ControlClock, ControlOperations, Verdict } from "./control-types.js";
import { MockControlError } from "../protocol/control-errors.js";
import type { Session } from "../sessions/session.js";
import { DEFAULT_SESSION, type SessionStore } from "../sessions/store.js";
import { decideTargetRelease, describeRefusal, parseSemver } from "../../../src/rules/index.js";
import { advancePart as runSteps, applyMupdate, invalidSteps, stepsWanted } from "../simulator/planner.js";
import { nextTask, sliceDeadline } from "../protocol/slices.js";
import { decidePrune, pruneOnce } from "../simulator/pruner.js";
import { SCENARIOS } from "../simulator/scenarios.js";
import { parseRackState } from "../simulator/state-schema.js";
import { cloneState, type RackState } from "../simulator/state.js";

export type RackOperations = Pick<
  ControlOperations,
  "getState" | "setState" | "reset" | "mupdate" | "advance" | "advanceInSlices" | "prune" | "scenarios" | "sessionNames" | "verdicts"
>;

export function rackOperations(store: SessionStore, clock: ControlClock, limits: MockLimits): RackOperations {
  const wanted = (request: AdvanceRequest, session: Session): number => {
    const invalid = invalidSteps(request);
    if (invalid !== undefined) throw new MockControlError(invalid);
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
      let session = existingOrDraft(name);
      let remaining = wanted(request, session);
      let steps = 0;
      for (;;) {
        const part = advancePart(keep(name, session), remaining, sliceDeadline());
        steps += part.steps;
        remaining -= part.steps;
        if (part.outcome !== "paused") return { steps, settled: part.outcome === "settled" };
        await nextTask();
        // The session as it is now: a reset meanwhile replaced it.
        session = existingOrDraft(name);
      }
    },
    prune(name = DEFAULT_SESSION) {
      const session = existingOrDraft(name);
      const pruned = decidePrune(session.state)?.prune ?? null;
      const next = pruneOnce(session.state);
      if (next !== undefined) keep(name, session).state = next;
      return { pruned };
    },
    scenarios: () => SCENARIOS.map(({ name, description }) => ({ name, description })),
    sessionNames: () => store.names(),
    verdicts(version, name = DEFAULT_SESSION) {
      const state = existingOrDraft(name).state;
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
