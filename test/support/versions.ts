/** Small helpers the suites share for versions and scenarios. */
import { API_VERSIONS, type ApiVersion } from "../../generated/index.js";
import { findScenario } from "../../mocks/core/simulator/scenarios.js";
import type { RackState } from "../../mocks/core/simulator/state.js";
import { parseSemver, type Semver } from "../../src/rules/index.js";

/** Whether the API version `version` has what arrived in `minimum` (both released versions). */
export const apiVersionAtLeast = (version: ApiVersion, minimum: string): boolean =>
  API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(minimum as ApiVersion);

/** A version the test knows is valid; throws with the parser's message otherwise. */
export function semver(text: string): Semver {
  const parsed = parseSemver(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.version;
}

/** A built-in scenario's state, freshly built. */
export function scenarioState(name: string): RackState {
  const found = findScenario(name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found.build();
}
