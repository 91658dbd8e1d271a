/**
 * `GET /__mock/events`: the mock's change events as server-sent events, for live views (the devtools page).
 * One stream per page and session: the core's events of that session, plus every change of the session
 * list and of the planner clock. Each stream is cheap and bounded:
 *
 * - the core is subscribed to only while a stream is open, and an event costs one map lookup for sessions
 *   nobody watches;
 * - events are coalesced per stream for `batchMs` (a load test answering thousands of requests a second
 *   sends a page a few events a second) into a set of at most a handful of names, so a slow reader holds no
 *   queue: once its socket buffer is full nothing more is written until it drains, and a reader stuck for
 *   two heartbeats is dropped;
 * - a comment line every `heartbeatMs` keeps proxies from closing an idle stream and lets the page notice
 *   a dead one;
 * - at most `maxStreams` at once; one more is refused with 503 (the page then polls).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorResponse } from "../core/dropshot/errors.js";
import type { MockResponse } from "../core/protocol/message.js";
import type { MockEvent } from "../core/sessions/store.js";
import { BATCH_MS, watcherEvents, type StreamEventName } from "../devtools/watch.js";

export const DEFAULT_MAX_EVENT_STREAMS = 64;
/** The command line's name for `maxStreams`. */
export const MAX_EVENT_STREAMS_FLAG = "--max-event-streams";
export const DEFAULT_HEARTBEAT_MS = 15_000;

export interface EventStreamOptions {
  /** Streams open at once; one more is refused with 503 (default 64). */
  readonly maxStreams?: number;
  /** A comment line this often on every stream (default 15 s). */
  readonly heartbeatMs?: number;
}

interface Source {
  subscribe(listener: (event: MockEvent) => void): () => void;
}

class Stream {
  readonly pending = new Set<StreamEventName>();
  timer: NodeJS.Timeout | undefined;
  /** Heartbeats missed while the socket would not take more; two and the reader is dropped. */
  stalled = 0;
  blocked = false;

  constructor(
    readonly session: string,
    readonly response: ServerResponse,
  ) {}

  mark(name: StreamEventName): void {
    this.pending.add(name);
    if (this.timer === undefined && !this.blocked) this.timer = setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    this.timer = undefined;
    if (this.blocked || this.pending.size === 0) return;
    const data = JSON.stringify(this.session);
    let text = "";
    for (const name of this.pending) text += `event: ${name}\ndata: {"type":"${name}","session":${data}}\n\n`;
    this.pending.clear();
    this.write(text);
  }

  write(text: string): void {
    if (this.response.write(text)) return;
    this.blocked = true;
    this.response.once("drain", () => {
      this.blocked = false;
      this.stalled = 0;
      this.flush();
    });
  }
}

export class EventStreams {
  readonly #source: Source;
  readonly #maxStreams: number;
  readonly #heartbeatMs: number;
  /** Streams by the session they watch: an event of a session nobody watches costs one lookup. */
  readonly #bySession = new Map<string, Set<Stream>>();
  #count = 0;
  #unsubscribe: (() => void) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(source: Source, options: EventStreamOptions = {}) {
    this.#source = source;
    this.#maxStreams = options.maxStreams ?? DEFAULT_MAX_EVENT_STREAMS;
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  }

  /** Streams open now. */
  get size(): number {
    return this.#count;
  }

  /** The answer to a stream that may not open (the cap), or undefined. */
  refusal(): MockResponse | undefined {
    if (this.#count < this.#maxStreams) return undefined;
    return errorResponse(
      503,
      "ServiceNotAvailable",
      `too many open event streams: over the mock's limit maxStreams of ${this.#maxStreams} (raise it with ${MAX_EVENT_STREAMS_FLAG} or the eventStreams option of startMockServer; or close a devtools page, or poll)`,
      { "retry-after": "30" },
    );
  }

  /** Turns `response` into an event stream of `session` (call `refusal()` first); it ends when the client leaves. */
  open(request: IncomingMessage, response: ServerResponse, session: string, headers: readonly string[]): void {
    const stream = new Stream(session, response);
    let watchers = this.#bySession.get(session);
    if (watchers === undefined) this.#bySession.set(session, (watchers = new Set()));
    watchers.add(stream);
    this.#count += 1;
    if (this.#unsubscribe === undefined) this.#unsubscribe = this.#source.subscribe((event) => this.#dispatch(event));
    this.#heartbeat ??= setInterval(() => this.#beat(), this.#heartbeatMs).unref();

    request.socket.setNoDelay(true);
    response.writeHead(200, [
      "content-type",
      "text/event-stream; charset=utf-8",
      "cache-control",
      "no-store",
      "x-accel-buffering",
      "no",
      ...headers,
    ]);
    const ready = JSON.stringify({ type: "ready", session, heartbeatMs: this.#heartbeatMs });
    stream.write(`retry: 2000\nevent: ready\ndata: ${ready}\n\n`);
    response.once("close", () => this.#remove(stream, watchers));
  }

  /** An event every stream gets (the planner clock changed). */
  broadcast(name: "clock"): void {
    for (const watchers of this.#bySession.values()) for (const stream of watchers) stream.mark(name);
  }

  /** Ends every stream (the server is shutting down). */
  close(): void {
    for (const watchers of this.#bySession.values()) for (const stream of watchers) stream.response.end();
  }

  #dispatch(event: MockEvent): void {
    // A change of the session list reaches every stream; any other event only its session's (one lookup).
    const reached = event.type === "sessions" ? this.#bySession.values() : [this.#bySession.get(event.session) ?? []];
    for (const watchers of reached) {
      for (const stream of watchers) for (const name of watcherEvents(event, stream.session)) stream.mark(name);
    }
  }

  #beat(): void {
    for (const watchers of this.#bySession.values()) {
      for (const stream of watchers) {
        if (!stream.blocked) stream.write(": heartbeat\n\n");
        else if (++stream.stalled >= 2) stream.response.destroy();
      }
    }
  }

  #remove(stream: Stream, watchers: Set<Stream>): void {
    clearTimeout(stream.timer);
    if (!watchers.delete(stream)) return;
    this.#count -= 1;
    if (watchers.size === 0) this.#bySession.delete(stream.session);
    if (this.#count > 0) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
