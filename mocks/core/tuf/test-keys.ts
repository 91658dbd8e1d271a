/**
 * Ed25519 keys FOR TESTS ONLY. Their private halves are published here, so anything they sign proves
 * nothing: they exist so that the mock's seeded trust root and `buildRepositoryArchive` agree out of the
 * box, and so that tests can sign with a key the mock does not trust. Never put them in a real trust store.
 */
import { canonicalize } from "@tufjs/canonical-json";
import { decodeHex, toHex } from "./keys.js";
import { sha256Hex } from "./sha256.js";

/** An Ed25519 key pair, both halves as hex: the 32-byte seed and the 32-byte public key. */
export interface Ed25519TestKey {
  readonly privateSeed: string;
  readonly publicKey: string;
}

/** The key the mock's seeded trust root names for every role, and `buildRepositoryArchive` signs with. */
export const TEST_ONLY_ED25519_KEY: Ed25519TestKey = {
  privateSeed: "1dca365a3c2ee4d0a8c5ed9b2158a95beb702acd7853991eda6d1fc49acf39e5",
  publicKey: "56e0140fee4318133c2f7450a8c06c95bfe512598b506c7a35d48e4316f58f54",
};

/** A second test key the seeded root does not know: "signed by a wrong key", or a rotated root's key. */
export const TEST_ONLY_ED25519_OTHER_KEY: Ed25519TestKey = {
  privateSeed: "64444f289c4bc6adc54c606a95fa31a19ba5d9f2587891d9033abec631278f30",
  publicKey: "2fe1aa87f6e383842dbd586c901068df25dd24a680efc217d14b041b6fc744d2",
};

/** A third, for thresholds above one. */
export const TEST_ONLY_ED25519_THIRD_KEY: Ed25519TestKey = {
  privateSeed: "0bc7a13418642b52757482815e101a069d25c17dc8be009f0a3ca258994b7a81",
  publicKey: "6b86516867f694b41b63d8ba5ea17899e50e4dd7ea3a3c667ffae128aa9c07c6",
};

/** The key's TUF document, as tufaceous writes an Ed25519 key. */
export function keyDocument(key: Ed25519TestKey): Record<string, unknown> {
  return { keytype: "ed25519", keyval: { public: key.publicKey }, scheme: "ed25519" };
}

/** The key id: sha256 of the key document's canonical JSON. */
export async function keyIdOf(key: Ed25519TestKey): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalize(keyDocument(key))));
}

/** PKCS #8 wrapping of an Ed25519 seed (RFC 8410), which WebCrypto imports. */
export const ED25519_PKCS8_PREFIX = "302e020100300506032b657004220420";

/** Signs `message` with the key (Ed25519 signatures are deterministic), as hex. */
export async function signWith(key: Ed25519TestKey, message: Uint8Array): Promise<string> {
  const pkcs8 = decodeHex(ED25519_PKCS8_PREFIX + key.privateSeed).slice().buffer;
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
  return toHex(new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, privateKey, message.slice().buffer)));
}
