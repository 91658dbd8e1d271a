/**
 * SHA-256 in hex. Under Node it hashes with node:crypto a slice at a time, yielding between slices:
 * WebCrypto's `digest` first copies its whole input on the calling thread, which held the event loop for
 * about 130 ms on a 255 MiB target (a 254 KiB deflate bomb) and kept a second copy of it in memory. In
 * browsers, WebCrypto.
 */
import { nextTask } from "../protocol/slices.js";
import { toHex } from "./keys.js";

/** Bytes hashed between yields: a few ms of work. */
const SLICE = 4 * 1_048_576;

interface IncrementalHash {
  update(data: Uint8Array): IncrementalHash;
  digest(encoding: "hex"): string;
}

/** node:crypto's createHash, found without importing it (this module runs in browsers too); Node >= 20.16. */
const createHash = (() => {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = host?.getBuiltinModule?.("node:crypto") as { createHash?: (algorithm: string) => IncrementalHash } | undefined;
  return crypto?.createHash;
})();

export async function sha256Hex(data: Uint8Array): Promise<string> {
  if (createHash !== undefined) {
    const hash = createHash("sha256");
    for (let at = 0; at < data.byteLength; at += SLICE) {
      hash.update(data.subarray(at, at + SLICE));
      if (at + SLICE < data.byteLength) await nextTask();
    }
    return hash.digest("hex");
  }
  // WebCrypto wants an ArrayBuffer-backed view; copy only when the bytes live elsewhere (SharedArrayBuffer).
  const view = data.buffer instanceof ArrayBuffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.slice();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", view));
  return toHex(digest);
}
