/**
 * tough's `Root::verify_role` (`tough/src/schema/verify.rs`): the role's signed document in OLPC
 * canonical JSON, each signature counted once per key id when the key is listed for the role and
 * verifies, then the role's threshold. Messages are tough's (`tough/src/schema/error.rs`).
 */
import { canonicalize } from "@tufjs/canonical-json";
import { verifySignature } from "./keys.js";
import type { RoleType, Root, Signed } from "./schema.js";

/**
 * What tough signs: the role as its struct serializes again, canonical. That is the document as sent,
 * with `_type` set to the role (the tag serde writes back) and the fields serde skips when empty or
 * absent left out (a target's empty `custom`, a file's null `length`/`hashes`, null `delegations`).
 */
export function canonicalRole(role: RoleType, signed: unknown): Uint8Array {
  const document: Record<string, unknown> = { ...(signed as Record<string, unknown>), _type: role };
  if (document["delegations"] === null) delete document["delegations"];
  const clean = (entries: unknown, drop: (key: string, value: unknown) => boolean) =>
    typeof entries === "object" && entries !== null
      ? Object.fromEntries(
          Object.entries(entries).map(([name, entry]) => [
            name,
            typeof entry === "object" && entry !== null ? Object.fromEntries(Object.entries(entry).filter(([k, v]) => !drop(k, v))) : entry,
          ]),
        )
      : entries;
  if (role === "targets") document["targets"] = clean(document["targets"], (k, v) => k === "custom" && isEmptyObject(v));
  if (role === "snapshot" || role === "timestamp")
    document["meta"] = clean(document["meta"], (k, v) => (k === "length" || k === "hashes") && v === null);
  return new TextEncoder().encode(canonicalize(document));
}

const isEmptyObject = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** Undefined when the role verifies against `root`; tough's message otherwise. */
export async function verifyRole(root: Root, role: RoleType, document: Signed<unknown>): Promise<string | undefined> {
  const roleKeys = root.roles.get(role);
  if (roleKeys === undefined) return `Role ${role} missing from root metadata`;
  let data: Uint8Array;
  try {
    data = canonicalRole(role, document.signedValue);
  } catch (error) {
    return `Failed to serialize ${role} role to JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const valid = new Set<string>();
  for (const signature of document.signatures) {
    if (valid.has(signature.keyid) || !roleKeys.keyids.includes(signature.keyid)) continue;
    const key = root.keys.get(signature.keyid);
    if (key !== undefined && (await verifySignature(key, data, signature.sig))) valid.add(signature.keyid);
  }
  if (valid.size >= roleKeys.threshold) return undefined;
  return `Signature threshold of ${roleKeys.threshold} not met for role ${role} (${valid.size} valid signatures)`;
}
