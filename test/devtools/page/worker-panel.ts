/**
 * A page of an app that runs the mock in MSW's worker and mounts the devtools panel beside it (bundled by
 * test/support/bundle.ts). The rack's scenario comes from `?scenario=`; the test process reads the core
 * and makes the app's own requests through `window.workerPanel`.
 */
import { setupWorker } from "msw/browser";
import { mountDevtools } from "../../../mocks/devtools.js";
import type { JournalEntry, RackState } from "../../../mocks/index.js";
import { createMockHandlers } from "../../../mocks/msw.js";
import { ERROR_ON_UNHANDLED } from "../../support/msw-options.js";

export interface WorkerPanelApi {
  state(): RackState;
  requests(): JournalEntry[];
  /** The app's own request, through the worker: its status and body text. */
  appFetch(path: string, init?: RequestInit): Promise<{ status: number; text: string }>;
}

declare global {
  interface Window {
    workerPanel: WorkerPanelApi;
  }
}

const { handlers, mock } = createMockHandlers({ scenario: new URLSearchParams(location.search).get("scenario") ?? "factory" });
await setupWorker(...handlers).start({ ...ERROR_ON_UNHANDLED, quiet: true });
mountDevtools(document.body, { mock, storage: null });
window.workerPanel = {
  state: () => mock.getState(),
  requests: () => mock.requests(),
  async appFetch(path, init) {
    const response = await fetch(path, init);
    return { status: response.status, text: await response.text() };
  },
};
