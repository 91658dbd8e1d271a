/**
 * `system-update/mocks/msw`: request handlers that hand every request under the API (and `/__mock/`) to
 * the mock core. Works with `setupServer` (msw/node) and `setupWorker` (msw/browser), on msw 2 and 3.
 * Put before another mock's handlers (the Oxide console's `makeHandlers(...)`), they answer
 * `/v1/system/update/*` and leave every other request to the handlers after them.
 */
import { http, HttpResponse, type HttpHandler } from "msw";
import { API_VERSION_HEADER, LATEST_API_VERSION } from "./core/protocol/api-version.js";
import { callerWithRole, isFleetRole, type CallerIdentity, type FleetRole } from "./core/auth/auth.js";
import { BODY_TOO_LARGE, isNetworkFailure, type MockResponse, type Reception } from "./core/protocol/message.js";
import { API_PREFIX } from "./core/pipeline/router.js";
import { normalizeBasePath } from "./core/protocol/target.js";
import { createMockCore, type MockCore, type MockOptions } from "./core/mock.js";
import { startPlannerClock } from "./core/planner-clock.js";
import { persistInStorage, type StorageLike } from "./core/persistence.js";
import { CONTROL_PREFIX } from "./core/control/control-http.js";

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

/** `baseUrl` as MSW's pattern prefix and as the core's base path. */
function splitBaseUrl(baseUrl: string): { prefix: string; basePath: string } {
  const prefix = baseUrl.replace(/\/+$/, "");
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(prefix)) return { prefix, basePath: normalizeBasePath(prefix) };
  return { prefix, basePath: normalizeBasePath(new URL(prefix).pathname) };
}

/** The body, read no further than `cap` bytes (a client may announce or send any size). */
async function readBody(request: Request, cap: number): Promise<Uint8Array | typeof BODY_TOO_LARGE> {
  const announced = Number(request.headers.get("content-length") ?? Number.NaN);
  if (announced > cap) return BODY_TOO_LARGE;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      // Not awaited: an interceptor's stream may settle its cancel only when the exchange ends.
      reader.cancel().catch(() => undefined);
      return BODY_TOO_LARGE;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The headers hyper adds to dropshot's on the wire, as far as a fetch `Response` holds them: `date` (wall
 * clock, as upstream's test client checks it) and `content-length` of a body. Nothing else: no keep-alive.
 */
function wireHeaders(response: MockResponse): Record<string, string> {
  const headers: Record<string, string> = { ...response.headers, date: new Date().toUTCString() };
  if (response.body !== null) headers["content-length"] = String(new TextEncoder().encode(response.body).byteLength);
  return headers;
}

/** The body for `complete`; when it cannot be read (the request was aborted), the core is told and the error goes on. */
async function bodyOf(request: Request, reception: Extract<Reception, { kind: "body" }>): Promise<Uint8Array | typeof BODY_TOO_LARGE> {
  try {
    return await readBody(request, reception.cap);
  } catch (error) {
    reception.abandon();
    throw error;
  }
}

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
  const { prefix, basePath } = splitBaseUrl(options.baseUrl ?? "");
  const mock = options.core ?? createMockCore({ ...options, basePath });
  if (mock.basePath !== basePath) {
    throw new Error(
      `createMockHandlers: baseUrl ${options.baseUrl ?? '""'} has base path "${basePath}", but the core serves "${mock.basePath}"`,
    );
  }
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const { identity } = options;
    const head = { method: request.method, url: request.url, headers: request.headers };
    const reception = mock.receive(head, identity === undefined ? undefined : callerOf(identity, request));
    const response = await (reception.kind === "answer" ? reception.response : reception.complete(await bodyOf(request, reception)));
    options.onResponse?.({ request, response, apiVersion: request.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION });
    if (isNetworkFailure(response)) return HttpResponse.error();
    return new HttpResponse(response.body, { status: response.status, headers: wireHeaders(response) });
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
