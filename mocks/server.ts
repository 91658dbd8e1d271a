/**
 * `system-update/mocks/server`: the mock core on a bare `node:http` server (no MSW in the request path,
 * which would cap it near 4.5k req/s), with CORS, per-request logging, an optional planner clock, and
 * protection against slow, malformed and oversized requests (docs/design.md, "Standalone server").
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMockCore, type MockCore, type MockOptions } from "./core/mock.js";
import { internalError } from "./core/dropshot/errors.js";
import { BODY_TOO_LARGE, isNetworkFailure, type MockResponse } from "./core/http/message.js";
import { SESSION_HEADER } from "./core/sessions/store.js";
import { MAX_DRAIN_BYTES, declaredLength, readBody } from "./node/body.js";
import { adjustableClock } from "./devtools/clock.js";
import { protectConnections, refuseRequest, tooManyHeaders, track, type ConnectionTimeouts } from "./node/connections.js";
import { corsHeaders } from "./node/cors.js";
import { createDevtoolsRoutes, type DevtoolsReply } from "./node/devtools.js";
import type { EventStreamOptions } from "./node/events.js";
import { RawHeaders } from "./node/raw-headers.js";

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
  /** How long slow clients may take before their connection is closed. */
  readonly timeouts?: ConnectionTimeouts;
  /** The live-update channel of the devtools page (`GET /__mock/events`): how many streams at once, how often a heartbeat. */
  readonly eventStreams?: EventStreamOptions;
}

export interface RunningMockServer {
  readonly url: string;
  readonly port: number;
  readonly core: MockCore;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 12220;
export const DEFAULT_HOST = "127.0.0.1";

/** Whether a request announces a body (a length above zero, or chunked). */
const hasBody = (request: IncomingMessage): boolean => (declaredLength(request) ?? (request.headers["transfer-encoding"] ? 1 : 0)) > 0;

export async function startMockServer(options: MockServerOptions = {}): Promise<RunningMockServer> {
  const core = options.core ?? createMockCore(options);
  const { log, cors } = options;
  const clock = adjustableClock(core, options.advanceEveryMs);
  const devtools = createDevtoolsRoutes({ core, clock, ...(options.eventStreams && { events: options.eventStreams }) });

  function send(request: IncomingMessage, response: ServerResponse, answer: MockResponse, started: number, closeAfter: boolean): void {
    if (isNetworkFailure(answer)) {
      // A network fault: no answer, the connection just fails.
      response.socket?.destroy();
      log?.(`${request.method} ${request.url} connection dropped (network fault)`);
      return;
    }
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
  ) {
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
   * An answer given without reading the body: a body of a few MiB is read and dropped so the connection
   * stays usable (node does that once the answer is out); a larger or unbounded one closes it after
   * MAX_DRAIN_BYTES instead of letting a refused client send gigabytes.
   */
  function answerWithoutBody(
    request: IncomingMessage,
    response: ServerResponse,
    answer: MockResponse | Promise<MockResponse>,
    started: number,
  ) {
    const declared = declaredLength(request);
    const unbounded = hasBody(request) && (declared === undefined || declared > MAX_DRAIN_BYTES);
    if (unbounded) {
      let dropped = 0;
      request.on("data", (chunk: Buffer) => {
        dropped += chunk.byteLength;
        if (dropped > MAX_DRAIN_BYTES) request.socket.destroy();
      });
    }
    request.resume();
    deliver(request, response, answer, started, unbounded);
  }

  function handle(request: IncomingMessage, response: ServerResponse, expectsContinue: boolean): void {
    const started = log ? performance.now() : 0;
    track(response);
    if (tooManyHeaders(request)) {
      refuseRequest(response, 431);
      return;
    }
    if (cors !== undefined && request.method === "OPTIONS") {
      send(request, response, { status: 204, headers: {}, body: null }, started, false);
      request.resume();
      return;
    }
    // A substring test first: API requests pay nothing more for the devtools routes.
    if (request.url?.includes("/__mock") && serveDevtools(request, response, started)) return;
    const reception = core.receive({
      method: request.method ?? "GET",
      url: request.url ?? "/",
      headers: new RawHeaders(request.rawHeaders),
    });
    if (reception.kind === "answer") {
      answerWithoutBody(request, response, reception.response, started);
      return;
    }
    const declared = declaredLength(request);
    // A body announced larger than the cap is refused without reading it (the refusal is dropshot's).
    if (declared !== undefined && declared > reception.cap && (expectsContinue || declared > reception.cap + MAX_DRAIN_BYTES)) {
      answerWithoutBody(request, response, reception.complete(BODY_TOO_LARGE), started);
      return;
    }
    if (expectsContinue) response.writeContinue();
    readBody(
      request,
      reception.cap,
      (body, drained) => deliver(request, response, reception.complete(body), started, !drained),
      () => {
        reception.abandon();
        log?.(`${request.method} ${request.url} aborted: the client closed the connection mid-body`);
      },
    );
  }

  /** The devtools page and its endpoints (`node/devtools.ts`); false when the request is the core's. */
  function serveDevtools(request: IncomingMessage, response: ServerResponse, started: number): boolean {
    const reply: DevtoolsReply = {
      answer: (answer, closeAfter = false) => deliver(request, response, answer, started, closeAfter),
      extraHeaders: cors === undefined ? [] : Object.entries(corsHeaders(cors, request)).flat(),
    };
    try {
      return devtools.serve(request, response, reply);
    } catch (error) {
      console.error("system-update mock: devtools endpoint failed", error);
      request.resume();
      if (!response.headersSent) reply.answer(internalError());
      return true;
    }
  }

  const server = createServer({ connectionsCheckingInterval: 1000 }, (request, response) => handle(request, response, false));
  // `Expect: 100-continue`: the client waits for our word before sending the body; a refusal is that word.
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => handle(request, response, true));
  // Any other expectation: hyper (upstream's server) acts only on 100-continue and serves the request as usual.
  server.on("checkExpectation", (request: IncomingMessage, response: ServerResponse) => handle(request, response, false));
  protectConnections(server, options.timeouts);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    clock.stop();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    core,
    close: () =>
      new Promise<void>((resolve) => {
        clock.stop();
        devtools.close();
        core.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
