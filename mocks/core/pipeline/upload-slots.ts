/**
 * The uploads in flight, all sessions together (`maxUploadsInFlight`, docs/design.md "Limits"): each holds
 * up to its body and what it inflates, so their number bounds the mock's memory.
 */
import { errorResponse } from "../dropshot/errors.js";
import { limitMessage, type MockLimits } from "../protocol/limits.js";
import type { MockResponse } from "../protocol/message.js";

export interface UploadCounter {
  inFlight: number;
}

/** A place among the uploads in flight, given back once (by the answer, or when the body never comes). */
export interface UploadSlot {
  release(): void;
}

export const NO_SLOT: UploadSlot = { release: () => undefined };

class HeldSlot implements UploadSlot {
  #held = true;
  constructor(private readonly uploads: UploadCounter) {}
  release(): void {
    if (this.#held) this.uploads.inFlight -= 1;
    this.#held = false;
  }
}

/** A place for one more upload, or undefined when `maxUploadsInFlight` are running. */
export function takeUploadSlot(uploads: UploadCounter, limits: MockLimits): UploadSlot | undefined {
  if (uploads.inFlight >= limits.maxUploadsInFlight) return undefined;
  uploads.inFlight += 1;
  return new HeldSlot(uploads);
}

/** 503: a client should try again shortly, as after upstream's own 503. */
export const tooManyUploads = (uploads: UploadCounter, limits: MockLimits): MockResponse =>
  errorResponse(503, "ServiceNotAvailable", limitMessage(limits, "maxUploadsInFlight", `${uploads.inFlight} uploads are in flight`));
