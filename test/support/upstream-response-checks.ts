/**
 * The checks upstream's Nexus test client makes on every response (omicron
 * `nexus/test-utils/src/http_testing.rs`, `RequestBuilder::execute`), so our tests hold the mock to the same
 * bar: only the allowed header names, a `Date` within a second of the request, an `x-request-id`, an empty
 * 204 body, and an error body (dropshot's `HttpErrorResponseBody`) whose `request_id` equals the header.
 * Each failure throws with upstream's own wording.
 */

/** The header names upstream's test client accepts on a response (any other fails the test). */
export const UPSTREAM_ALLOWED_HEADERS: readonly string[] = [
  "connection",
  "content-encoding",
  "content-length",
  "content-type",
  "date",
  "location",
  "set-cookie",
  "transfer-encoding",
  "vary",
  "x-request-id",
];

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Headers | Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  readonly bodyText: string;
}

export interface UpstreamCheckOptions {
  /** The request's method: upstream reads no error body for HEAD. */
  readonly method?: string;
  /**
   * When the request was sent and its answer read (ms since the epoch). Upstream allows the `Date` one second
   * either side of that window (its precision is a second). Without it the window ends now and starts 60 s ago.
   */
  readonly window?: { readonly sentMs: number; readonly receivedMs: number };
  /** Names allowed beyond upstream's list, for what a test deliberately turned on (e.g. CORS). */
  readonly extraAllowedHeaders?: readonly string[];
}

function headerEntries(headers: UpstreamResponse["headers"]): [string, string][] {
  if (headers instanceof Headers || headers instanceof Map)
    return [...headers.entries()].map(([name, value]) => [name.toLowerCase(), value]);
  return Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]);
}

function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless `response` passes every check upstream's `RequestBuilder::execute` makes. */
export function assertUpstreamResponse(response: UpstreamResponse, options: UpstreamCheckOptions = {}): void {
  const entries = headerEntries(response.headers);
  const header = (name: string): string | undefined => entries.find(([key]) => key === name)?.[1];
  const allowed = new Set([...UPSTREAM_ALLOWED_HEADERS, ...(options.extraAllowedHeaders ?? []).map((name) => name.toLowerCase())]);
  for (const [name] of entries) {
    // Dropshot's 405 answers carry `allow` (RFC 9110); upstream expects it with that status.
    const allowOn405 = response.status === 405 && name === "allow";
    ensure(allowed.has(name) || allowOn405, `response contained unexpected header ${JSON.stringify(name)}`);
  }

  const date = header("date");
  ensure(date !== undefined, "missing Date header in response");
  // RFC 2822 as chrono reads it; `Date.parse` takes the IMF-fixdate every server writes, and more.
  const dateSeconds = Math.floor(Date.parse(date) / 1000);
  ensure(
    Number.isFinite(dateSeconds) && /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(date),
    `parsing server's Date header: ${date}`,
  );
  const now = Date.now();
  const window = options.window ?? { sentMs: now - 60_000, receivedMs: now };
  ensure(dateSeconds >= Math.floor(window.sentMs / 1000) - 1, "Date header was too early");
  ensure(dateSeconds <= Math.floor(window.receivedMs / 1000) + 1, "Date header was too late");

  const requestId = header("x-request-id");
  ensure(requestId !== undefined, "missing request id header");

  if (response.status === 204) ensure(response.bodyText === "", "expected empty response for 204 status code");

  if (response.status >= 400 && response.status < 600 && options.method?.toUpperCase() !== "HEAD") {
    let body: unknown;
    try {
      body = JSON.parse(response.bodyText);
    } catch (error) {
      throw new Error(`parsing error body: ${String(error)}`);
    }
    // `HttpErrorResponseBody { request_id: String, error_code: Option<String>, message: String }`.
    const fields = typeof body === "object" && body !== null && !Array.isArray(body) ? new Map(Object.entries(body)) : undefined;
    ensure(fields !== undefined, "parsing error body: not an object");
    const code = fields.get("error_code");
    ensure(typeof fields.get("message") === "string", "parsing error body: missing field `message`");
    ensure(code === undefined || code === null || typeof code === "string", "parsing error body: error_code is not a string");
    const bodyId = fields.get("request_id");
    ensure(typeof bodyId === "string", "parsing error body: missing field `request_id`");
    ensure(
      bodyId === requestId,
      `expected error response body to have request id ${JSON.stringify(requestId)} (to match request-id header), but found ${JSON.stringify(bodyId)}`,
    );
  }
}
