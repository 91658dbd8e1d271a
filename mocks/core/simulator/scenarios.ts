/**
 * The built-in scenarios (docs/design.md, "Scenarios"). Each is built by the same operations the mock offers (mupdate,
 * target release with the real validation, planner steps), so every scenario is a state the simulated
 * rack really reaches. Builds are deterministic: fixed ids, hashes and clocks.
 */
import { decideTargetRelease, describeRefusal, parseSemver, type TargetReleaseIntent } from "../../../src/rules/index.js";
import { advance, applyMupdate, type MupdateRequest } from "./planner.js";
import { RELEASE_19, RELEASE_20, RELEASE_21, REPOSITORY_21, SLED_ID, assembledRack, clock, uuidSequence } from "./scenario-rack.js";
import type { RackState } from "./state.js";
import { setTargetRelease } from "./target-release.js";

export interface Scenario {
  readonly name: string;
  readonly description: string;
  build(): RackState;
}

export const DEFAULT_SCENARIO = "factory";

/** Steps an update-in-progress rack has taken: every sled's Hubris and OS, every switch and power shelf, and the first few zones. */
const UPDATE_STEPS_TAKEN = 42;

function settle(state: RackState, start: string): RackState {
  const result = advance(state, { until: "settled" }, clock(start));
  if (!result.settled) throw new Error("scenario did not settle");
  return result.state;
}

/** A PUT target-release or recovery-finish, refused exactly as the API would refuse it. */
function target(state: RackState, intent: TargetReleaseIntent, version: string, at: string): RackState {
  const parsed = parseSemver(version);
  if (!parsed.ok) throw new Error(parsed.message);
  const decision = decideTargetRelease(state, intent, parsed.version);
  if (!decision.ok) throw new Error(describeRefusal(decision.refusal).message);
  return setTargetRelease(state, version, decision.generation, new Date(at));
}

function mupdate(state: RackState, request: MupdateRequest, name: string): RackState {
  const result = applyMupdate(state, request, uuidSequence(name));
  if (!result.ok) throw new Error(result.message);
  return result.state;
}

/** Manufacturing installs 19.0.0 on every sled (a mupdate) and the planner takes note: minimum generation 2. */
function factory(): RackState {
  return settle(mupdate(assembledRack(), { version: RELEASE_19, sleds: "all" }, "factory"), "2026-08-20T17:01:22.741Z");
}

/** First target release 19.0.0 (no-op conversion), then a full update to 20.0.0; 21.0.0 uploaded since. */
function steady(): RackState {
  const on19 = settle(target(factory(), "update", RELEASE_19, "2026-08-20T17:30:05.771Z"), "2026-08-20T17:31:12.018Z");
  const on20 = settle(target(on19, "update", RELEASE_20, "2026-08-21T09:15:02.551Z"), "2026-08-21T09:16:40.310Z");
  return { ...on20, repositories: [...on20.repositories, REPOSITORY_21] };
}

function updateInProgress(): RackState {
  const started = target(steady(), "update", RELEASE_21, "2026-09-09T10:00:12.384Z");
  return advance(started, { steps: UPDATE_STEPS_TAKEN }, clock("2026-09-09T10:01:03.117Z")).state;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "factory",
    description:
      "Fresh from manufacturing: every sled runs 19.0.0 from its install dataset, no target release has been set, " +
      "and the rack reads suspended until the first one is (19.0.0 and 20.0.0 are uploaded).",
    build: factory,
  },
  {
    name: "steady",
    description: "Target release 20.0.0, every component on it, nothing pending; 21.0.0 is uploaded and may be targeted.",
    build: steady,
  },
  {
    name: "update-in-progress",
    description:
      "Updating from 20.0.0 to 21.0.0: every sled's Hubris and OS, the switches and the power shelves are done, " +
      "the zones are under way. " +
      "Another target release is refused until the last Nexus zone moves.",
    build: updateInProgress,
  },
  {
    name: "mupdate-waiting",
    description:
      "Support reinstalled the whole rack with 21.0.0 while 20.0.0 was the target; the planner noticed and " +
      "suspended updates. Recovery (to any version) is accepted; recovery to 21.0.0 converts everything.",
    build: () => settle(mupdate(steady(), { version: RELEASE_21, sleds: "all" }, "mupdate-waiting"), "2026-09-10T11:03:10.004Z"),
  },
  {
    name: "single-sled-mupdate-converted",
    description:
      "Support reinstalled one sled (BRM42220003) with the current target 20.0.0; the planner converted it back, " +
      "so nothing shows the mupdate but the minimum generation is ahead: only recovery to 20.0.0 is accepted.",
    build: () => {
      const sled = SLED_ID["BRM42220003"] ?? "";
      return settle(mupdate(steady(), { version: RELEASE_20, sleds: [sled] }, "single-sled"), "2026-09-11T08:20:45.662Z");
    },
  },
  {
    name: "contact-support",
    description:
      "The update from 20.0.0 to 21.0.0 stopped making progress; the status asks the operator to contact support " +
      "(a flag: the mock does not simulate the causes).",
    build: () => ({ ...updateInProgress(), flags: { contact_support: true } }),
  },
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
