/**
 * Versions and scenarios for the suites, taken from `generated/` and the spec documents, never from the
 * mock's own constants (a test that read the mock's idea of a version could not catch it being wrong).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ApiVersion } from "../../generated/index.js";
import { OPERATIONS } from "../../generated/operations.js";
import { findScenario } from "../../mocks/core/simulator/scenarios.js";
import type { RackState } from "../../mocks/core/simulator/state.js";
import { compareSemver, parseSemver, type Semver } from "../../src/rules/index.js";
import { readManifest, specDir } from "../../src/spec/manifest.js";

export type { ApiVersion };

/** A version the test knows is valid; throws with the parser's message otherwise. */
export function semver(text: string): Semver {
  const parsed = parseSemver(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.version;
}

/** Whether API version `version` has what arrived in `minimum`: semver order, as the server routes. */
export const apiVersionAtLeast = (version: string, minimum: string): boolean => compareSemver(semver(version), semver(minimum)) >= 0;

/** The first API version with PUT recovery-finish. */
export const VERSION_RECOVERY_FINISH: ApiVersion = OPERATIONS.system_update_recovery_finish.versions[0];

/** The first API version whose `UpdateStatus` has `contact_support`, read from the spec documents. */
export const VERSION_CONTACT_SUPPORT: ApiVersion = (() => {
  for (const entry of readManifest().versions) {
    const doc = JSON.parse(readFileSync(path.join(specDir(), entry.file), "utf8")) as {
      components: { schemas: { UpdateStatus: { properties: Record<string, unknown> } } };
    };
    if (Object.hasOwn(doc.components.schemas.UpdateStatus.properties, "contact_support")) return entry.version as ApiVersion;
  }
  throw new Error("no API version has contact_support");
})();

/** A built-in scenario's state, freshly built. */
export function scenarioState(name: string): RackState {
  const found = findScenario(name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found.build();
}
