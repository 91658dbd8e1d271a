/**
 * A small, bounded HTTP/1.1 load generator: N keep-alive TCP connections to 127.0.0.1, one request in
 * flight on each, for a fixed time. It writes one pre-serialised request and parses only what it needs of
 * the answer (status line, content-length or chunked end), so the client costs far less per request than
 * `http.request` and the server, not the generator, is what gets measured.
 */
import { connect, type Socket } from "node:net";

export interface LoadOptions {
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Concurrent connections (one request in flight on each). */
  readonly connections: number;
  /** Measured time; requests completing during `warmupMs` before it are not counted. */
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Hard bound on measured requests (latencies are kept in a fixed buffer). */
  readonly maxRequests?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  /** Latency percentiles in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Answers by status code (measured window only). */
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const CHUNKED_END = Buffer.from("\r\n0\r\n\r\n");

/** Length of the first complete response in `buffer` and its status, or undefined if incomplete. */
export function parseResponse(buffer: Buffer): { length: number; status: number } | undefined {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd === -1) return undefined;
  const head = buffer.toString("latin1", 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + 4;
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) return { length: bodyStart, status };
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (lengthMatch) {
    const length = bodyStart + Number(lengthMatch[1]);
    return buffer.length >= length ? { length, status } : undefined;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    // Good enough for our servers' small bodies: the body ends with the last-chunk marker.
    if (buffer.length - bodyStart >= 5 && buffer.subarray(bodyStart, bodyStart + 5).toString("latin1") === "0\r\n\r\n")
      return { length: bodyStart + 5, status };
    const end = buffer.indexOf(CHUNKED_END, bodyStart);
    return end === -1 ? undefined : { length: end + CHUNKED_END.length, status };
  }
  throw new Error(`cannot frame a response without content-length or chunked encoding:\n${head}`);
}

function serialise(options: LoadOptions): Buffer {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const lines = [`${options.method} ${options.path} HTTP/1.1`, `host: 127.0.0.1:${options.port}`, "connection: keep-alive"];
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  if (body) lines.push(`content-length: ${body.length}`);
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return body ? Buffer.concat([head, body]) : head;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const request = serialise(options);
  const capacity = options.maxRequests ?? 5_000_000;
  const latencies = new Float64Array(capacity);
  const statuses: Record<string, number> = {};
  let measured = 0;
  let errors = 0;
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;

  const open = new Set<Socket>();
  const runConnection = () =>
    new Promise<void>((done) => {
      const socket: Socket = connect({ port: options.port, host: "127.0.0.1", noDelay: true });
      open.add(socket);
      let buffer: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        socket.destroy();
        done();
      };
      const send = () => {
        const now = performance.now();
        if (now >= stopAt || measured >= capacity) return finish();
        sentAt = now;
        socket.write(request);
      };
      socket.on("connect", send);
      socket.on("data", (chunk: Buffer) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        for (;;) {
          const response = parseResponse(buffer);
          if (!response) return;
          buffer = buffer.subarray(response.length);
          const now = performance.now();
          if (sentAt >= measureFrom && now <= stopAt && measured < capacity) {
            latencies[measured++] = now - sentAt;
            statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          }
          send();
        }
      });
      socket.on("error", () => {
        errors++;
        finish();
      });
      socket.on("close", finish);
    });

  // Bounded even if a server stops answering mid-request: give up 5 s after the window.
  const sockets = Promise.all(Array.from({ length: options.connections }, runConnection));
  await Promise.race([sockets, new Promise((done) => setTimeout(done, options.warmupMs + options.durationMs + 5_000).unref())]);
  for (const socket of open) socket.destroy();
  const seconds = options.durationMs / 1000;
  const sorted = latencies.subarray(0, measured).sort();
  return {
    requests: measured,
    seconds,
    rps: seconds > 0 ? measured / seconds : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    statuses,
    errors,
  };
}
