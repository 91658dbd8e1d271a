/**
 * tough's `Root::verify_role` (`tough/src/schema/verify.rs`): the role's signed document in OLPC
 * canonical JSON, each signature counted once per key id when the key is listed for the role and
 * verifies, then the role's threshold. Messages are tough's (`tough/src/schema/error.rs`).
 */
import { canonicalBytes } from "./canonical.js";
import { verifySignature } from "./keys.js";
import type { RoleType, Root, Signed } from "./schema.js";

/**
 * What tough signs: the role as its struct serializes again, canonical. That is the document as sent,
 * with `_type` set to the role (the tag serde writes back) and the fields serde skips when empty or
 * absent left out (a target's empty `custom`, a file's null `length`/`hashes`, null `delegations`).
 */
export async function canonicalRole(role: RoleType, signed: unknown): Promise<Uint8Array> {
  const document: Record<string, unknown> = { ...(signed as Record<string, unknown>), _type: role };
  if (document["delegations"] === null) delete document["delegations"];
  if (role === "snapshot" || role === "timestamp") {
    const meta = document["meta"];
    if (isRecord(meta))
      document["meta"] = Object.fromEntries(Object.entries(meta).map(([name, file]) => [name, without(file, isNullMeta)]));
  }
  const targets = role === "targets" ? { key: "targets", entry: (target: unknown) => without(target, isEmptyCustom) } : undefined;
  return canonicalBytes(document, targets);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isNullMeta = (key: string, value: unknown) => (key === "length" || key === "hashes") && value === null;
const isEmptyCustom = (key: string, value: unknown) => key === "custom" && isRecord(value) && Object.keys(value).length === 0;

/** `entry` without the fields serde would not write back. */
function without(entry: unknown, skipped: (key: string, value: unknown) => boolean): unknown {
  if (!isRecord(entry) || !Object.entries(entry).some(([key, value]) => skipped(key, value))) return entry;
  return Object.fromEntries(Object.entries(entry).filter(([key, value]) => !skipped(key, value)));
}

/** Undefined when the role verifies against `root`; tough's message otherwise. */
export async function verifyRole(root: Root, role: RoleType, document: Signed<unknown>): Promise<string | undefined> {
  const roleKeys = root.roles.get(role);
  if (roleKeys === undefined) return `Role ${role} missing from root metadata`;
  let data: Uint8Array;
  try {
    data = await canonicalRole(role, document.signedValue);
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
