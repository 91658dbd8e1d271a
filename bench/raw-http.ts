/**
 * HTTP/1.1 over raw sockets for the hardening benchmark and the soak: exact bytes out (any body, any
 * header, a body of hundreds of MiB written without copying), answers framed by `parseResponse`, and a
 * probe that sends one request back to back on a keep-alive connection to measure how long a request
 * waits while the server does other work.
 */
import { connect, type Socket } from "node:net";
import { parseResponse } from "./load.js";

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
  /** The server said it closes the connection after this answer. */
  readonly closes: boolean;
}

/** Head of a request; `headers` in order, `content-length` added when `bodyLength` is given. */
export function requestHead(method: string, path: string, headers: Readonly<Record<string, string>> = {}, bodyLength?: number): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, "host: 127.0.0.1"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (bodyLength !== undefined) lines.push(`content-length: ${bodyLength}`);
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
}

/** A request as bytes: the head and a JSON or text body. */
export function requestBytes(method: string, path: string, headers: Readonly<Record<string, string>> = {}, body?: string): Buffer {
  const bytes = body === undefined ? undefined : Buffer.from(body);
  const head = requestHead(method, path, headers, bytes?.byteLength);
  return bytes ? Buffer.concat([head, bytes]) : head;
}

/** The first answer on `socket` to what `parts` write; rejects if the connection ends first. */
function exchange(socket: Socket, parts: readonly Uint8Array[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let buffer: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const framed = parseResponse(buffer);
      if (!framed) return;
      cleanup();
      const bodyStart = buffer.indexOf("\r\n\r\n") + 4;
      const closes = /\r\nconnection: *close\r\n/i.test(buffer.toString("latin1", 0, bodyStart));
      const body = buffer.toString("utf8", bodyStart, framed.length);
      resolve({ status: framed.status, body, ms: performance.now() - started, closes });
    };
    const onEnd = () => {
      cleanup();
      reject(new Error(`connection closed before an answer (${buffer.length} bytes received)`));
    };
    const cleanup = () => {
      socket.off("data", onData);
      socket.off("close", onEnd);
      socket.off("error", onEnd);
    };
    socket.on("data", onData);
    socket.once("close", onEnd);
    socket.once("error", onEnd);
    // Errors while writing (the server may answer and close before a large body is through) end as above.
    for (const part of parts) socket.write(part, () => undefined);
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1", noDelay: true });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** One request on a fresh connection, closed after the answer. */
export async function send(port: number, ...parts: Uint8Array[]): Promise<Answer> {
  const socket = await open(port);
  try {
    return await exchange(socket, parts);
  } finally {
    socket.destroy();
  }
}

/** A keep-alive connection for one request at a time; opened again when the server has closed it. */
export class Connection {
  #socket: Socket | undefined;
  constructor(readonly port: number) {}

  /** The answer, or undefined when the connection failed or closed before one came. */
  async ask(...parts: Uint8Array[]): Promise<Answer | undefined> {
    if (this.#socket === undefined || this.#socket.destroyed || !this.#socket.writable) {
      this.#socket?.destroy();
      this.#socket = await open(this.port);
    }
    const answer = await exchange(this.#socket, parts).catch(() => undefined);
    if (answer === undefined || answer.closes) this.close();
    return answer;
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }
}

/** `count` requests over `connections` keep-alive connections, one in flight on each; answers by status. */
export async function sendMany(port: number, count: number, connections: number, request: (i: number) => Buffer) {
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    const connection = new Connection(port);
    while (next < count) {
      const answer = await connection.ask(request(next++));
      const key = answer === undefined ? "no answer" : String(answer.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return statuses;
}

export interface ProbeResult {
  readonly requests: number;
  /** The longest a single request took, in ms: the stall. */
  readonly longest: number;
  readonly p50: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/** Sends `request` back to back on one keep-alive connection until `stop()`; every answer's time is kept. */
export async function startProbe(port: number, request: Buffer): Promise<{ stop(): Promise<ProbeResult> }> {
  const connection = new Connection(port);
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    while (running) {
      const answer = await connection.ask(request);
      const key = answer === undefined ? "no answer" : String(answer.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (answer !== undefined) times.push(answer.ms);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      connection.close();
      const sorted = [...times].sort((a, b) => a - b);
      return {
        requests: times.length,
        longest: sorted.at(-1) ?? Number.NaN,
        p50: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
        statuses,
      };
    },
  };
}
