/**
 * What the MSW test page (msw-page.ts) offers the test process through `window.mswPage`. Everything
 * crossing over is plain JSON; bodies travel as base64.
 */
import type { AuthConfig, RackState } from "../../../mocks/index.js";

export interface WireRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: [string, string][];
  readonly body: string | null;
}

export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: [string, string][];
  readonly body: string;
}

/** `plain`: the mock on the page's own origin, no auth. `authed`: the mock at `authedBaseUrl`, with `auth`. */
export type RackName = "plain" | "authed";

export interface MswPageStart {
  readonly authedBaseUrl: string;
  readonly auth: AuthConfig;
}

/** What the typed client, bundled into the page, got for `getStatus()`. */
export interface ClientStatusResult {
  readonly status: number | undefined;
  readonly data: unknown;
  readonly error: unknown;
}

export interface MswPageApi {
  /** Creates both racks' handlers and starts the service worker with them; unhandled requests are errors. */
  start(options: MswPageStart): Promise<void>;
  /** `fetch` in the page (so through the service worker), with the answer read in the page. */
  fetch(request: WireRequest): Promise<WireResponse>;
  setState(rack: RackName, document: unknown): void;
  getState(rack: RackName): RackState;
  /** Both racks back to the starting scenario. */
  reset(): void;
  /** `getStatus()` through the typed client built in the page, against the page's own origin. */
  statusWithClient(): Promise<ClientStatusResult>;
}

declare global {
  interface Window {
    /** Set by the page script as it loads. */
    mswPage: MswPageApi;
  }
}
