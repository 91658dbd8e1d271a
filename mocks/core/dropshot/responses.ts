/**
 * Success answers on the wire. Operation handlers do not call these directly: they reply through their
 * context, whose types come from the spec (see `operations/context.ts`); the control endpoints use them too.
 */
import type { MockResponse } from "../protocol/message.js";
import { newRequestId } from "../protocol/request-id.js";

/** A JSON body, compact, as serde_json writes a handler's value; dropshot sends `x-request-id` on every answer. */
export function jsonAnswer(status: number, value: unknown): MockResponse {
  return { status, headers: { "content-type": "application/json", "x-request-id": newRequestId() }, body: JSON.stringify(value) };
}

/** 204 and no body (dropshot's `HttpResponseUpdatedNoContent`, `HttpResponseDeleted`). */
export function noContent(): MockResponse {
  return { status: 204, headers: { "x-request-id": newRequestId() }, body: null };
}
