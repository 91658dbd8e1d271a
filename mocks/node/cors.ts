/** CORS for the standalone server: one allowed origin (or `*`), and the headers a browser client needs. */
import type { IncomingMessage } from "node:http";
import { SESSION_HEADER } from "../core/sessions/store.js";

const CORS_ALLOW_HEADERS = `content-type, api-version, authorization, ${SESSION_HEADER}`;

export function corsHeaders(origin: string, request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": "x-request-id",
  };
  if (origin !== "*") headers.vary = "Origin";
  if (request.method === "OPTIONS") {
    headers["access-control-allow-methods"] = "GET, PUT, POST, DELETE, OPTIONS";
    headers["access-control-allow-headers"] = request.headers["access-control-request-headers"] ?? CORS_ALLOW_HEADERS;
    headers["access-control-max-age"] = "600";
  }
  return headers;
}
