/**
 * Seeded pseudo-random numbers (mulberry32), for everything in the mock that must be random yet
 * reproducible: latency ranges, fault probabilities, chaos, and the ids of built-in scenarios. No
 * node:crypto, so browsers too.
 */

/** A 32-bit seed from text (FNV-1a), so names can seed generators. */
export function seedOf(text: string): number {
  let state = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return state;
}

/** A generator of 32-bit unsigned integers from `seed`; the same seed gives the same sequence. */
export function seededWords(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A generator of numbers in [0, 1) from `seed`. */
export function seededRandom(seed: number): () => number {
  const words = seededWords(seed);
  return () => words() / 4_294_967_296;
}
