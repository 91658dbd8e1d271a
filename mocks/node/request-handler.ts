/**
 * One request on the standalone server, from node's `request` event to the answer written: CORS preflight,
 * the devtools routes, then the core (head first, then the body it asked for, within its cap). The server's
 * composition lives in `mocks/server.ts`; the protections it relies on in `connections.ts` and `body.ts`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { MockCore } from "../core/mock.js";
import { internalError } from "../core/dropshot/errors.js";
import { hyperRefusesTarget } from "../core/protocol/request-line.js";
import { parseTarget } from "../core/protocol/target.js";
import { BODY_TOO_LARGE, isNetworkFailure, type Answer, type MockResponse } from "../core/protocol/message.js";
import { SESSION_HEADER } from "../core/sessions/store.js";
import { MAX_DRAIN_BYTES, declaredLength, readBody } from "./body.js";
import { refuseRequest, tooManyHeaders, track } from "./connections.js";
import { corsHeadersFor } from "./cors.js";
import { guardRequest, type GuardSettings } from "./guard.js";
import type { DevtoolsReply, DevtoolsRoutes } from "./devtools.js";
import { RawHeaders } from "./raw-headers.js";

/** Whether a request announces a body (a length above zero, or chunked). */
const hasBody = (request: IncomingMessage, declared: number | undefined): boolean =>
  (declared ?? (request.headers["transfer-encoding"] ? 1 : 0)) > 0;

export class RequestHandler {
  constructor(
    private readonly core: MockCore,
    private readonly devtools: DevtoolsRoutes,
    /** The origins CORS allows (`allowedOrigins`); undefined: no CORS headers, no preflight answers. */
    private readonly cors: ReadonlySet<string> | undefined,
    private readonly log: ((line: string) => void) | undefined,
    /** How long a keep-alive connection may stay idle (`ConnectionTimeouts.keepAliveMs`). */
    private readonly idleMs: number,
    /** Host, Origin and JSON-body rules for browsers (`guard.ts`). */
    private readonly guard: GuardSettings,
  ) {}

  handle(request: IncomingMessage, response: ServerResponse, expectsContinue: boolean): void {
    const started = this.log ? performance.now() : 0;
    track(response, this.idleMs);
    if (tooManyHeaders(request)) {
      refuseRequest(response, 431);
      return;
    }
    // Bytes node's parser accepts in the target and hyper's does not (`"`, `<`, `>`...): hyper's bare 400.
    if (hyperRefusesTarget(request.url ?? "/")) {
      request.resume();
      refuseRequest(response, 400);
      return;
    }
    // Before everything else, preflights included: a refused preflight carries no CORS headers.
    const refused = guardRequest(request, this.isControl(request.url ?? "/"), this.guard);
    if (refused !== undefined) {
      this.answerWithoutBody(request, response, declaredLength(request), refused, started);
      return;
    }
    if (this.cors !== undefined && request.method === "OPTIONS") {
      this.send(request, response, { status: 204, headers: {}, body: null }, started, false);
      request.resume();
      return;
    }
    // A substring test first: API requests pay nothing more for the devtools routes.
    if (request.url?.includes("/__mock") && this.serveDevtools(request, response, started)) return;
    const reception = this.core.receive({
      method: request.method ?? "GET",
      url: request.url ?? "/",
      headers: new RawHeaders(request.rawHeaders),
    });
    const declared = declaredLength(request);
    if (reception.kind === "answer") {
      this.answerWithoutBody(request, response, declared, reception.response, started);
      return;
    }
    // A body announced larger than the cap is refused without reading it (the refusal is dropshot's).
    if (declared !== undefined && declared > reception.cap && (expectsContinue || declared > reception.cap + MAX_DRAIN_BYTES)) {
      this.answerWithoutBody(request, response, declared, reception.complete(BODY_TOO_LARGE), started);
      return;
    }
    if (expectsContinue) response.writeContinue();
    readBody(
      request,
      declared,
      reception.cap,
      (body, drained) => this.deliver(request, response, reception.complete(body), started, !drained),
      () => {
        reception.abandon();
        this.log?.(`${request.method} ${request.url} aborted: the client closed the connection mid-body`);
      },
    );
  }

  /** Whether a target is under `/__mock` (control endpoints, the devtools page and its endpoints). */
  private isControl(url: string): boolean {
    // A substring test first: API requests pay nothing more.
    return url.includes("/__mock") && (parseTarget(url, this.core.basePath)?.path.startsWith("/__mock") ?? false);
  }

  private send(request: IncomingMessage, response: ServerResponse, answer: MockResponse, started: number, closeAfter: boolean): void {
    if (isNetworkFailure(answer)) {
      // A network fault: no answer, the connection just fails.
      response.socket?.destroy();
      this.log?.(`${request.method} ${request.url} connection dropped (network fault)`);
      return;
    }
    // A flat [name, value, ...] list: node copies no object, and a known length lets it write head and
    // body in one go (chunked encoding costs a writev per answer).
    const headers: string[] = [];
    for (const name in answer.headers) headers.push(name, answer.headers[name] as string);
    if (answer.body !== null) headers.push("content-length", String(Buffer.byteLength(answer.body)));
    if (this.cors !== undefined) for (const [name, value] of Object.entries(corsHeadersFor(this.cors, request))) headers.push(name, value);
    if (closeAfter) headers.push("connection", "close");
    response.writeHead(answer.status, headers);
    response.end(answer.body ?? undefined);
    if (this.log) {
      const session = request.headers[SESSION_HEADER];
      const ms = (performance.now() - started).toFixed(2);
      this.log(`${request.method} ${request.url} ${answer.status} ${ms}ms${session ? ` session=${String(session)}` : ""}`);
    }
  }

  private deliver(request: IncomingMessage, response: ServerResponse, answer: Answer, started: number, closeAfter: boolean): void {
    if (!(answer instanceof Promise)) {
      this.send(request, response, answer, started, closeAfter);
      return;
    }
    answer.then(
      (value) => this.send(request, response, value, started, closeAfter),
      () => response.destroy(),
    );
  }

  /**
   * An answer given without reading the body: a body of a few MiB is read and dropped so the connection
   * stays usable (node does that once the answer is out); a larger or unbounded one closes it after
   * MAX_DRAIN_BYTES instead of letting a refused client send gigabytes.
   */
  private answerWithoutBody(
    request: IncomingMessage,
    response: ServerResponse,
    declared: number | undefined,
    answer: Answer,
    started: number,
  ): void {
    const unbounded = hasBody(request, declared) && (declared === undefined || declared > MAX_DRAIN_BYTES);
    if (unbounded) {
      let dropped = 0;
      request.on("data", (chunk: Buffer) => {
        dropped += chunk.byteLength;
        if (dropped > MAX_DRAIN_BYTES) request.socket.destroy();
      });
    }
    request.resume();
    this.deliver(request, response, answer, started, unbounded);
  }

  /** The devtools page and its endpoints (`devtools.ts`); false when the request is the core's. */
  private serveDevtools(request: IncomingMessage, response: ServerResponse, started: number): boolean {
    const reply: DevtoolsReply = {
      answer: (answer, closeAfter = false) => this.deliver(request, response, answer, started, closeAfter),
      extraHeaders: this.cors === undefined ? [] : Object.entries(corsHeadersFor(this.cors, request)).flat(),
    };
    try {
      return this.devtools.serve(request, response, reply);
    } catch (error) {
      console.error("system-update mock: devtools endpoint failed", error);
      request.resume();
      if (!response.headersSent) reply.answer(internalError());
      return true;
    }
  }
}
