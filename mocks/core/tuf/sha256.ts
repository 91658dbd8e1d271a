/** SHA-256 with WebCrypto (browsers and Node alike). */

export async function sha256Hex(data: Uint8Array): Promise<string> {
  // WebCrypto wants an ArrayBuffer-backed view; copy only when the bytes live elsewhere (SharedArrayBuffer).
  const view = data.buffer instanceof ArrayBuffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.slice();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", view));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
