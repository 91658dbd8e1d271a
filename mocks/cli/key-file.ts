/**
 * The command line's Ed25519 key files (`--key`, `--new-key`): JSON `{ "privateSeed": "<64 hex>",
 * "publicKey": "<64 hex>" }`, the shape of the test keys `buildRepositoryArchive` takes
 * (mocks/core/tuf/test-keys.ts). The private half is in the file: keep it as you keep any signing key.
 */
import { readFile, writeFile } from "node:fs/promises";
import { UsageError, errorMessage } from "../../src/cli/args.js";
import { ownField, parseJsonBytes, isJsonObject } from "../../src/shared/json.js";
import { decodeHex, toHex } from "../core/tuf/keys.js";
import { ED25519_PKCS8_PREFIX, type Ed25519TestKey } from "../core/tuf/test-keys.js";

const HEX_32_BYTES = /^[0-9a-f]{64}$/;

/** The public half of `privateSeed`, as hex (WebCrypto's JWK export of the private key carries it). */
async function publicKeyOf(privateSeed: string): Promise<string> {
  const pkcs8 = decodeHex(ED25519_PKCS8_PREFIX + privateSeed).slice().buffer;
  const key = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  const { x } = await crypto.subtle.exportKey("jwk", key);
  return toHex(Uint8Array.from(Buffer.from(x ?? "", "base64url")));
}

/** Reads a key file; a file that is no such key is a usage error naming what is wrong. */
export async function readKeyFile(file: string): Promise<Ed25519TestKey> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read key file ${file}: ${errorMessage(error)}`);
  }
  const parsed = parseJsonBytes(bytes);
  const fields = parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
  const privateSeed = fields && ownField(fields, "privateSeed");
  const publicKey = fields && ownField(fields, "publicKey");
  if (typeof privateSeed !== "string" || typeof publicKey !== "string" || !HEX_32_BYTES.test(privateSeed) || !HEX_32_BYTES.test(publicKey))
    throw new UsageError(
      `${file} is not an Ed25519 key file: it needs {"privateSeed": "<64 hex>", "publicKey": "<64 hex>"} (make one with --new-key)`,
    );
  if ((await publicKeyOf(privateSeed)) !== publicKey)
    throw new UsageError(`${file}: its publicKey is not the public half of its privateSeed`);
  return { privateSeed, publicKey };
}

/** Makes a fresh key and writes its file (refusing to overwrite one). */
export async function writeNewKeyFile(file: string): Promise<Ed25519TestKey> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const privateSeed = toHex(pkcs8.slice(pkcs8.length - 32));
  const key = { privateSeed, publicKey: await publicKeyOf(privateSeed) };
  try {
    await writeFile(file, `${JSON.stringify(key, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    throw new UsageError(`cannot write key file ${file}: ${errorMessage(error)}`);
  }
  return key;
}
