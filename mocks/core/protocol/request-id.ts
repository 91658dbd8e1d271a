/**
 * Request ids: a fresh random UUID for every answer, as dropshot formats `Uuid::new_v4()`
 * (`dropshot/src/server.rs`). Every error answer carries one, so this is on the hot path: random bytes
 * are drawn 256 ids at a time, and each id is written as ASCII into one scratch array and decoded once.
 * That allocates one string where `crypto.randomUUID()` builds it from about twenty pieces (a third of
 * the error answer's garbage; BENCHMARKS.md, "Issue 19"). WebCrypto and TextDecoder only, so browsers too.
 */

const IDS_PER_DRAW = 256;
const random = new Uint8Array(16 * IDS_PER_DRAW);
let next = random.length;
const text = new Uint8Array(36);
const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
const ascii = new TextDecoder();

/** A random version-4 UUID in its lower-case hyphenated form, e.g. `0b5e2cc4-3f7d-4a1e-9c55-6f0e6a3d2b17`. */
export function newRequestId(): string {
  if (next === random.length) {
    crypto.getRandomValues(random);
    next = 0;
  }
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d;
    let byte = random[next + i] as number;
    // The version (4) and the RFC 9562 variant (10xx), as `Uuid::new_v4` sets them.
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    text[at++] = HEX_DIGITS[byte >> 4] as number;
    text[at++] = HEX_DIGITS[byte & 0x0f] as number;
  }
  next += 16;
  return ascii.decode(text);
}
