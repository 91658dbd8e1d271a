/**
 * The standalone mock server: the mock core on a bare `node:http` server (no MSW in the request path,
 * which would cap it near 4.5k req/s), with CORS, per-request logging and an optional planner clock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONTROL_PREFIX, createMockCore, type MockCore, type MockOptions } from "./core/mock.js";
import { MAX_JSON_BODY_BYTES, MAX_UPLOAD_BODY_BYTES } from "./core/dispatch.js";
import type { MockHeaders, MockResponse } from "./core/http.js";

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

const UPLOAD_PATH = "/v1/system/update/repositories";
const CORS_ALLOW_HEADERS = "content-type, api-version, authorization, x-mock-session";

/** Node lower-cases header names; joined values as a fetch `Headers` would give them. */
function headersOf(request: IncomingMessage): MockHeaders {
  const raw = request.headers;
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** The body cap of the endpoint a request is for: dropshot applies it per endpoint. */
function bodyCap(request: IncomingMessage): number {
  const url = request.url ?? "";
  const path = url.split("?", 1)[0];
  return request.method === "PUT" && path === UPLOAD_PATH ? MAX_UPLOAD_BODY_BYTES : MAX_JSON_BODY_BYTES;
}

type BodyRead = { readonly bytes: Uint8Array; readonly complete: boolean };

/**
 * Reads the body, stopping one byte past the cap: the core then answers the size error in upstream's
 * words and in upstream's order (a bad api-version or route still wins).
 */
function readBody(request: IncomingMessage, cap: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (complete: boolean) => {
      if (done) return;
      done = true;
      const all = Buffer.concat(chunks);
      resolve({ bytes: new Uint8Array(all.buffer, all.byteOffset, Math.min(all.byteLength, cap + 1)), complete });
    };
    request.on("data", (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > cap) {
        request.pause();
        finish(false);
      }
    });
    request.on("end", () => finish(true));
    request.on("error", () => finish(false));
    request.on("aborted", () => finish(false));
  });
}

function corsHeaders(origin: string | undefined, request: IncomingMessage): Record<string, string> {
  if (origin === undefined) return {};
  const allowed = origin === "*" ? "*" : origin;
  const headers: Record<string, string> = {
    "access-control-allow-origin": allowed,
    "access-control-expose-headers": "x-request-id",
  };
  if (allowed !== "*") headers.vary = "Origin";
  if (request.method === "OPTIONS") {
    headers["access-control-allow-methods"] = "GET, PUT, POST, DELETE, OPTIONS";
    headers["access-control-allow-headers"] = request.headers["access-control-request-headers"] ?? CORS_ALLOW_HEADERS;
    headers["access-control-max-age"] = "600";
  }
  return headers;
}

export async function startMockServer(options: MockServerOptions = {}): Promise<RunningMockServer> {
  const core = options.core ?? createMockCore(options);
  const log = options.log;

  const send = (request: IncomingMessage, response: ServerResponse, answer: MockResponse, started: number, closeAfter: boolean) => {
    const headers: Record<string, string> = { ...answer.headers, ...corsHeaders(options.cors, request) };
    if (closeAfter) headers.connection = "close";
    response.writeHead(answer.status, headers);
    response.end(answer.body ?? undefined);
    if (log) {
      const session = request.headers["x-mock-session"];
      const ms = (performance.now() - started).toFixed(2);
      log(`${request.method} ${request.url} ${answer.status} ${ms}ms${session ? ` session=${String(session)}` : ""}`);
    }
  };

  const server = createServer((request, response) => {
    const started = log ? performance.now() : 0;
    if (options.cors !== undefined && request.method === "OPTIONS") {
      send(request, response, { status: 204, headers: {}, body: null }, started, false);
      request.resume();
      return;
    }
    const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.method !== "DELETE";
    const handle = (body: Uint8Array | null, complete: boolean) => {
      const answer = core.handle({ method: request.method ?? "GET", url: request.url ?? "/", headers: headersOf(request), body });
      if (answer instanceof Promise) {
        answer.then((value) => send(request, response, value, started, !complete), () => response.destroy());
      } else {
        send(request, response, answer, started, !complete);
      }
    };
    if (!hasBody) {
      request.resume();
      handle(null, true);
      return;
    }
    void readBody(request, bodyCap(request)).then(({ bytes, complete }) => {
      // A client that went away mid-body gets nothing; the rack state is untouched.
      if (!complete && request.destroyed && response.destroyed) return;
      handle(bytes, complete);
    });
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
          for (const name of core.sessionNames()) core.advance({ steps: 1 }, name);
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

export { CONTROL_PREFIX };
