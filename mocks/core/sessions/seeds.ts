/** What new and reset sessions start from: a scenario, or the state document the mock was given. */
import { MockControlError } from "../protocol/control-errors.js";
import { seedRootRole } from "../tuf/seed-root.js";
import type { SessionSeed, TrustRoot } from "./session.js";
import { SCENARIOS, findScenario } from "../simulator/scenarios.js";
import { closestName } from "../../../src/shared/suggest.js";
import { cloneState, type RackState } from "../simulator/state.js";

export interface SeedOptions {
  /** Scenario of new sessions and of a reset without a name. */
  readonly scenario: string;
  /** A validated state document that replaces that scenario. */
  readonly state: RackState | undefined;
  now(): Date;
  newUuid(): string;
}

/**
 * A rack is set up with one trust root, a real self-signed one for the documented test key, so archives
 * from `buildRepositoryArchive` upload out of the box; tests may delete it.
 */
function initialTrustRoots(now: Date, newUuid: () => string): TrustRoot[] {
  return [{ id: newUuid(), root_role: seedRootRole(), time_created: now.toISOString() }];
}

/** Upstream's not-found wording, then the closest name and every name (a misspelt scenario is a typo). */
function unknownScenario(name: string): string {
  const names = SCENARIOS.map((scenario) => scenario.name);
  const near = closestName(name, names);
  return `not found: scenario with id "${name}"${near === undefined ? "" : `; did you mean "${near}"?`} (scenarios: ${names.join(", ")})`;
}

/** Freezes a document all the way down: shared starting states must never be edited in place. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A seed maker: `seed()` is the starting rack, `seed(name)` a named scenario (404 when unknown). States
 * are replaced, never edited, so every session starting from the same scenario shares one frozen
 * document: a new session costs no planner run.
 */
export function sessionSeeds(options: SeedOptions): (scenario?: string) => SessionSeed {
  const built = new Map<string, RackState>();
  const start = options.state === undefined ? undefined : deepFreeze(cloneState(options.state));
  return (scenario) => {
    let state = scenario === undefined ? start : undefined;
    if (state === undefined) {
      const name = scenario ?? options.scenario;
      state = built.get(name);
      if (state === undefined) {
        const found = findScenario(name);
        if (!found) throw new MockControlError(unknownScenario(name), 404);
        state = deepFreeze(found.build());
        built.set(name, state);
      }
    }
    return { state, trustRoots: initialTrustRoots(options.now(), options.newUuid) };
  };
}
