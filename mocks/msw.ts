/**
 * `system-update/mocks/msw`: request handlers that hand every request under the API (and `/__mock/`) to
 * the mock core. Works with `setupServer` (msw/node) and `setupWorker` (msw/browser), on msw 2 and 3.
 * Put before another mock's handlers (the Oxide console's `makeHandlers(...)`), they answer
 * `/v1/system/update/*` and leave every other request to the handlers after them.
 */
import type * as Msw from "msw";
import type { HttpHandler } from "msw";
import { API_VERSION_HEADER, LATEST_API_VERSION } from "./core/protocol/api-version.js";
import { callerWithRole, isFleetRole, type CallerIdentity, type FleetRole } from "./core/auth/auth.js";
import { isNetworkFailure, type MockResponse } from "./core/protocol/message.js";
import { API_PREFIX } from "./core/pipeline/router.js";
import { normalizeBasePath } from "./core/protocol/target.js";
import { createMockCore, type MockCore, type MockOptions } from "./core/mock.js";
import { startPlannerClock } from "./core/planner-clock.js";
import { persistInStorage, type StorageLike } from "./core/persistence.js";
import { CONTROL_PREFIX } from "./core/control/control-http.js";
import { corsHeaders } from "./cors.js";
import { answerFromCore, wireHeaders } from "./core-fetch.js";

// Every type the handlers' `mock` and options name, from this entry too: a consumer's declaration emit
// (`export const { mock } = createMockHandlers()` under `declaration: true`) must be able to name them.
export type * from "./index.js";
export type { HttpHandler } from "msw";

/**
 * msw, an optional peer: loaded here (top-level await) so that a project without it is told what to install
 * instead of Node's bare ERR_MODULE_NOT_FOUND.
 */
async function importMsw(): Promise<typeof Msw> {
  try {
    return await import("msw");
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new Error("system-update/mocks/msw needs msw, an optional peer dependency: npm i -D msw", { cause: error });
  }
}
const { http, HttpResponse } = await importMsw();

export interface MockResponseInfo {
  /** The request as MSW saw it (its body has been read). */
  readonly request: Request;
  readonly response: MockResponse;
  /** The request's `api-version` header, or the latest version when it has none. */
  readonly apiVersion: string;
}

export interface MockHandlersOptions extends Omit<MockOptions, "basePath"> {
  /**
   * Where the API lives, e.g. `http://rack.test` or `http://rack.test/api` (required under Node, where
   * MSW sees absolute URLs); default "" matches the page's own origin in a browser.
   */
  readonly baseUrl?: string;
  /** An existing core to serve (to share one rack between several handler sets); its base path must match. */
  readonly core?: MockCore;
  /** Called with every answer (control endpoints too), e.g. to check it against the spec in tests. */
  readonly onResponse?: (info: MockResponseInfo) => void;
  /**
   * Run one planner step in every session this often (the standalone server's `--advance-every`), so a UI
   * sees an update progress by itself; call `stop()` when done. Without it the rack moves only when told.
   */
  readonly advanceEveryMs?: number;
  /**
   * Answer as a server allowing any origin does (the standalone server's `--cors "*"`, echoing the
   * request's `Origin`): CORS preflights get 204 with the methods and headers asked for, and every answer
   * lets the page read it. Default: on when `baseUrl` names an origin (`http://rack.test`), where happy-dom
   * and browsers send preflights; off for a page-relative `baseUrl`, which a page reaches without CORS.
   * On, every `OPTIONS` is answered as a preflight; off, it goes to the mock as any other (upstream
   * answers 405).
   */
  readonly cors?: boolean;
  /**
   * Who is calling, decided from the request instead of bearer tokens (e.g. the console's `msw-user`
   * cookie): a fleet role, or undefined for a caller without valid credentials (401). The answers then
   * follow upstream's authorization exactly as with `auth`; the control endpoints are not affected.
   */
  readonly identity?: (request: Request) => FleetRole | undefined;
  /**
   * Keep every session's rack in this storage (`sessionStorage`, `localStorage` or any `Storage`): loaded
   * now, written after each change, so a page reload keeps the rack; `mock.reset()` stores the reset rack.
   */
  readonly persist?: StorageLike;
}

export interface MockHandlers {
  /** Pass to `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  readonly handlers: readonly HttpHandler[];
  /** The rack behind the handlers: read and change its state from tests. */
  readonly mock: MockCore;
  /** Stops the planner clock of `advanceEveryMs` and releases requests a `hang` fault holds (call it in `afterAll`). */
  stop(): void;
}

/** `baseUrl` as MSW's pattern prefix and as the core's base path; `absolute` when it names an origin. */
function splitBaseUrl(baseUrl: string): { prefix: string; basePath: string; absolute: boolean } {
  const prefix = baseUrl.replace(/\/+$/, "");
  // "rack.test" would be a path relative to the page, which no request under Node has: it matched nothing.
  if (prefix !== "" && !prefix.startsWith("/") && !/^[a-z][a-z0-9+.-]*:\/\//i.test(prefix))
    throw new Error(`createMockHandlers: baseUrl "${baseUrl}" has no scheme: write "http://${prefix}" (or a path such as "/api")`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(prefix)) return { prefix, basePath: normalizeBasePath(prefix), absolute: false };
  return { prefix, basePath: normalizeBasePath(new URL(prefix).pathname), absolute: true };
}

/**
 * With `cors` on, every `OPTIONS` is taken as a preflight: browsers and DOM emulators send `OPTIONS` only as
 * one, and happy-dom's reaches MSW stripped of its `Origin` and `Access-Control-Request-Method` headers.
 */
const isPreflight = (request: Request): boolean => request.method === "OPTIONS";

/** The CORS headers for an answer to `request`, allowing its origin (`*` when it names none). */
const corsFor = (request: Request, preflight: boolean): Record<string, string> =>
  corsHeaders(request.headers.get("origin") ?? "*", preflight, request.headers.get("access-control-request-headers"));

/** The caller `identity` names for `request`; a value that is not a fleet role is the app's mistake, said plainly. */
function callerOf(identity: (request: Request) => FleetRole | undefined, request: Request): CallerIdentity {
  const role: unknown = identity(request);
  if (role !== undefined && !isFleetRole(role)) {
    throw new TypeError(
      `createMockHandlers: identity returned ${JSON.stringify(role)}; expected "admin", "collaborator", "viewer", "none" or undefined`,
    );
  }
  return callerWithRole(role);
}

export function createMockHandlers(options: MockHandlersOptions = {}): MockHandlers {
  const { prefix, basePath, absolute } = splitBaseUrl(options.baseUrl ?? "");
  const cors = options.cors ?? absolute;
  const mock = options.core ?? createMockCore({ ...options, basePath });
  if (mock.basePath !== basePath) {
    throw new Error(
      `createMockHandlers: baseUrl ${options.baseUrl ?? '""'} has base path "${basePath}", but the core serves "${mock.basePath}"`,
    );
  }
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    if (cors && isPreflight(request)) return new HttpResponse(null, { status: 204, headers: corsFor(request, true) });
    const { identity } = options;
    const response = await answerFromCore(mock, request, identity === undefined ? undefined : callerOf(identity, request));
    options.onResponse?.({ request, response, apiVersion: request.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION });
    if (isNetworkFailure(response)) return HttpResponse.error();
    const headers = cors ? { ...wireHeaders(response), ...corsFor(request, false) } : wireHeaders(response);
    return new HttpResponse(response.body, { status: response.status, headers });
  };
  const clock = options.advanceEveryMs === undefined ? undefined : startPlannerClock(mock, options.advanceEveryMs);
  const persisted = options.persist && persistInStorage(mock, options.persist);
  return {
    handlers: [http.all(`${prefix}${API_PREFIX}*`, resolver), http.all(`${prefix}${CONTROL_PREFIX}*`, resolver)],
    mock,
    stop: () => {
      clock?.stop();
      void persisted?.close();
      mock.close();
    },
  };
}
