/**
 * Errors the client returns (result style) or throws (throwing style). Every non-2xx answer is an
 * `ApiError`, even with an empty or non-JSON body; target-release refusals also carry a parsed `refusal`.
 */
import { parseRefusal, type TargetReleaseRefusal } from "../rules/refusals.js";

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly kind = "api" as const;
  /** HTTP status. */
  readonly status: number;
  /** The server's `error_code` (absent for dropshot's own 400/404/405 answers). */
  readonly errorCode: string | undefined;
  /** The server's request id (`request_id` of the body, else the `x-request-id` header). */
  readonly requestId: string | undefined;
  /** The body as received, for answers that are not the Error shape. */
  readonly body: string;
  /** Set when this is a refusal to change the target release (both PUTs). */
  readonly refusal: TargetReleaseRefusal | undefined;

  constructor(init: { status: number; errorCode?: string | undefined; message: string; requestId?: string | undefined; body: string }) {
    super(init.message);
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.requestId = init.requestId;
    this.body = init.body;
    this.refusal = parseRefusal(init.status, init.errorCode, init.message);
  }
}

/**
 * What to check when fetch fails in a page. A browser says only "Failed to fetch" (Chromium), "NetworkError
 * when attempting to fetch resource." (Firefox) or "Load failed" (Safari), CORS refusals included.
 */
const BROWSER_HINT =
  "; in a browser this is often CORS: the API must allow this page's origin (system-update mock --cors <origin>), or serve it from the page's origin (a dev-server proxy)";

const inPage = (): boolean => typeof (globalThis as { document?: unknown }).document === "object";

/** The request never got an answer (connection refused, DNS, abort, CORS in a browser). */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
  readonly kind = "network" as const;
  constructor(override readonly cause: unknown) {
    const hint = inPage() && cause instanceof TypeError ? BROWSER_HINT : "";
    super(`request failed before any answer: ${cause instanceof Error ? cause.message : String(cause)}${hint}`);
  }
}

export type ClientError = ApiError | NetworkError;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Builds the ApiError for a non-2xx response from its body text. */
export function apiErrorFrom(response: Response, text: string): ApiError {
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const headerId = response.headers.get("x-request-id") ?? undefined;
  if (isRecord(parsed) && typeof parsed.message === "string") {
    return new ApiError({
      status: response.status,
      errorCode: typeof parsed.error_code === "string" ? parsed.error_code : undefined,
      message: parsed.message,
      requestId: typeof parsed.request_id === "string" ? parsed.request_id : headerId,
      body: text,
    });
  }
  const summary = text.trim() === "" ? "(empty body)" : text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new ApiError({
    status: response.status,
    message: `HTTP ${[response.status, response.statusText].filter((part) => part !== "").join(" ")}: ${summary}`,
    requestId: headerId,
    body: text,
  });
}
