/**
 * A trust root as upstream's `TufSignedRootRole` reads it (`nexus/types/versions/src/initial/update.rs`,
 * its `Deserialize` impl): the JSON value as tough's `Signed<Root>`, then `verify_role` of the root by
 * itself. Either failure is a serde custom error, which dropshot answers as `unable to parse JSON body: …`
 * (no position: the error comes from a `Value`, after the body was read).
 */
import { deserializeAsync } from "../serde/value-de.js";
import { readSignedRoot } from "./schema.js";
import { verifyRole } from "./verify-role.js";

export type TrustRootCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Whether `value` is a valid, self-signed TUF root role; upstream's message when not. */
export async function checkTrustRoot(value: unknown): Promise<TrustRootCheck> {
  const read = await deserializeAsync(() => readSignedRoot(value));
  if (!read.ok) return read;
  const failed = await verifyRole(read.value.signed, "root", read.value);
  // `InlineErrorChain` of tough's error: its message (a threshold or missing role has no cause).
  return failed === undefined ? { ok: true } : { ok: false, message: `Unable to verify root role: ${failed}` };
}
