/** Base64 as dropshot's page tokens use it: the `base64` crate's URL-safe engine with canonical padding. */

const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * The `base64` crate's (0.22) URL-safe engine with canonical padding, its checks in its order and its
 * `DecodeError` texts: bad symbols before length, then padding, then stray bits in the last symbol.
 */
export function decodeBase64UrlSafe(text: string): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  const input = new TextEncoder().encode(text);
  const value = (byte: number): number => (byte < 128 ? URL_SAFE.indexOf(String.fromCharCode(byte)) : -1);
  const invalidByte = (index: number, byte: number) => ({ ok: false as const, message: `Invalid symbol ${byte}, offset ${index}.` });
  const rem = input.length % 4;
  const lastByte = input[input.length - 1] ?? 0;
  if (rem === 1 && lastByte !== 0x3d && value(lastByte) < 0) return invalidByte(input.length - 1, lastByte);
  const quadsEnd = Math.max(0, input.length - rem - (rem === 0 ? 4 : 0));
  const morsels: number[] = [];
  for (let i = 0; i < quadsEnd; i++) {
    const v = value(input[i] ?? 0);
    if (v < 0) return invalidByte(i, input[i] ?? 0);
    morsels.push(v);
  }
  let suffix = 0;
  let padding = 0;
  let firstPadding = 0;
  let lastSymbol = 0;
  for (let i = quadsEnd; i < input.length; i++) {
    const byte = input[i] ?? 0;
    if (byte === 0x3d) {
      if (i - quadsEnd < 2) return invalidByte(i, byte);
      if (padding === 0) firstPadding = i;
      padding += 1;
      continue;
    }
    if (padding > 0) return invalidByte(firstPadding, 0x3d);
    const v = value(byte);
    if (v < 0) return invalidByte(i, byte);
    lastSymbol = byte;
    morsels.push(v);
    suffix += 1;
  }
  if (input.length > 0 && suffix < 2) return { ok: false, message: `Invalid input length: ${quadsEnd + suffix}` };
  if ((padding + suffix) % 4 !== 0) return { ok: false, message: "Invalid padding" };
  const bits = morsels.length * 6;
  const out = new Uint8Array(Math.floor(bits / 8));
  let acc = 0;
  let accBits = 0;
  let o = 0;
  for (const m of morsels) {
    acc = ((acc << 6) | m) & 0xffffff;
    accBits += 6;
    if (accBits >= 8) {
      accBits -= 8;
      out[o++] = (acc >> accBits) & 0xff;
    }
  }
  if (accBits > 0 && (acc & ((1 << accBits) - 1)) !== 0) {
    return { ok: false, message: `Invalid last symbol ${lastSymbol}, offset ${quadsEnd + suffix - 1}.` };
  }
  return { ok: true, bytes: out };
}

/** URL-safe base64 with padding of `bytes`. */
export function encodeBase64UrlSafe(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""))
    .replaceAll("+", "-")
    .replaceAll("/", "_");
}
