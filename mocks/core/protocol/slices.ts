/**
 * Long work in slices: a slice runs until its time is up, then yields a macrotask so timers and other
 * requests get their turn. Browser-safe (setTimeout only).
 */

/** How long one slice may hold the event loop. */
export const SLICE_MS = 20;

/** Lets other work run before continuing. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A check that says when the current slice is over. */
export function sliceDeadline(ms = SLICE_MS): () => boolean {
  const end = performance.now() + ms;
  return () => performance.now() >= end;
}
