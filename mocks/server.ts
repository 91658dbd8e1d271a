/**
 * `system-update/mocks/server`: the mock core on a bare `node:http` server (no MSW in the request path,
 * which would cap it near 4.5k req/s), with CORS, per-request logging, an optional planner clock, and
 * protection against slow, malformed and oversized requests (docs/design.md, "Standalone server").
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMockCore, type MockCore, type MockOptions } from "./core/mock.js";
import { adjustableClock } from "./devtools/clock.js";
import { allowedOrigins } from "./node/cors.js";
import { protectConnections, type ConnectionTimeouts } from "./node/connections.js";
import { createDevtoolsRoutes } from "./node/devtools.js";
import type { EventStreamOptions } from "./node/events.js";
import { RequestHandler } from "./node/request-handler.js";

// The types `startMockServer` takes and returns, named from this entry (see mocks/msw.ts).
export type * from "./index.js";
export type { ConnectionTimeouts } from "./node/connections.js";
export type { EventStreamOptions } from "./node/events.js";

export interface MockServerOptions extends MockOptions {
  readonly port?: number;
  readonly host?: string;
  /** Run one planner step in every session this often; without it the rack moves only on `/__mock/advance`. */
  readonly advanceEveryMs?: number;
  /**
   * Browser origins allowed to read the API (`*` for any); a loopback origin allows its twins
   * (`http://localhost:5173` also `http://127.0.0.1:5173` and `http://[::1]:5173`). Without it no CORS headers are sent.
   */
  readonly cors?: string | readonly string[];
  /** One line per request; default: nothing. */
  readonly log?: (line: string) => void;
  /** Serve this core instead of creating one. */
  readonly core?: MockCore;
  /** How long slow clients may take before their connection is closed. */
  readonly timeouts?: ConnectionTimeouts;
  /** The live-update channel of the devtools page (`GET /__mock/events`): how many streams at once, how often a heartbeat. */
  readonly eventStreams?: EventStreamOptions;
}

export interface RunningMockServer {
  readonly url: string;
  readonly port: number;
  readonly core: MockCore;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 12220;
export const DEFAULT_HOST = "127.0.0.1";

export async function startMockServer(options: MockServerOptions = {}): Promise<RunningMockServer> {
  // First: a bad origin is refused before anything starts.
  const origins = options.cors === undefined ? undefined : allowedOrigins(typeof options.cors === "string" ? [options.cors] : options.cors);
  const core = options.core ?? createMockCore(options);
  const { log } = options;
  const server = createServer({ connectionsCheckingInterval: 1000 });
  // First: it refuses bad timeouts, before the planner clock below starts a timer nothing would stop.
  const timeouts = protectConnections(server, options.timeouts);
  const clock = adjustableClock(core, options.advanceEveryMs);
  const devtools = createDevtoolsRoutes({ core, clock, ...(options.eventStreams && { events: options.eventStreams }) });

  const handler = new RequestHandler(core, devtools, origins, log, timeouts.keepAliveMs);
  server.on("request", (request: IncomingMessage, response: ServerResponse) => handler.handle(request, response, false));
  // `Expect: 100-continue`: the client waits for our word before sending the body; a refusal is that word.
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => handler.handle(request, response, true));
  // Any other expectation: hyper (upstream's server) acts only on 100-continue and serves the request as usual.
  server.on("checkExpectation", (request: IncomingMessage, response: ServerResponse) => handler.handle(request, response, false));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    clock.stop();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    core,
    close: () =>
      new Promise<void>((resolve) => {
        clock.stop();
        devtools.close();
        core.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
