/** The framework-free request and response the mock core speaks; adapters convert to and from them. */

export interface MockHeaders {
  /** Case-insensitive lookup, as `Headers#get`: null when absent. */
  get(name: string): string | null;
}

/** A request before its body: what the core decides on first (see `Reception`). */
export interface RequestHead {
  readonly method: string;
  /** The request target: origin-form (`/v1/...?limit=2`) or absolute-form (`http://rack.test/v1/...`). */
  readonly url: string;
  readonly headers: MockHeaders;
}

export interface MockRequest extends RequestHead {
  /** Raw body bytes; null or empty when there is none. */
  readonly body: Uint8Array | null;
}

export interface MockResponse {
  /** The HTTP status; 0 means the connection fails and no answer comes (see `NETWORK_FAILURE`). */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** null for an empty body (204). */
  readonly body: string | null;
}

/**
 * No answer: the connection fails (status 0, as fetch's `Response.error()`). MSW answers it with
 * `HttpResponse.error()`; the standalone server destroys the socket. Clients see a network error.
 */
export const NETWORK_FAILURE: MockResponse = Object.freeze({ status: 0, headers: Object.freeze({}), body: null });

/** What the core gives for a request: a response now, or one that settles later (latency, an upload being read). */
export type Answer = MockResponse | Promise<MockResponse>;

export const isNetworkFailure = (response: MockResponse): boolean => response.status === 0;

/** Passed to `Reception.complete` instead of bytes when the body went over the announced cap. */
export const BODY_TOO_LARGE: unique symbol = Symbol("system-update.body-too-large");

/**
 * The core's answer to a request head. Upstream decides some requests before reading the body (a bad
 * `api-version`, no route, an upload by a caller without a fleet role); those come back as `answer`, and
 * the adapter must not read the body. Otherwise the adapter reads at most `cap` bytes and calls
 * `complete` with them (or with `BODY_TOO_LARGE`, and stops reading).
 */
export type Reception =
  | { readonly kind: "answer"; readonly response: Answer }
  | {
      readonly kind: "body";
      /** The most body bytes the operation accepts (dropshot's per-endpoint cap). */
      readonly cap: number;
      complete(body: Uint8Array | typeof BODY_TOO_LARGE): Answer;
      /** The body will never come (the client went away): what the core set aside for the request is freed. */
      abandon(): void;
    };

/** Headers from a plain record (keys in any case). */
export function headersFrom(record: Readonly<Record<string, string | undefined>>): MockHeaders {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(record)) if (value !== undefined) lower.set(name.toLowerCase(), value);
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}
