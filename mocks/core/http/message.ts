/** The framework-free request and response the mock core speaks; adapters convert to and from them. */

export interface MockHeaders {
  /** Case-insensitive lookup, as `Headers#get`: null when absent. */
  get(name: string): string | null;
}

export interface MockRequest {
  readonly method: string;
  /** Path and query, e.g. `/v1/system/update/repositories?limit=2` (an absolute URL is accepted too). */
  readonly url: string;
  readonly headers: MockHeaders;
  /** Raw body bytes; null or empty when there is none. */
  readonly body: Uint8Array | null;
}

export interface MockResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** null for an empty body (204). */
  readonly body: string | null;
}

/** Headers from a plain record (keys in any case). */
export function headersFrom(record: Readonly<Record<string, string | undefined>>): MockHeaders {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(record)) if (value !== undefined) lower.set(name.toLowerCase(), value);
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}
