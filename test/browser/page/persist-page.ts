/**
 * The persistence test page's script (bundled by test/support/bundle.ts): the MSW handlers under
 * `setupWorker` with `persist: sessionStorage`, started on every load; `window.persistReady` settles once
 * the worker answers. No `onUnhandledFrame: "error"` here: after a reload the page is controlled, and msw 3's
 * worker then errors on the page's own navigation request and stops serving the page (the test's reads of
 * `/__mock/state` would still fail if the worker did not take them).
 */
import { setupWorker } from "msw/browser";
import { createMockHandlers } from "../../../mocks/msw.js";

declare global {
  interface Window {
    persistReady: Promise<void>;
  }
}

window.persistReady = setupWorker(...createMockHandlers({ persist: sessionStorage }).handlers)
  .start({ quiet: true })
  .then(() => undefined);
