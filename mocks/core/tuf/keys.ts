/**
 * TUF keys as tough reads and checks them (`tough/src/schema/key.rs`, `decoded.rs`, `spki.rs`), verified
 * with WebCrypto so the same code runs in Node and in browsers. The key types are tough's: `ed25519`
 * (what tufaceous makes), `rsa` with `rsassa-pss-sha256` (PEM SubjectPublicKeyInfo) and `ecdsa` /
 * `ecdsa-sha2-nistp256` (hex point or PEM). Signatures are checked as tough's backends do: Ed25519,
 * RSA-PSS with SHA-256 and a 32-byte salt, ECDSA P-256 with SHA-256 and an ASN.1 DER signature.
 */
import { ValueError } from "../serde/value-de.js";

export type KeyType = "rsa" | "ed25519" | "ecdsa" | "ecdsa-sha2-nistp256";

export interface TufKey {
  readonly keytype: KeyType;
  /** The decoded public key: raw bytes (ed25519, hex ecdsa) or a SubjectPublicKeyInfo DER (PEM). */
  readonly public: Uint8Array;
  readonly format: "raw" | "spki";
}

/** `hex::decode` behind tough's `Decoded<Hex>`: `Invalid hex string: ` + the hex crate's message. */
export function decodeHex(text: string): Uint8Array {
  const fail = (why: string) => new ValueError(`Invalid hex string: ${why}`);
  if (text.length % 2 !== 0) throw fail("Odd number of digits");
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const nibble = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (nibble < 0) throw fail(`Invalid character '${text[i] ?? ""}' at position ${i}`);
    bytes[i >> 1] = (bytes[i >> 1] ?? 0) | (i % 2 === 0 ? nibble << 4 : nibble);
  }
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_OID = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256_OID = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/**
 * A PEM SubjectPublicKeyInfo whose algorithm is `oid` (and curve, for EC). The mock checks the armor,
 * the base64 and that the algorithm identifier leads the document; tough's `pem` crate words its
 * framing errors its own way, which the mock does not reproduce (docs/design.md, "TUF verification").
 */
function decodePem(text: string, oids: readonly (readonly number[])[]): Uint8Array {
  const match = /^\s*-----BEGIN ([A-Z ]+)-----\r?\n([\s\S]*?)-----END \1-----\s*$/.exec(text);
  let der: Uint8Array;
  try {
    if (!match) throw new Error("malformed");
    der = Uint8Array.from(atob((match[2] ?? "").replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    throw new ValueError("Invalid PEM string: malformedframing");
  }
  const head = Array.from(der.subarray(0, 40));
  const at = (oid: readonly number[]) => head.findIndex((_, i) => oid.every((b, j) => head[i + j] === b));
  if (der[0] !== 0x30 || oids.some((oid) => at(oid) < 0)) throw new ValueError("Invalid SubjectPublicKeyInfo document");
  return der;
}

/** The public key of a key document, decoded as tough's `keyval.public` field types decode it. */
export function decodePublicKey(keytype: KeyType, text: string): TufKey {
  if (keytype === "ed25519") return { keytype, public: decodeHex(text), format: "raw" };
  if (keytype === "rsa") return { keytype, public: decodePem(text, [RSA_OID]), format: "spki" };
  // `EcdsaFlex`: PEM when it starts with the armor, hex otherwise.
  if (text.startsWith("-----BEGIN ")) return { keytype, public: decodePem(text, [EC_OID, P256_OID]), format: "spki" };
  return { keytype, public: decodeHex(text), format: "raw" };
}

/** An ASN.1 DER `SEQUENCE { r INTEGER, s INTEGER }` as WebCrypto's fixed-width `r || s`; null if malformed. */
function derToP1363(sig: Uint8Array): Uint8Array | null {
  if (sig[0] !== 0x30 || sig[1] !== sig.length - 2) return null;
  const out = new Uint8Array(64);
  let at = 2;
  for (const offset of [0, 32]) {
    const length = sig[at + 1] ?? 0;
    if (sig[at] !== 0x02 || at + 2 + length > sig.length) return null;
    let value = sig.subarray(at + 2, at + 2 + length);
    while (value.length > 32 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) return null;
    out.set(value, offset + 32 - value.length);
    at += 2 + length;
  }
  return at === sig.length ? out : null;
}

const ALGORITHMS = {
  ed25519: { import: { name: "Ed25519" }, verify: { name: "Ed25519" } },
  rsa: { import: { name: "RSA-PSS", hash: "SHA-256" }, verify: { name: "RSA-PSS", saltLength: 32 } },
  ecdsa: { import: { name: "ECDSA", namedCurve: "P-256" }, verify: { name: "ECDSA", hash: "SHA-256" } },
} as const;

const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

/**
 * Verifies one signature as tough's `Key::verify`: any failure (a key WebCrypto refuses, a malformed
 * signature) is just "not valid", as it is for tough.
 */
export async function verifySignature(key: TufKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const algorithm = ALGORITHMS[key.keytype === "ed25519" || key.keytype === "rsa" ? key.keytype : "ecdsa"];
  const sig = algorithm === ALGORITHMS.ecdsa ? derToP1363(signature) : signature;
  if (sig === null) return false;
  try {
    const imported = await crypto.subtle.importKey(key.format, buffer(key.public), algorithm.import, false, ["verify"]);
    return await crypto.subtle.verify(algorithm.verify, imported, buffer(sig), buffer(message));
  } catch {
    return false;
  }
}
