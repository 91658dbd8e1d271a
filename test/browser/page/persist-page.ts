/**
 * The persistence test page's script (bundled by test/support/bundle.ts): the MSW handlers under
 * `setupWorker` with `persist: sessionStorage`, started on every load; `window.persistReady` settles once
 * the worker answers.
 */
import { setupWorker } from "msw/browser";
import { createMockHandlers } from "../../../mocks/msw.js";
import { ERROR_ON_UNHANDLED } from "../../support/msw-options.js";

declare global {
  interface Window {
    persistReady: Promise<void>;
  }
}

window.persistReady = setupWorker(...createMockHandlers({ persist: sessionStorage }).handlers)
  .start({ ...ERROR_ON_UNHANDLED, quiet: true })
  .then(() => undefined);
