/**
 * MSW adapter: request handlers that hand every request under the API (and `/__mock/`) to the mock core.
 * Works with `setupServer` (msw/node) and `setupWorker` (msw/browser).
 */
import { http, HttpResponse, type HttpHandler } from "msw";
import { API_VERSION_HEADER, LATEST_API_VERSION } from "./core/http/api-version.js";
import type { MockResponse } from "./core/http/message.js";
import { createMockCore, type MockCore, type MockOptions } from "./core/mock.js";

export interface MockResponseInfo {
  /** The request as MSW saw it (its body has been read). */
  readonly request: Request;
  readonly response: MockResponse;
  /** The request's `api-version` header, or the latest version when it has none. */
  readonly apiVersion: string;
}

export interface MockHandlersOptions extends MockOptions {
  /**
   * Where the API lives, e.g. `http://rack.test` (required under Node, where MSW sees absolute URLs);
   * default "" matches the page's own origin in a browser.
   */
  readonly baseUrl?: string;
  /** An existing core to serve (to share one rack between several handler sets). */
  readonly core?: MockCore;
  /** Called with every answer (control endpoints too), e.g. to check it against the spec in tests. */
  readonly onResponse?: (info: MockResponseInfo) => void;
}

export interface MockHandlers {
  /** Pass to `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  readonly handlers: readonly HttpHandler[];
  /** The rack behind the handlers: read and change its state from tests. */
  readonly mock: MockCore;
}

export function createMockHandlers(options: MockHandlersOptions = {}): MockHandlers {
  const mock = options.core ?? createMockCore(options);
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const body = request.method === "GET" || request.method === "HEAD" ? null : new Uint8Array(await request.arrayBuffer());
    const response = await mock.handle({ method: request.method, url: request.url, headers: request.headers, body });
    options.onResponse?.({ request, response, apiVersion: request.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION });
    return new HttpResponse(response.body, { status: response.status, headers: response.headers });
  };
  return {
    handlers: [http.all(`${base}/v1/system/update/*`, resolver), http.all(`${base}/__mock/*`, resolver)],
    mock,
  };
}
