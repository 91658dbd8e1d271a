/**
 * CORS for the standalone server: the origins `--cors` allows (or `*`), each loopback origin with its
 * twins, and the headers of an answer to one request.
 */
import type { IncomingMessage } from "node:http";
import { isLoopbackHost } from "../cli/loopback.js";
import { corsHeaders } from "../cors.js";

/** The names a loopback host goes by: a page on `127.0.0.1:5173` is the same dev server as `localhost:5173`. */
const LOOPBACK_TWINS = ["localhost", "127.0.0.1", "[::1]"];

/** Whether `text` is an origin: http(s), host, optional port, nothing more (`new URL(text).origin === text`). */
export function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}

/** What an allowed origin must look like, for the messages refusing one. */
export const ORIGIN_FORM = '"*" or an origin such as http://localhost:5173 (scheme, host, optional port; no path)';

/** The origins `allowed` lets read, as a set: each loopback origin with its twins (same scheme and port). */
export function allowedOrigins(allowed: readonly string[]): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const origin of allowed) {
    origins.add(origin);
    if (origin === "*") continue;
    if (!isOrigin(origin)) throw new TypeError(`startMockServer: cors must list ${ORIGIN_FORM}, got ${JSON.stringify(origin)}`);
    const url = new URL(origin);
    if (!isLoopbackHost(url.hostname)) continue;
    for (const host of LOOPBACK_TWINS) origins.add(`${url.protocol}//${host}${url.port === "" ? "" : `:${url.port}`}`);
  }
  return origins;
}

/**
 * The CORS headers for `request`: `*`, or its own `Origin` when that is allowed. An origin not allowed gets
 * none, so the browser keeps the answer from the page (the server still answers: CORS is the browser's).
 */
export function corsHeadersFor(origins: ReadonlySet<string>, request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  const allow = origins.has("*") ? "*" : origin !== undefined && origins.has(origin) ? origin : undefined;
  if (allow === undefined) return {};
  return corsHeaders(allow, request.method === "OPTIONS", request.headers["access-control-request-headers"]);
}
