/**
 * HTTP/1.1 on a raw TCP connection, for tests of what clients send that `fetch` cannot: malformed bytes,
 * pipelined requests, slow writes. Answers are parsed from the bytes (status, headers, body by
 * content-length), so a test sees exactly what the server wrote.
 */
import { connect, type Socket } from "node:net";

export interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Every complete answer in `text`, in order (informational 1xx answers included). */
export function parseAnswers(text: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let at = 0;
  while (at < text.length) {
    const headEnd = text.indexOf("\r\n\r\n", at);
    if (headEnd < 0) break;
    const [statusLine = "", ...lines] = text.slice(at, headEnd).split("\r\n");
    const headers = new Map(
      lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    );
    const status = Number(statusLine.split(" ")[1]);
    if (headers.get("transfer-encoding") === "chunked") {
      let body = "";
      let cursor = headEnd + 4;
      for (;;) {
        const lineEnd = text.indexOf("\r\n", cursor);
        const size = lineEnd < 0 ? 0 : parseInt(text.slice(cursor, lineEnd), 16);
        if (lineEnd < 0 || !(size > 0)) {
          cursor = lineEnd < 0 ? text.length : lineEnd + 4;
          break;
        }
        body += text.slice(lineEnd + 2, lineEnd + 2 + size);
        cursor = lineEnd + 2 + size + 2;
      }
      answers.push({ status, headers, body });
      at = cursor;
      continue;
    }
    // An answer to HEAD declares the length of the body it does not send: the next answer follows its head.
    const declared = Number(headers.get("content-length") ?? 0);
    const length = text.startsWith("HTTP/1.", headEnd + 4) ? 0 : declared;
    answers.push({ status, headers, body: text.slice(headEnd + 4, headEnd + 4 + length) });
    at = headEnd + 4 + length;
  }
  return answers;
}

export interface RawConnection {
  readonly socket: Socket;
  write(bytes: string | Uint8Array): Promise<void>;
  /** Everything received so far. */
  received(): string;
  /** Resolves when the server closed the connection (true), or after `timeoutMs` (false). */
  closed(timeoutMs?: number): Promise<boolean>;
  /** Resolves once the received bytes hold `count` complete answers, or after `timeoutMs` with what there is. */
  answers(count: number, timeoutMs?: number): Promise<RawAnswer[]>;
  destroy(): void;
}

export function openRaw(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let text = "";
    let isClosed = false;
    const waiters = new Set<() => void>();
    const wake = () => waiters.forEach((waiter) => waiter());
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
      wake();
    });
    socket.on("close", () => {
      isClosed = true;
      wake();
    });
    socket.on("error", () => undefined);
    const until = (done: () => boolean, timeoutMs: number) =>
      new Promise<boolean>((settle) => {
        if (done()) return settle(true);
        const timer = setTimeout(() => {
          waiters.delete(check);
          settle(false);
        }, timeoutMs);
        const check = () => {
          if (!done()) return;
          clearTimeout(timer);
          waiters.delete(check);
          settle(true);
        };
        waiters.add(check);
      });
    socket.once("connect", () =>
      resolve({
        socket,
        write: (bytes) => new Promise((written) => socket.write(bytes, () => written())),
        received: () => text,
        closed: (timeoutMs = 5_000) => until(() => isClosed, timeoutMs),
        answers: async (count, timeoutMs = 5_000) => {
          await until(() => isClosed || parseAnswers(text).filter((a) => a.status >= 200).length >= count, timeoutMs);
          return parseAnswers(text);
        },
        destroy: () => socket.destroy(),
      }),
    );
    socket.once("error", reject);
  });
}
