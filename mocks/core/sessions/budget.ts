/**
 * What a session may keep (docs/design.md, "Limits"): at most `maxSleds` sleds, versions no longer than
 * `maxVersionLength`, and `maxStoredBytes` of state and trust roots together. Checked whenever something
 * is stored, so nothing the API accepted can make a later request too big to answer.
 */
import { limitMessage, type MockLimits } from "../protocol/limits.js";
import type { RackState } from "../simulator/state.js";
import type { TrustRoot } from "./session.js";

const sizes = new WeakMap<object, number>();

/** The JSON size of a value that never changes (states and trust roots are replaced, not edited). */
function jsonSize(value: object): number {
  let size = sizes.get(value);
  if (size === undefined) sizes.set(value, (size = JSON.stringify(value).length));
  return size;
}

/** Bytes a session keeps: its state document and its trust roots, as JSON. */
export function storedBytes(state: RackState, trustRoots: readonly TrustRoot[]): number {
  let total = jsonSize(state);
  for (const root of trustRoots) total += jsonSize(root);
  return total;
}

/** Every version string of a state document, with where it is. */
function* versionsOf(state: RackState): Generator<[string, string]> {
  const { target_release: target } = state;
  if (target.version !== null) yield ["target_release.version", target.version];
  if (target.previous_version !== null) yield ["target_release.previous_version", target.previous_version];
  for (const [i, repository] of state.repositories.entries()) yield [`repositories[${i}].system_version`, repository.system_version];
  for (const [i, sled] of state.sleds.entries()) {
    if (sled.install_dataset !== null) yield [`sleds[${i}].install_dataset`, sled.install_dataset];
    for (const slot of ["slot_a", "slot_b"] as const) {
      const os = sled.host_phase_2[slot];
      if (os.type === "artifact" && os.version !== null) yield [`sleds[${i}].host_phase_2.${slot}.version`, os.version];
    }
    for (const [j, zone] of sled.zones.entries()) {
      if (zone.image_source.type === "artifact" && zone.image_source.version !== null) {
        yield [`sleds[${i}].zones[${j}].image_source.version`, zone.image_source.version];
      }
    }
    for (const [key, version] of Object.entries(sled.components)) if (version !== null) yield [`sleds[${i}].components.${key}`, version];
  }
}

/** Why a version may not be stored, or undefined. */
export function versionOverLimit(version: string, limits: MockLimits, where: string): string | undefined {
  if (version.length <= limits.maxVersionLength) return undefined;
  return limitMessage(limits, "maxVersionLength", `${where} is ${version.length} characters long`);
}

/** Why this state and these trust roots may not be stored, or undefined when they fit every limit. */
export function overBudget(state: RackState, trustRoots: readonly TrustRoot[], limits: MockLimits): string | undefined {
  if (state.sleds.length > limits.maxSleds) return limitMessage(limits, "maxSleds", `the rack has ${state.sleds.length} sleds`);
  for (const [where, version] of versionsOf(state)) {
    const over = versionOverLimit(version, limits, where);
    if (over !== undefined) return over;
  }
  const bytes = storedBytes(state, trustRoots);
  if (bytes > limits.maxStoredBytes) return limitMessage(limits, "maxStoredBytes", `the session would keep ${bytes} bytes`);
  return undefined;
}
