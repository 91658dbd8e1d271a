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
import { attachStateDir, type StateDirOptions } from "./node/state-dir.js";

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
   * (`http://localhost:5173` also `http://127.0.0.1:5173` and `http://[::1]:5173`). Without it no CORS headers are sent, and
   * requests from other origins are refused (the README, "Security"); `*` opens the control endpoints only
   * behind a control token.
   */
  readonly cors?: string | readonly string[];
  /** `Host` names besides loopback and the bound address (`.example.test` for a domain and its subdomains); others get 403. */
  readonly allowedHosts?: readonly string[];
  /** One line per request; default: nothing. */
  readonly log?: (line: string) => void;
  /** Serve this core instead of creating one. */
  readonly core?: MockCore;
  /** How long slow clients may take before their connection is closed. */
  readonly timeouts?: ConnectionTimeouts;
  /** The live-update channel of the devtools page (`GET /__mock/events`): how many streams at once, how often a heartbeat. */
  readonly eventStreams?: EventStreamOptions;
  /** Keep every session's rack in this directory across restarts (`--state-dir`); a bad file rejects with `StateDirError`. */
  readonly stateDir?: StateDirOptions;
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
  // Loaded before the port opens: no request sees the starting rack of a session the directory holds.
  const stored = options.stateDir && (await attachStateDir(core, options.stateDir));
  const server = createServer({ connectionsCheckingInterval: 1000 });
  // First: it refuses bad timeouts, before the planner clock below starts a timer nothing would stop.
  const timeouts = protectConnections(server, options.timeouts);
  const clock = adjustableClock(core, options.advanceEveryMs);
  const devtools = createDevtoolsRoutes({
    core,
    clock,
    ...(options.eventStreams && { events: options.eventStreams }),
    ...(options.stateDir && { stateLives: `racks kept in ${options.stateDir.dir} (--state-dir): a restart keeps them` }),
  });

  const guard = {
    allowedHosts: options.allowedHosts ?? [],
    boundAddress: options.host ?? DEFAULT_HOST,
    cors: origins,
    controlTokenGuards: devtools.controlAccess() === "token",
    // A core passed in brings its own auth; the guard then reads this server's `auth` option (absent: stricter).
    authOn: options.auth !== undefined,
  };
  const handler = new RequestHandler(core, devtools, origins, log, timeouts.keepAliveMs, guard);
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
    await stored?.close();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    core,
    close: async () => {
      await new Promise<void>((resolve) => {
        clock.stop();
        devtools.close();
        core.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stored?.close();
    },
  };
}
