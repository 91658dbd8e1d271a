/**
 * The part of the update rules a UI can check against a real rack, whose public API shows the status
 * (the target release's version) but not the blueprint: the version-number rules (identical, skip,
 * downgrade). Whether the previous update is still in progress or a mupdate must be cleared first needs
 * the blueprint, so only the server (or the mock, from its state) can say.
 */
import type { TargetReleaseRefusal } from "./refusals.js";
import { parseSemver } from "./semver.js";
import { checkOrderingFrom } from "./target-release.js";

export type VersionOrderingCheck =
  /** The version rules allow it; the server may still refuse it for the blueprint or a missing repository. */
  | { readonly kind: "allowed" }
  /** `already-targeting`, `skip-release` or `downgrade`: `describeRefusal(refusal).message` is the server's message. */
  | { readonly kind: "refused"; readonly refusal: TargetReleaseRefusal }
  /** `proposed` is not a version: the semver crate's error text, e.g. "unexpected end of input while parsing minor version number". */
  | { readonly kind: "invalid"; readonly message: string };

/**
 * Would PUT target-release to `proposed` pass the version rules, given the current target release
 * (`status.target_release?.version ?? null`)? The first target release ever set is not checked.
 * Recovery (PUT recovery-finish) has no version rules; this is for updates only.
 */
export function checkVersionOrdering(current: string | null, proposed: string): VersionOrderingCheck {
  const parsed = parseSemver(proposed);
  if (!parsed.ok) return { kind: "invalid", message: parsed.message };
  const refusal = checkOrderingFrom(current, parsed.version);
  return refusal ? { kind: "refused", refusal } : { kind: "allowed" };
}
