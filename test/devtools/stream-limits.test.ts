/**
 * The event streams' bounds beyond the global cap (mocks/node/events.ts): streams per client, and a reader
 * dropped once the server holds more than `maxUnsentBytes` unsent for it.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventStreams } from "../../mocks/node/events.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { openEventStream, type EventStreamClient } from "./sse.js";

describe("streams per client", () => {
  const APP = "http://localhost:5173";
  let server: RunningMockServer;
  const open: EventStreamClient[] = [];
  beforeAll(async () => {
    server = await startMockServer({ port: 0, cors: APP, eventStreams: { maxStreams: 10, maxStreamsPerClient: 2 } });
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await server.close();
  });

  it("refuses one more stream from the same client with 503 naming the limit; another client still gets one", async () => {
    open.push(await openEventStream(server.url), await openEventStream(server.url));
    expect(open.map((client) => client.status)).toEqual([200, 200]);
    const refused = await openEventStream(server.url);
    expect(refused.status).toBe(503);
    expect(refused.refusal).toMatchObject({
      error_code: "ServiceNotAvailable",
      message:
        "too many open event streams from this client: over the mock's limit maxStreamsPerClient of 2 (raise it with --max-event-streams-per-client or the eventStreams option of startMockServer; or close a devtools page, or poll)",
    });
    const app = await openEventStream(server.url, { origin: APP });
    open.push(app);
    expect(app.status).toBe(200);
  });

  it("a page on an origin --cors does not name opens no stream at all", async () => {
    const foreign = await openEventStream(server.url, { origin: "https://attacker.example" });
    expect(foreign.status).toBe(403);
  });
});

/** A response whose reader reads nothing once `stuck`: what it is written stays unsent, as node counts it. */
class Reader extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  constructor(private readonly stuck: boolean) {
    super();
  }
  writeHead(): this {
    return this;
  }
  write(text: string): boolean {
    if (this.stuck) this.writableLength += Buffer.byteLength(text);
    return true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit("close");
  }
  end(): void {
    this.destroy();
  }
}

const requestFrom = (address: string) =>
  ({ headers: {}, socket: { remoteAddress: address, setNoDelay: () => undefined } }) as unknown as IncomingMessage;

describe("a reader that does not read", () => {
  it("is dropped once more than maxUnsentBytes wait for it; a reader that reads stays", async () => {
    const streams = new EventStreams({ subscribe: () => () => undefined }, { heartbeatMs: 2, maxUnsentBytes: 200 });
    const stuck = new Reader(true);
    const reading = new Reader(false);
    streams.open(requestFrom("10.0.0.1"), stuck as unknown as ServerResponse, "default", []);
    streams.open(requestFrom("10.0.0.2"), reading as unknown as ServerResponse, "default", []);
    const deadline = Date.now() + 5_000;
    while (!stuck.destroyed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stuck.destroyed).toBe(true);
    // The ready event (about 80 bytes) and heartbeats of 14 bytes: dropped on the write that passed 200.
    expect(stuck.writableLength).toBeGreaterThan(200);
    expect(stuck.writableLength).toBeLessThanOrEqual(214);
    expect(reading.destroyed).toBe(false);
    expect(streams.size).toBe(1);
    streams.close();
    expect(streams.size).toBe(0);
  });
});
