/**
 * Signing TUF metadata as tough's editor does for tufaceous: the role's canonical JSON (the bytes
 * `verify-role.ts` checks) signed by each key, written as `{"signatures": [...], "signed": {...}}`.
 */
import { canonicalRole } from "./verify-role.js";
import type { RoleType } from "./schema.js";
import { keyDocument, keyIdOf, signWith, type Ed25519TestKey } from "./test-keys.js";

/** The keys a root names for every role, and how many of them must sign. */
export interface RoleKeysDocument {
  readonly keys: readonly Ed25519TestKey[];
  readonly threshold: number;
}

/** A root's `keys` and `roles`: every role trusts the same keys, as tufaceous's generated roots do. */
export async function rootKeysFields(document: RoleKeysDocument): Promise<Record<string, unknown>> {
  const keys: Record<string, unknown> = {};
  const keyids: string[] = [];
  for (const key of document.keys) {
    const id = await keyIdOf(key);
    keys[id] = keyDocument(key);
    keyids.push(id);
  }
  const roles = Object.fromEntries(
    ["root", "snapshot", "targets", "timestamp"].map((role) => [role, { keyids, threshold: document.threshold }]),
  );
  return { keys, roles };
}

/** The signed document of `role` (a root gets `document`'s keys and roles), as JSON bytes. */
export async function signedDocument(
  role: RoleType,
  body: Record<string, unknown>,
  document: RoleKeysDocument | undefined,
  signers: readonly Ed25519TestKey[],
): Promise<Record<string, unknown>> {
  const signed = { _type: role, ...body, ...(document ? await rootKeysFields(document) : {}) };
  const data = await canonicalRole(role, signed);
  const signatures = [];
  for (const key of signers) signatures.push({ keyid: await keyIdOf(key), sig: await signWith(key, data) });
  return { signatures, signed };
}

export async function signRole(
  role: RoleType,
  body: Record<string, unknown>,
  document: RoleKeysDocument | undefined,
  signers: readonly Ed25519TestKey[],
): Promise<Uint8Array> {
  return new TextEncoder().encode(`${JSON.stringify(await signedDocument(role, body, document, signers), null, 2)}\n`);
}
