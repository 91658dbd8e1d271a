/**
 * The MSW test page's script (bundled by test/support/bundle.ts): the mock's MSW handlers under
 * `setupWorker`, exposed to the test process as `window.mswPage`.
 */
import { setupWorker } from "msw/browser";
import { createMockHandlers, type MockHandlers } from "../../../mocks/msw.js";
import { createClient } from "../../../src/index.js";
import { ERROR_ON_UNHANDLED } from "../../support/msw-options.js";
import type { MswPageApi, RackName } from "./msw-page-api.js";

const toBase64 = (bytes: Uint8Array): string => {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

let racks: Record<RackName, MockHandlers> | undefined;
const rack = (name: RackName) => {
  if (!racks) throw new Error("mswPage.start() has not been called");
  return racks[name].mock;
};

window.mswPage = {
  async start({ authedBaseUrl, auth }) {
    const plain = createMockHandlers();
    const authed = createMockHandlers({ baseUrl: authedBaseUrl, auth });
    racks = { plain, authed };
    await setupWorker(...plain.handlers, ...authed.handlers).start({ ...ERROR_ON_UNHANDLED, quiet: true });
  },
  async fetch(request) {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body === null ? null : fromBase64(request.body),
    });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      body: toBase64(new Uint8Array(await response.arrayBuffer())),
    };
  },
  setState: (name, document) => rack(name).setState(document),
  getState: (name) => rack(name).getState(),
  reset() {
    rack("plain").reset();
    rack("authed").reset();
  },
  async statusWithClient() {
    const { data, error, response } = await createClient({ baseUrl: location.origin }).getStatus();
    return { status: response?.status, data, error };
  },
} satisfies MswPageApi;
