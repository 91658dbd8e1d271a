// The accepted-changes file: breaking changes a team has decided to ship, each with a reason. Accepted
// changes are listed as accepted and no longer fail the command. Keyed by fingerprint (fingerprint.ts).
//
//   accepted:
//     - fingerprint: 3f2a9c01b7d4
//       reason: "recovery-finish was never released; nobody calls it yet"
//       change: "optional: what the change was, for readers of this file"
import { isObject, own } from "./json.js";

/** Fingerprint -> reason. */
export type AcceptedChanges = ReadonlyMap<string, string>;

const FINGERPRINT = /^[0-9a-f]{12}$/;

/** The accepted changes in a parsed file (JSON or YAML); throws an Error naming `where` and the entry at fault. */
export function parseAccepted(value: unknown, where: string): Map<string, string> {
  const list = Array.isArray(value) ? value : isObject(value) ? own(value, "accepted") : undefined;
  if (!Array.isArray(list)) throw new Error(`${where}: expected a list \`accepted\` of { fingerprint, reason }`);
  const out = new Map<string, string>();
  list.forEach((entry, i) => {
    const fingerprint = isObject(entry) ? own(entry, "fingerprint") : undefined;
    const reason = isObject(entry) ? own(entry, "reason") : undefined;
    if (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint)) {
      throw new Error(`${where}: accepted[${i}] needs a fingerprint of 12 hex digits (as \`system-update diff\` prints it)`);
    }
    if (typeof reason !== "string" || reason.trim() === "") throw new Error(`${where}: accepted[${i}] (${fingerprint}) needs a reason`);
    out.set(fingerprint, reason.trim());
  });
  return out;
}
