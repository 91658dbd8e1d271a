// @ts-check
/**
 * The live channel of a standalone server: server-sent events read with `fetch` (EventSource cannot send
 * the control token), reconnecting after a failure, and polling while the server has no stream to spare.
 */
import { answerOf, messageOf } from "./answer.js";

/**
 * @typedef {import("./http.js").LiveMode} LiveMode
 * @typedef {import("./http.js").PanelEvent} PanelEvent
 */

/** How often the panel polls when the server has no event stream for it. */
export const POLL_MS = 2000;
/** How long it polls before asking for an event stream again. */
const POLL_FOR_MS = 30_000;

/** Resolves after `ms`, or at once when `signal` aborts. */
const delay = (/** @type {number} */ ms, /** @type {AbortSignal} */ signal) =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve(undefined);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });

/**
 * Reads server-sent events from `body` until it ends, calling `onMessage(event, data)` per event and
 * `onBytes` for anything at all (heartbeats included).
 * @param {ReadableStream<Uint8Array>} body
 * @param {(event: string, data: string) => void} onMessage
 * @param {() => void} onBytes
 */
async function readEvents(body, onMessage, onBytes) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onBytes();
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onMessage(event, data.join("\n"));
      end = buffer.indexOf("\n\n");
    }
  }
}

/**
 * The live channel of a standalone server: the `events` endpoint for the session, reconnecting after a
 * failure (every reconnect reads everything again, since events may have been missed meanwhile). While the
 * server refuses another stream (its cap), or has no event stream at all (MSW handlers), the panel polls,
 * and asks for a stream again after a while.
 * @param {(input: string, init?: RequestInit) => Promise<Response>} fetcher
 * @param {string} url The event stream's
 * @param {Record<string, string>} headers What the stream needs (the session, the control token)
 * @param {string} session The session it is of
 * @param {(event: PanelEvent) => void} onEvent
 * @param {(mode: LiveMode, detail?: string) => void} onMode
 */
export function watchEvents(fetcher, url, headers, session, onEvent, onMode) {
  const stop = new AbortController();
  let backoff = 500;

  /** One stream, read to its end; what to do next. */
  const attempt = async (/** @type {AbortSignal} */ signal) => {
    let response;
    try {
      response = await fetcher(url, { headers, signal, cache: "no-store" });
    } catch {
      return /** @type {const} */ ("retry");
    }
    if (response.status === 401 || response.status === 403) {
      onMode("denied", messageOf(answerOf(response.status, await response.text())));
      return "stop";
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      onMode("polling", response.status === 503 ? "the server has no event stream to spare" : `no event stream (${response.status})`);
      return "poll";
    }
    let heartbeatMs = 15_000;
    let lastBytes = Date.now();
    // A stream that stays silent past its heartbeats is dead, whatever the socket says.
    const watchdog = setInterval(() => {
      if (Date.now() - lastBytes > 2.5 * heartbeatMs) void response.body?.cancel();
    }, 1000);
    try {
      await readEvents(
        response.body,
        (event, data) => {
          if (event === "ready") {
            heartbeatMs = /** @type {{ heartbeatMs?: number }} */ (JSON.parse(data)).heartbeatMs ?? heartbeatMs;
            backoff = 500;
            onMode("events");
          }
          onEvent({ type: event, session });
        },
        () => (lastBytes = Date.now()),
      );
    } catch {
      // The stream broke: connect again.
    } finally {
      clearInterval(watchdog);
    }
    return "retry";
  };

  const run = async () => {
    while (!stop.signal.aborted) {
      onMode("connecting");
      const next = await attempt(stop.signal);
      if (stop.signal.aborted || next === "stop") return;
      if (next === "poll") {
        const until = Date.now() + POLL_FOR_MS;
        while (!stop.signal.aborted && Date.now() < until) {
          onEvent({ type: "poll", session });
          await delay(POLL_MS, stop.signal);
        }
        continue;
      }
      await delay(backoff, stop.signal);
      backoff = Math.min(backoff * 2, 10_000);
    }
  };
  void run();
  return () => stop.abort();
}
