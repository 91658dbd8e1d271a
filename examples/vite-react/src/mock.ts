/**
 * The mock in the page (dev only, see main.tsx): MSW's worker answers /api with the mock rack, and the
 * devtools panel sits behind a floating button. `?scenario=<name>` picks the rack.
 */
import { setupWorker } from "msw/browser";
import { mountDevtoolsToggle } from "system-update/mocks/devtools";
import { createMockHandlers } from "system-update/mocks/msw";
import type { MockChanges } from "./App.js";

export async function startMock(): Promise<MockChanges> {
  const scenario = new URLSearchParams(location.search).get("scenario") ?? undefined;
  const { handlers, mock } = createMockHandlers({ baseUrl: "/api", ...(scenario !== undefined && { scenario }) });
  await setupWorker(...handlers).start({ onUnhandledRequest: "bypass" });
  mountDevtoolsToggle({ mock });
  // A change of the rack made in the panel (or by a test) is news to the app (with TanStack Query: invalidate).
  // Only "state" and "sessions": every request is an event too ("request"), and refetching on it would loop.
  return (listener) =>
    mock.subscribe((event) => {
      if (event.type === "state" || event.type === "sessions") listener();
    });
}
