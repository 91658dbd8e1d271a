/**
 * A server-sent events client for tests: opens `GET /__mock/events` with `fetch`, records every event and
 * heartbeat as it arrives, and waits (bounded) for what a test expects.
 */

export interface ReceivedEvent {
  readonly event: string;
  readonly data: unknown;
}

export interface EventStreamClient {
  readonly status: number;
  /** The refusal's body when the stream was not opened. */
  readonly refusal: unknown;
  readonly events: ReceivedEvent[];
  /** Comment lines received (heartbeats). */
  heartbeats: number;
  /** Resolves once `check` holds (tested on every arrival), or rejects after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(`${url}/__mock/events`, { headers, signal: abort.signal });
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of wakers) waker();
  };
  const client: EventStreamClient = {
    status: response.status,
    refusal: response.ok ? undefined : await response.json(),
    events: [],
    heartbeats: 0,
    ended: Promise.resolve(),
    close: () => abort.abort(),
    waitFor(check, what, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const done = () => {
          if (!check()) return;
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          wakers.delete(done);
          reject(new Error(`no ${what} within ${timeoutMs} ms; events: ${JSON.stringify(client.events)}`));
        }, timeoutMs);
        wakers.add(done);
        done();
      });
    },
  };
  if (!response.ok || response.body === null) return client;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const read = async () => {
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split("\n");
        const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
        const data = lines.find((line) => line.startsWith("data: "))?.slice(6);
        if (event !== undefined && data !== undefined) client.events.push({ event, data: JSON.parse(data) as unknown });
        else if (lines.every((line) => line.startsWith(":") || line.startsWith("retry:")))
          client.heartbeats += lines.filter((l) => l.startsWith(":")).length;
      }
      wake();
    }
  };
  (client as { ended: Promise<void> }).ended = read().catch(() => undefined);
  return client;
}

/** How many events named `event` a client received. */
export const count = (client: EventStreamClient, event: string): number => client.events.filter((e) => e.event === event).length;
