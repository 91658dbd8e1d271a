/**
 * `system-update/mocks/devtools`: the devtools panel that `system-update mock` serves at `/__mock/`, to
 * mount in a page of your own. With `mock` (the core behind MSW's handlers in this page) it shows that rack:
 * its requests go to the core directly (the same control and API endpoints, under the handlers' base path,
 * but not through the worker, so the app's console shows only the app's requests), and it hears changes from
 * the core. Without it, it talks to a standalone server at `baseUrl` (started with `--cors` for this
 * page's origin), live over that server's event stream.
 */
import { answerOf, type Answer } from "./devtools/page/answer.js";
import { httpBackend, type Backend, type PanelEvent } from "./devtools/page/http.js";
import { mountPanel, type DevtoolsPanel, type PanelOptions } from "./devtools/page/panel.js";
import { adjustableClock, clockSetting } from "./devtools/clock.js";
import { badRequest } from "./core/dropshot/errors.js";
import { panelConfig, repositoryArchive, statusView } from "./devtools/view.js";
import { BATCH_MS, watcherEvents } from "./devtools/watch.js";
import type { MockResponse } from "./core/protocol/message.js";
import type { MockCore } from "./core/mock.js";
import { coreFetch } from "./core-fetch.js";

import { mountToggle, type DevtoolsToggle, type DevtoolsToggleOptions } from "./devtools/toggle.js";

export { defineDevtoolsElement, ELEMENT_NAME } from "./devtools/page/panel.js";
export type { DevtoolsToggle, DevtoolsToggleOptions } from "./devtools/toggle.js";
export type { DevtoolsPanel, PanelConfig, PanelOptions } from "./devtools/page/panel.js";
export type { MockCore } from "./core/mock.js";

export interface MountDevtoolsOptions extends PanelOptions {
  /**
   * The core MSW's handlers serve in this page (`createMockHandlers().mock`). Without it the panel talks to a
   * standalone `system-update mock` at `baseUrl`.
   */
  readonly mock?: MockCore;
  /**
   * Where a standalone server answers (default: this page's origin). Not used with `mock`: the panel then
   * talks to the core itself, under the core's base path.
   */
  readonly baseUrl?: string;
}

export interface DevtoolsHandle {
  readonly element: DevtoolsPanel;
  /** Removes the panel, stops its live updates and its planner clock. */
  unmount(): void;
}

/** Events of the session the panel shows (and changes of the session list), gathered for a moment. */
function watchCore(mock: MockCore): Backend["watch"] {
  return (ctx, onEvent, onMode) => {
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      for (const type of pending) onEvent({ type, session: ctx.session } satisfies PanelEvent);
      pending.clear();
    };
    const unsubscribe = mock.subscribe((event) => {
      const names = watcherEvents(event, ctx.session);
      if (names.length === 0) return;
      for (const name of names) pending.add(name);
      // The core calls listeners while it answers a request: the panel reads after it, never inside it.
      timer ??= setTimeout(flush, BATCH_MS);
    });
    onMode("in-page");
    onEvent({ type: "ready", session: ctx.session });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  };
}

const answer = (response: MockResponse): Answer => answerOf(response.status, response.body ?? "");

/** Puts the devtools panel into `target` (e.g. a `<dialog>` of your app); see the module's note. */
export function mountDevtools(target: Element, options: MountDevtoolsOptions = {}): DevtoolsHandle {
  const { mock, baseUrl, ...panelOptions } = options;
  if (mock === undefined) {
    const config = panelConfig({ basePath: "" }, "open");
    const mounted = mountPanel(
      target,
      httpBackend((baseUrl ?? location.origin).replace(/\/+$/, ""), config.endpoints),
      config,
      panelOptions,
    );
    return { element: mounted.element, unmount: mounted.unmount };
  }
  const clock = adjustableClock(mock, undefined);
  const config = panelConfig(mock, "open");
  // Straight to the core, under its own base path: the worker (and its console log) never sees the panel's traffic.
  const backend: Backend = {
    ...httpBackend(`${location.origin}${mock.basePath}`, config.endpoints, coreFetch(mock)),
    watch: watchCore(mock),
    status: async (ctx) => answer(statusView(mock, ctx.session, ctx.apiVersion)),
    archive: async (_ctx, version) => {
      const built = await repositoryArchive(mock, version);
      return built.ok ? new Uint8Array(built.bytes) : answer(built.response);
    },
    clock: async (_ctx, everyMs) => {
      if (everyMs !== undefined) {
        const setting = clockSetting({ everyMs });
        if (!setting.ok) return answer(badRequest(setting.message));
        clock.set(setting.everyMs);
      }
      return answerOf(200, JSON.stringify({ everyMs: clock.everyMs }));
    },
  };
  const mounted = mountPanel(target, backend, config, panelOptions);
  return {
    element: mounted.element,
    unmount() {
      mounted.unmount();
      clock.stop();
    },
  };
}

/**
 * The panel behind a floating button at the bottom right of the page, mounted on first open:
 * `mountDevtoolsToggle({ mock })` in an app's dev entry is all it takes.
 */
export function mountDevtoolsToggle(options: MountDevtoolsOptions & DevtoolsToggleOptions = {}): DevtoolsToggle {
  const { label, initiallyOpen, ...panel } = options;
  return mountToggle((drawer) => mountDevtools(drawer, panel), {
    ...(label !== undefined && { label }),
    ...(initiallyOpen !== undefined && { initiallyOpen }),
  });
}
