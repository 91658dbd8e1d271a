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
  /**
   * An idle keep-alive connection is closed after this (default 5 s, node's own). The mock times it itself:
   * node's `keepAliveTimeout` would also announce it in a `Keep-Alive` header, which hyper never sends.
   */
  readonly keepAliveMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<ConnectionTimeouts> = { headersMs: 15_000, requestMs: 120_000, keepAliveMs: 5_000 };

/** The command-line flag of each timeout (`system-update mock`). */
export const TIMEOUT_FLAGS: { readonly [K in keyof ConnectionTimeouts]-?: string } = {
  headersMs: "--headers-timeout-ms",
  requestMs: "--request-timeout-ms",
  keepAliveMs: "--keep-alive-timeout-ms",
};

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

/** A short answer on the raw connection (a text body when there is something to say), then the connection's end. */
function refuseAndClose(socket: Duplex, status: number, text = ""): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), 1000);
  timer.unref();
  const body = Buffer.from(text);
  const type = text === "" ? "" : "content-type: text/plain; charset=utf-8\r\n";
  // hyper's automatic answer to a parse error carries its date too.
  const date = `date: ${new Date().toUTCString()}\r\n`;
  const head = `HTTP/1.1 ${status} ${REASONS[status] ?? "Bad Request"}\r\n${type}content-length: ${body.byteLength}\r\nconnection: close\r\n${date}\r\n`;
  socket.end(Buffer.concat([Buffer.from(head), body]), () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

/**
 * Which timeout a 408 comes from, named with its flag (the mock's own limit: upstream's server has others).
 * Node reports both as ERR_HTTP_REQUEST_TIMEOUT; a request whose headers arrived is the one being timed.
 */
function timeoutText(headersArrived: boolean, timeouts: Required<ConnectionTimeouts>): string {
  const key = headersArrived ? "requestMs" : "headersMs";
  const what = headersArrived ? "the request" : "the request's headers";
  return `${what} took longer than the mock's limit ${key} of ${timeouts[key]} ms (raise it with ${TIMEOUT_FLAGS[key]} or the timeouts option)\n`;
}

/** Connections whose idle timer runs (cleared only then: a timer change costs more than this check). */
const idleTimed = new WeakSet<Duplex>();

/** Answers not yet written, per connection: a parser error on a later pipelined request waits for them. */
const inFlight = new WeakMap<Duplex, ServerResponse[]>();

const unwritten = (response: ServerResponse): boolean => !response.writableFinished && !response.destroyed;

/**
 * Remembers a request's answer until it is written, so a parser error after it cannot drop that answer,
 * and times the connection's idleness: none while a request is in hand, the keep-alive limit once the
 * last pipelined answer is out. Written answers leave the list when the connection's next request comes,
 * so a keep-alive connection's list holds only its pipelined requests.
 */
export function track(response: ServerResponse, idleMs: number): void {
  const socket = response.socket;
  if (!socket) return;
  if (idleTimed.has(socket)) {
    idleTimed.delete(socket);
    socket.setTimeout(0);
  }
  // `response.socket` is already detached when "finish" comes: keep the socket here.
  response.once("finish", () => {
    if (socket.destroyed || (inFlight.get(socket) ?? []).some(unwritten)) return;
    socket.setTimeout(idleMs);
    idleTimed.add(socket);
  });
  const pending = inFlight.get(socket);
  if (pending === undefined) {
    inFlight.set(socket, [response]);
    return;
  }
  let kept = 0;
  for (const earlier of pending) if (unwritten(earlier)) pending[kept++] = earlier;
  pending.length = kept;
  pending.push(response);
}

/** The `clientError` handler: answers what was applied earlier on the connection first, then refuses and closes. */
function clientErrorHandler(timeouts: Required<ConnectionTimeouts>) {
  return (error: Error & { code?: string }, socket: Duplex): void => {
    if (error.code === "ECONNRESET" || error.code === "EPIPE") {
      socket.destroy();
      return;
    }
    const status = statusOf(error);
    const pending = (inFlight.get(socket) ?? []).filter(unwritten);
    const text =
      status === 408
        ? timeoutText(
            pending.some((response) => !response.req.complete),
            timeouts,
          )
        : "";
    // A valid request before the bad one, received whole (`complete` is set as the parser finishes it, even
    // when its "end" event is still to come), is being applied: its answer goes out first. A request that is
    // not complete is the broken one itself, and gets no answer of its own.
    const applied = pending.filter((response) => response.req.complete);
    if (applied.length === 0) {
      refuseAndClose(socket, status, text);
      return;
    }
    let waiting = applied.length;
    for (const response of applied) {
      response.once("close", () => {
        waiting -= 1;
        if (waiting === 0) refuseAndClose(socket, status, text);
      });
    }
  };
}

/** The timeouts with defaults filled in; a value that is not a whole number of milliseconds >= 1 is refused. */
export function resolveTimeouts(overrides: ConnectionTimeouts = {}): Required<ConnectionTimeouts> {
  const timeouts = { ...DEFAULT_TIMEOUTS };
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as (keyof ConnectionTimeouts)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`timeout ${key} must be a whole number of milliseconds >= 1, got ${String(value)}`);
    timeouts[key] = value;
  }
  return timeouts;
}

/**
 * Installs the protections on a server: timeouts, no silent header truncation, the error handler. Returns
 * the timeouts in force; the request handler passes `keepAliveMs` to `track`.
 */
export function protectConnections(server: Server, overrides: ConnectionTimeouts = {}): Required<ConnectionTimeouts> {
  const timeouts = resolveTimeouts(overrides);
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  // Node's own keep-alive timer is off (it writes `Keep-Alive: timeout=N` on every answer); `track` times
  // idle connections instead, and node closes a socket whose timeout fires when nothing else listens.
  server.keepAliveTimeout = 0;
  // Node would drop header fields past its count silently; refuse oversized sets instead (see tooManyHeaders).
  server.maxHeadersCount = 0;
  server.on("clientError", clientErrorHandler(timeouts));
  return timeouts;
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
