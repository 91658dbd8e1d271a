/**
 * The CORS headers a browser client needs, for every transport (the standalone server, MSW's handlers):
 * which origin may read, what it may read (`x-request-id`), and what a preflight may ask for.
 */
import { SESSION_HEADER } from "./core/sessions/store.js";

/** What a preflight is told when it names no headers: every header our client and the devtools page send. */
const CORS_ALLOW_HEADERS = `content-type, api-version, authorization, ${SESSION_HEADER}`;

/**
 * Headers for an answer to a request from `allowOrigin` (an origin, or `*`); with `preflight`, those of
 * an `OPTIONS` answer, granting the headers the preflight asked for (`requestedHeaders`).
 */
export function corsHeaders(allowOrigin: string, preflight: boolean, requestedHeaders: string | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    "access-control-allow-origin": allowOrigin,
    "access-control-expose-headers": "x-request-id",
  };
  if (allowOrigin !== "*") headers.vary = "Origin";
  if (preflight) {
    headers["access-control-allow-methods"] = "GET, PUT, POST, DELETE, OPTIONS";
    headers["access-control-allow-headers"] = requestedHeaders ?? CORS_ALLOW_HEADERS;
    headers["access-control-max-age"] = "600";
  }
  return headers;
}
