/**
 * What the standalone server does with connections that go wrong before a request reaches the core:
 * parser errors, slow clients and oversized header sets. Every such connection gets one short answer and
 * is destroyed (never merely half-closed, which would keep its file descriptor until the client leaves).
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** Most header fields in a request: hyper's default, which refuses more with 431 (upstream's server). */
export const MAX_HEADER_FIELDS = 100;

export interface ConnectionTimeouts {
  /** Time to receive a request's headers; slower clients get 408 and lose the connection (default 15 s). */
  readonly headersMs?: number;
  /** Time to receive a whole request, body included (default 120 s). */
  readonly requestMs?: number;
  /** An idle keep-alive connection is closed after this (default 5 s, node's own). */
  readonly keepAliveMs?: number;
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  408: "Request Timeout",
  413: "Payload Too Large",
  431: "Request Header Fields Too Large",
};

/** The status of a parser or timeout error, as node's own default handler would choose it. */
function statusOf(error: Error & { code?: string }): number {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return 431;
    case "ERR_HTTP_REQUEST_TIMEOUT":
    case "HPE_HEADER_TIMEOUT":
      return 408;
    default:
      return 400;
  }
}

/** A bodyless answer on the raw connection, then the connection's end, whatever the client does. */
function refuseAndClose(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), 1000);
  timer.unref();
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? "Bad Request"}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`, () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
}

/** Requests not yet answered, per connection: a parser error on a later pipelined request waits for them. */
const inFlight = new WeakMap<Duplex, Set<Exchange>>();

/** Remembers a request until its answer is written, so a parser error after it cannot drop that answer. */
export function track(request: IncomingMessage, response: ServerResponse): void {
  const socket = response.socket;
  if (!socket) return;
  let pending = inFlight.get(socket);
  if (!pending) inFlight.set(socket, (pending = new Set()));
  const exchange = { request, response };
  pending.add(exchange);
  response.once("close", () => pending.delete(exchange));
}

/** The `clientError` handler: answers what was applied earlier on the connection first, then refuses and closes. */
function onClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || error.code === "EPIPE") {
    socket.destroy();
    return;
  }
  const status = statusOf(error);
  // A valid request before the bad one, received whole (`complete` is set as the parser finishes it, even
  // when its "end" event is still to come), is being applied: its answer goes out first. A request that is
  // not complete is the broken one itself, and gets no answer of its own.
  const applied = [...(inFlight.get(socket) ?? [])].filter((exchange) => exchange.request.complete);
  if (applied.length === 0) {
    refuseAndClose(socket, status);
    return;
  }
  let waiting = applied.length;
  for (const { response } of applied) {
    response.once("close", () => {
      waiting -= 1;
      if (waiting === 0) refuseAndClose(socket, status);
    });
  }
}

/** Installs the protections on a server: timeouts, no silent header truncation, the error handler. */
export function protectConnections(server: Server, timeouts: ConnectionTimeouts = {}): void {
  server.headersTimeout = timeouts.headersMs ?? 15_000;
  server.requestTimeout = timeouts.requestMs ?? 120_000;
  server.keepAliveTimeout = timeouts.keepAliveMs ?? 5_000;
  // Node would drop header fields past its count silently; refuse oversized sets instead (see tooManyHeaders).
  server.maxHeadersCount = 0;
  server.on("clientError", onClientError);
}

/** Whether a request has more header fields than upstream's server accepts. */
export function tooManyHeaders(request: IncomingMessage): boolean {
  return request.rawHeaders.length > 2 * MAX_HEADER_FIELDS;
}

/** Refuses a request on an open connection (no body read) and closes it once the answer is out. */
export function refuseRequest(response: ServerResponse, status: number): void {
  response.writeHead(status, REASONS[status] ?? "Bad Request", { "content-length": "0", connection: "close" });
  response.end();
}
