/**
 * `GET /__mock/events`: the mock's change events as server-sent events, for live views (the devtools page).
 * One stream per page and session: the core's events of that session, plus every change of the session
 * list and of the planner clock. Each stream is cheap and bounded:
 *
 * - the core is subscribed to only while a stream is open, and an event costs one map lookup for sessions
 *   nobody watches;
 * - events are coalesced per stream for `batchMs` (a load test answering thousands of requests a second
 *   sends a page a few events a second) into a set of at most a handful of names;
 * - a reader that does not read is dropped once more than `maxUnsentBytes` wait in the server for it (its
 *   page's EventSource reconnects, or the page falls back to polling). Those bytes are counted after the
 *   kernel's socket buffers, which take a few hundred KiB (loopback: up to a few MiB) first, and a stream
 *   writes little (a heartbeat, a few event names), so a reader that never reads may keep its slot for
 *   long: the per-client cap bounds how many slots one client can hold that way;
 * - a comment line every `heartbeatMs` keeps proxies from closing an idle stream and lets the page notice
 *   a dead one;
 * - at most `maxStreams` at once, and `maxStreamsPerClient` from one client (its address and `Origin`);
 *   one more is refused with 503 (the page then polls). Other origins never get here (`guard.ts`).
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
export const DEFAULT_MAX_STREAMS_PER_CLIENT = 8;
export const MAX_STREAMS_PER_CLIENT_FLAG = "--max-event-streams-per-client";
export const DEFAULT_MAX_UNSENT_BYTES = 64 * 1024;

/** The stream limits the command line sets, with their flags and defaults (one table for flags, help and README). */
export const EVENT_STREAM_LIMITS = {
  maxStreams: { flag: MAX_EVENT_STREAMS_FLAG, default: DEFAULT_MAX_EVENT_STREAMS },
  maxStreamsPerClient: { flag: MAX_STREAMS_PER_CLIENT_FLAG, default: DEFAULT_MAX_STREAMS_PER_CLIENT },
  maxUnsentBytes: { flag: "--max-event-unsent-bytes", default: DEFAULT_MAX_UNSENT_BYTES },
} as const;
export type EventStreamLimit = keyof typeof EVENT_STREAM_LIMITS;

export interface EventStreamOptions {
  /** Streams open at once; one more is refused with 503 (default 64). */
  readonly maxStreams?: number;
  /** A comment line this often on every stream (default 15 s). */
  readonly heartbeatMs?: number;
  /** Streams open at once from one client (remote address and `Origin`); one more gets 503 (default 8). */
  readonly maxStreamsPerClient?: number;
  /** Bytes the server may hold unsent for one reader before it drops the stream (default 64 KiB). */
  readonly maxUnsentBytes?: number;
}

/** Who opened a stream: the remote address and the page's origin (absent for same-origin EventSource). */
const clientOf = (request: IncomingMessage): string => `${request.socket.remoteAddress ?? ""} ${request.headers.origin ?? ""}`;

interface Source {
  subscribe(listener: (event: MockEvent) => void): () => void;
}

class Stream {
  readonly pending = new Set<StreamEventName>();
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly session: string,
    readonly client: string,
    readonly response: ServerResponse,
    private readonly maxUnsentBytes: number,
  ) {}

  mark(name: StreamEventName): void {
    this.pending.add(name);
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const data = JSON.stringify(this.session);
    let text = "";
    for (const name of this.pending) text += `event: ${name}\ndata: {"type":"${name}","session":${data}}\n\n`;
    this.pending.clear();
    this.write(text);
  }

  write(text: string): void {
    if (this.response.destroyed) return;
    this.response.write(text);
    // What node holds unsent: the kernel's buffers are full and the reader still does not read.
    if (this.response.writableLength > this.maxUnsentBytes) this.response.destroy();
  }
}

export class EventStreams {
  readonly #source: Source;
  readonly #maxStreams: number;
  readonly #heartbeatMs: number;
  readonly #maxPerClient: number;
  readonly #maxUnsentBytes: number;
  /** Open streams per client (remote address and `Origin`). */
  readonly #byClient = new Map<string, number>();
  /** Streams by the session they watch: an event of a session nobody watches costs one lookup. */
  readonly #bySession = new Map<string, Set<Stream>>();
  #count = 0;
  #unsubscribe: (() => void) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(source: Source, options: EventStreamOptions = {}) {
    this.#source = source;
    this.#maxStreams = options.maxStreams ?? DEFAULT_MAX_EVENT_STREAMS;
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.#maxPerClient = options.maxStreamsPerClient ?? DEFAULT_MAX_STREAMS_PER_CLIENT;
    this.#maxUnsentBytes = options.maxUnsentBytes ?? DEFAULT_MAX_UNSENT_BYTES;
  }

  /** Streams open now. */
  get size(): number {
    return this.#count;
  }

  /** The answer to a stream that may not open (a cap), or undefined. */
  refusal(request: IncomingMessage): MockResponse | undefined {
    if ((this.#byClient.get(clientOf(request)) ?? 0) >= this.#maxPerClient)
      return errorResponse(
        503,
        "ServiceNotAvailable",
        `too many open event streams from this client: over the mock's limit maxStreamsPerClient of ${this.#maxPerClient} (raise it with ${MAX_STREAMS_PER_CLIENT_FLAG} or the eventStreams option of startMockServer; or close a devtools page, or poll)`,
        { "retry-after": "30" },
      );
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
    const stream = new Stream(session, clientOf(request), response, this.#maxUnsentBytes);
    this.#byClient.set(stream.client, (this.#byClient.get(stream.client) ?? 0) + 1);
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
      for (const stream of watchers) stream.write(": heartbeat\n\n");
    }
  }

  #remove(stream: Stream, watchers: Set<Stream>): void {
    clearTimeout(stream.timer);
    if (!watchers.delete(stream)) return;
    this.#count -= 1;
    const fromClient = (this.#byClient.get(stream.client) ?? 1) - 1;
    if (fromClient === 0) this.#byClient.delete(stream.client);
    else this.#byClient.set(stream.client, fromClient);
    if (watchers.size === 0) this.#bySession.delete(stream.session);
    if (this.#count > 0) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
