/**
 * Reading a request body for the core: at most the cap it announced, into one buffer. With a
 * `content-length` the buffer is allocated once and chunks are copied in as they come (memory: the body
 * once); without one, chunks are kept and joined at the end (at most twice the cap, briefly). Past the
 * cap the rest is read and thrown away, up to `MAX_DRAIN_BYTES`, before the answer: closing a socket with
 * unread input makes the kernel send a reset, which can destroy the answer before the client reads it.
 *
 * The listeners are shared functions and the state sits on the request (no closures per request): this is
 * the hot path of a server meant to answer tens of thousands of requests a second.
 */
import type { IncomingMessage } from "node:http";
import { BODY_TOO_LARGE } from "../core/protocol/message.js";
import { RawHeaders } from "./raw-headers.js";

/** How much of a body over its cap is read and discarded before answering; past it the connection is closed. */
export const MAX_DRAIN_BYTES = 16 * 1_048_576;

export type BodyDone = (body: Uint8Array | typeof BODY_TOO_LARGE, drained: boolean) => void;

interface Reading {
  readonly cap: number;
  readonly done: BodyDone;
  readonly aborted: (() => void) | undefined;
  /** Preallocated from `content-length`; undefined for a chunked body. */
  readonly buffer: Buffer | undefined;
  /** False when `content-length` is already over the cap: the body is only drained, nothing kept. */
  readonly keep: boolean;
  readonly chunks: Buffer[];
  /** Bytes seen. */
  size: number;
  finished: boolean;
}

const READING = Symbol("system-update.body");
type Carrier = IncomingMessage & { [READING]?: Reading };

/**
 * The body's declared length, or undefined (chunked, or a value that is not a plain number). Read from
 * `rawHeaders`: `request.headers` would build node's whole header object for this one field.
 */
export function declaredLength(request: IncomingMessage): number | undefined {
  const header = new RawHeaders(request.rawHeaders).get("content-length");
  return header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
}

function finish(request: Carrier, reading: Reading, drained: boolean): void {
  reading.finished = true;
  request[READING] = undefined; // not `delete`: it would turn the request into a slow dictionary object
  if (reading.size > reading.cap) {
    reading.done(BODY_TOO_LARGE, drained);
    return;
  }
  if (reading.buffer) {
    reading.done(reading.buffer.subarray(0, reading.size), drained);
    return;
  }
  const joined = reading.chunks.length === 1 ? (reading.chunks[0] as Buffer) : Buffer.concat(reading.chunks, reading.size);
  reading.chunks.length = 0;
  reading.done(joined, drained);
}

function onData(this: Carrier, chunk: Buffer): void {
  const reading = this[READING];
  if (!reading || reading.finished) return;
  const start = reading.size;
  reading.size += chunk.byteLength;
  if (reading.size <= reading.cap && reading.keep) {
    if (reading.buffer) chunk.copy(reading.buffer, start);
    else reading.chunks.push(chunk);
  } else if (reading.chunks.length > 0) {
    reading.chunks.length = 0;
  }
  if (reading.size > reading.cap + MAX_DRAIN_BYTES) {
    this.pause();
    finish(this, reading, false);
  }
}

function onEnd(this: Carrier): void {
  const reading = this[READING];
  if (reading && !reading.finished) finish(this, reading, true);
}

/** "close" before "end": the client went away mid-body. Nothing of it counts; nobody gets an answer. */
function onClose(this: Carrier): void {
  const reading = this[READING];
  if (reading && !reading.finished) {
    reading.finished = true;
    reading.chunks.length = 0;
    this[READING] = undefined;
    reading.aborted?.();
  }
}

/**
 * Reads the body of `request` (`declared`: its `declaredLength`), keeping at most `cap` bytes, and calls `done` with it, or with
 * `BODY_TOO_LARGE` when it was longer (`drained` false when the rest was not read to its end). A client
 * that goes away mid-body gets nothing, and `aborted` is called: a prefix can be valid JSON (dropshot
 * ignores what follows a complete value), so it must never be handed on.
 */
export function readBody(request: IncomingMessage, declared: number | undefined, cap: number, done: BodyDone, aborted?: () => void): void {
  const buffer = declared !== undefined && declared <= cap ? Buffer.allocUnsafe(declared) : undefined;
  const keep = declared === undefined || declared <= cap;
  (request as Carrier)[READING] = { cap, done, aborted, buffer, keep, chunks: [], size: 0, finished: false };
  request.on("data", onData);
  request.on("end", onEnd);
  request.on("close", onClose);
}
