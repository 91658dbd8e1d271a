/**
 * Every endpoint the devtools page calls, by name: the control table's (`core/control/table.ts`) and the
 * few only the standalone server has for the page (`node/devtools.ts` routes these). The page gets this
 * list in its settings (`PanelConfig.endpoints`), so no path is written twice: page JS names endpoints,
 * never paths.
 */
import { CONTROL_TABLE } from "../core/control/table.js";
import type { ControlMethod } from "../core/control/endpoint.js";

export interface EndpointRoute {
  readonly method: ControlMethod;
  /** Below the base path; `{id}` is one path segment. */
  readonly path: string;
  /** Whether it may change anything (see the control table's `access`). */
  readonly access: "read" | "write";
}

/** The standalone server's endpoints for the page (in a page with MSW's worker, `mountDevtools` answers them from the core). */
export const DEVTOOLS_ENDPOINTS = {
  /** Server-sent events of the session (`node/events.ts`). */
  events: { method: "GET", path: "/__mock/events", access: "read" },
  /** The planner clock: `{"everyMs": n | null}`. */
  clock: { method: "GET", path: "/__mock/clock", access: "read" },
  setClock: { method: "PUT", path: "/__mock/clock", access: "write" },
  /** `GET status` as the API answers it, outside the API (no journal, faults or latency). */
  status: { method: "GET", path: "/__mock/devtools/status", access: "read" },
  /** A repository archive to upload: `?version=<v>`. */
  repository: { method: "GET", path: "/__mock/devtools/repository", access: "read" },
} as const satisfies Readonly<Record<string, EndpointRoute>>;

export type DevtoolsEndpointName = keyof typeof DEVTOOLS_ENDPOINTS;

/** A devtools endpoint may not take a control endpoint's name: the page knows both by name alone. */
type SharedName = Extract<DevtoolsEndpointName, keyof typeof CONTROL_TABLE>;
true satisfies [SharedName] extends [never] ? true : never;

/** What the page may call: every control endpoint and every devtools one, by name. */
export function pageEndpoints(): Record<string, EndpointRoute> {
  const control = Object.entries(CONTROL_TABLE).map(([name, { method, path, access }]) => [name, { method, path, access }] as const);
  return Object.fromEntries([...control, ...Object.entries(DEVTOOLS_ENDPOINTS)]);
}
