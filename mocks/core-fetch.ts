/**
 * The mock core as a fetch: a `Request` in, the core's answer out, with no network between. MSW's handlers
 * answer through it, and the devtools panel in a page talks to its core through it (so the worker never sees,
 * nor logs, the panel's own requests).
 */
import type { CallerIdentity } from "./core/auth/auth.js";
import type { MockCore } from "./core/mock.js";
import { BODY_TOO_LARGE, isNetworkFailure, type MockResponse, type Reception } from "./core/protocol/message.js";

/** The body, read no further than `cap` bytes (a client may announce or send any size). */
async function readBody(request: Request, cap: number): Promise<Uint8Array | typeof BODY_TOO_LARGE> {
  const announced = Number(request.headers.get("content-length") ?? Number.NaN);
  if (announced > cap) return BODY_TOO_LARGE;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      // Not awaited: an interceptor's stream may settle its cancel only when the exchange ends.
      reader.cancel().catch(() => undefined);
      return BODY_TOO_LARGE;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The headers hyper adds to dropshot's on the wire, as far as a fetch `Response` holds them: `date` (wall
 * clock, as upstream's test client checks it) and `content-length` of a body. Nothing else: no keep-alive.
 */
export function wireHeaders(response: MockResponse): Record<string, string> {
  const headers: Record<string, string> = { ...response.headers, date: new Date().toUTCString() };
  if (response.body !== null) headers["content-length"] = String(new TextEncoder().encode(response.body).byteLength);
  return headers;
}

/** The body for `complete`; when it cannot be read (the request was aborted), the core is told and the error goes on. */
async function bodyOf(request: Request, reception: Extract<Reception, { kind: "body" }>): Promise<Uint8Array | typeof BODY_TOO_LARGE> {
  try {
    return await readBody(request, reception.cap);
  } catch (error) {
    reception.abandon();
    throw error;
  }
}

/** The core's answer to `request`, its body read within the core's cap; `caller` as the adapter decided it. */
export async function answerFromCore(mock: MockCore, request: Request, caller?: CallerIdentity): Promise<MockResponse> {
  const head = { method: request.method, url: request.url, headers: request.headers };
  const reception = mock.receive(head, caller);
  return reception.kind === "answer" ? reception.response : reception.complete(await bodyOf(request, reception));
}

/** A fetch over the core: a network fault is a rejected fetch, as a browser's would be. */
export function coreFetch(mock: MockCore): (input: string, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const response = await answerFromCore(mock, new Request(input, init));
    if (isNetworkFailure(response)) throw new TypeError("Failed to fetch (a network fault of the mock)");
    return new Response(response.body, { status: response.status, headers: wireHeaders(response) });
  };
}
