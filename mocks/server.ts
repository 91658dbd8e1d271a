/**
 * The standalone mock server: the mock core on a bare `node:http` server (no MSW in the request path,
 * which would cap it near 4.5k req/s), with CORS, per-request logging and an optional planner clock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMockCore, type MockCore, type MockOptions } from "./core/mock.js";
import { BODY_TOO_LARGE, type MockHeaders, type MockResponse, type Reception } from "./core/http/message.js";
import { SESSION_HEADER } from "./core/sessions/store.js";

export interface MockServerOptions extends MockOptions {
  readonly port?: number;
  readonly host?: string;
  /** Run one planner step in every session this often; without it the rack moves only on `/__mock/advance`. */
  readonly advanceEveryMs?: number;
  /** Allowed browser origin (`*` for any); without it no CORS headers are sent. */
  readonly cors?: string;
  /** One line per request; default: nothing. */
  readonly log?: (line: string) => void;
  /** Serve this core instead of creating one. */
  readonly core?: MockCore;
}

export interface RunningMockServer {
  readonly url: string;
  readonly port: number;
  readonly core: MockCore;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 12220;
export const DEFAULT_HOST = "127.0.0.1";

const CORS_ALLOW_HEADERS = `content-type, api-version, authorization, ${SESSION_HEADER}`;

/**
 * Header lookup straight from the parser's `rawHeaders` (name, value, name, value, ...): reading
 * `request.headers` would make node build a whole header object per request for the four the core
 * reads. Duplicates follow node's rules for the headers the core reads: the first `content-type` or
 * `authorization` wins, other repeats are joined with ", ". A class, so no closure per request.
 */
class RawHeaders implements MockHeaders {
  constructor(private readonly raw: readonly string[]) {}
  get(name: string): string | null {
    const wanted = name.toLowerCase();
    const firstWins = wanted === "content-type" || wanted === "authorization";
    let found: string | null = null;
    for (let i = 0; i < this.raw.length; i += 2) {
      const key = this.raw[i] as string;
      if (key.length !== wanted.length || (key !== wanted && key.toLowerCase() !== wanted)) continue;
      const value = this.raw[i + 1] as string;
      if (found === null) found = value;
      else if (firstWins) break;
      else found = `${found}, ${value}`;
    }
    return found;
  }
}

/** How much of a body over its cap the server reads and discards before answering (see `onBodyData`). */
const MAX_DRAIN_BYTES = 16 * 1_048_576;

/**
 * One request in flight. Kept on the request object, so the body listeners are shared functions rather
 * than closures made per request (the hot path of a server meant to do tens of thousands a second).
 */
interface Exchange {
  readonly response: ServerResponse;
  readonly started: number;
  readonly cap: number;
  readonly complete: Extract<Reception, { kind: "body" }>["complete"];
  readonly chunks: Buffer[];
  /** Bytes seen; the chunks hold them while they fit the cap. */
  size: number;
  done: boolean;
}

const EXCHANGE = Symbol("system-update.exchange");
type Carrier = IncomingMessage & { [EXCHANGE]?: Exchange };

/** The first `limit` bytes of the chunks. */
function bytesOf(chunks: readonly Buffer[], limit: number): Uint8Array {
  const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, Math.min(all.byteLength, limit));
}

function corsHeaders(origin: string, request: IncomingMessage): Record<string, string> {
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

export async function startMockServer(options: MockServerOptions = {}): Promise<RunningMockServer> {
  const core = options.core ?? createMockCore(options);
  const { log, cors } = options;

  function send(request: IncomingMessage, response: ServerResponse, answer: MockResponse, started: number, closeAfter: boolean): void {
    // A flat [name, value, ...] list: node copies no object, and a known length lets it write head and
    // body in one go (chunked encoding costs a writev per answer).
    const headers: string[] = [];
    for (const name in answer.headers) headers.push(name, answer.headers[name] as string);
    if (answer.body !== null) headers.push("content-length", String(Buffer.byteLength(answer.body)));
    if (cors !== undefined) for (const [name, value] of Object.entries(corsHeaders(cors, request))) headers.push(name, value);
    if (closeAfter) headers.push("connection", "close");
    response.writeHead(answer.status, headers);
    response.end(answer.body ?? undefined);
    if (log) {
      const session = request.headers[SESSION_HEADER];
      const ms = (performance.now() - started).toFixed(2);
      log(`${request.method} ${request.url} ${answer.status} ${ms}ms${session ? ` session=${String(session)}` : ""}`);
    }
  }

  function deliver(
    request: IncomingMessage,
    response: ServerResponse,
    answer: MockResponse | Promise<MockResponse>,
    started: number,
    closeAfter: boolean,
  ): void {
    if (answer instanceof Promise) {
      answer.then(
        (value) => send(request, response, value, started, closeAfter),
        () => response.destroy(),
      );
    } else {
      send(request, response, answer, started, closeAfter);
    }
  }

  /**
   * Keeps at most `cap` bytes (the core announced the cap after deciding on the head). Past the cap the
   * rest is read and discarded (up to MAX_DRAIN_BYTES) before anyone answers: closing a socket with unread
   * input makes the kernel send a reset, which can destroy the 400 before the client reads it.
   */
  function onBodyData(this: Carrier, chunk: Buffer): void {
    const exchange = this[EXCHANGE];
    if (!exchange || exchange.done) return;
    exchange.size += chunk.byteLength;
    if (exchange.size <= exchange.cap) {
      exchange.chunks.push(chunk);
    }
    if (exchange.size > exchange.cap + MAX_DRAIN_BYTES) {
      exchange.done = true;
      this.pause();
      finishBody(this, exchange, false);
    }
  }

  function onBodyEnd(this: Carrier): void {
    const exchange = this[EXCHANGE];
    if (!exchange || exchange.done) return;
    exchange.done = true;
    finishBody(this, exchange, true);
  }

  /** "close" before "end": the client went away mid-body. It gets nothing, and nothing of its body counts. */
  function onBodyClose(this: Carrier): void {
    const exchange = this[EXCHANGE];
    if (!exchange || exchange.done) return;
    exchange.done = true;
    // A prefix can be valid JSON (dropshot ignores what follows a complete value): never hand it on.
    log?.(`${this.method} ${this.url} aborted: the client closed the connection mid-body`);
  }

  function finishBody(request: IncomingMessage, exchange: Exchange, drained: boolean): void {
    const fits = exchange.size <= exchange.cap;
    const answer = exchange.complete(fits ? bytesOf(exchange.chunks, exchange.size) : BODY_TOO_LARGE);
    deliver(request, exchange.response, answer, exchange.started, !drained);
  }

  const server = createServer((request: Carrier, response) => {
    const started = log ? performance.now() : 0;
    if (cors !== undefined && request.method === "OPTIONS") {
      send(request, response, { status: 204, headers: {}, body: null }, started, false);
      request.resume();
      return;
    }
    const reception = core.receive({
      method: request.method ?? "GET",
      url: request.url ?? "/",
      headers: new RawHeaders(request.rawHeaders),
    });
    if (reception.kind === "answer") {
      request.resume();
      deliver(request, response, reception.response, started, false);
      return;
    }
    const exchange: Exchange = { response, started, cap: reception.cap, complete: reception.complete, chunks: [], size: 0, done: false };
    request[EXCHANGE] = exchange;
    request.on("data", onBodyData);
    request.on("end", onBodyEnd);
    request.on("close", onBodyClose);
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const timer =
    options.advanceEveryMs === undefined
      ? undefined
      : setInterval(() => {
          // A bug in the planner must not take the server down with it.
          try {
            core.tick();
          } catch (error) {
            console.error("system-update mock: planner step failed", error);
          }
        }, options.advanceEveryMs);
  timer?.unref();

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    core,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
