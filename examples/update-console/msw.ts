/**
 * The update console with its API mocked in the page: MSW's service worker answers for this origin with
 * the mock's handlers (`?scenario=<name>` picks the rack), then the app starts as it would against a rack.
 */
import { setupWorker } from "msw/browser";
import { createMockHandlers } from "system-update/mocks/msw";

const scenario = new URLSearchParams(location.search).get("scenario") ?? undefined;
const { handlers } = createMockHandlers(scenario === undefined ? {} : { scenario });
// The page's own files are loaded by now, so any request no handler takes is a mistake: say so. (msw 3 names
// this option `onUnhandledFrame`.)
await setupWorker(...handlers).start({ quiet: true, onUnhandledRequest: "error" });
await import("./main.js");
