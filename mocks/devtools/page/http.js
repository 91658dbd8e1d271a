// @ts-check
/**
 * How the devtools panel talks to a mock over HTTP: the control endpoints and the real API with the
 * headers each needs (session, api-version, the control token or an API token); the live channel is
 * `live.js`.
 */
import { answerOf, failedAnswer } from "./answer.js";
import { watchEvents } from "./live.js";

/** @typedef {import("./answer.js").Answer} Answer */

/**
 * Who the panel is and what it looks at; every request carries what it needs of it.
 * @typedef {{ session: string, controlToken: string, apiToken: string, apiVersion: string }} Context
 */

/**
 * How live the panel is: events from the server, events from a mock core in the page, polling, or no
 * channel (connecting, or refused).
 * @typedef {"connecting" | "events" | "in-page" | "polling" | "denied"} LiveMode
 */

/**
 * A change: `ready` and `replaced` mean "read everything again"; the others name what changed.
 * @typedef {{ type: string, session: string }} PanelEvent
 */

/**
 * The endpoints the page calls, by name, from the page's settings (the server's table): the page writes
 * no path of its own. `{id}` in a path is one segment.
 * @typedef {Readonly<Record<string, { method: string, path: string }>>} Endpoints
 */

/**
 * A call of an endpoint: the path's `{id}`, the query, the JSON body; each when it has one.
 * @typedef {{ id?: string, query?: Record<string, string>, body?: unknown }} Call
 */

/**
 * @typedef {object} Backend
 * @property {(ctx: Context, name: string, call?: Call) => Promise<Answer>} control
 *   A control endpoint by its name in the control table, with a JSON body.
 * @property {(ctx: Context, method: string, path: string, body?: BodyInit, contentType?: string) => Promise<Answer>} api
 *   The real API (`path` from `/v1/`).
 * @property {(ctx: Context) => Promise<Answer>} status
 *   `GET status` as the API answers it at `ctx.apiVersion`, without using the API (no journal, faults or latency).
 * @property {(ctx: Context, version: string) => Promise<Uint8Array<ArrayBuffer> | Answer>} archive
 *   A repository archive for `version` the upload endpoint accepts, or the refusal.
 * @property {(ctx: Context, everyMs?: number | null | string) => Promise<Answer>} clock
 *   The planner clock: read it (no `everyMs`) or set it (null stops it; the mock refuses what is no
 *   interval, such as text typed instead of a number); answers `{everyMs}`.
 * @property {(ctx: Context, onEvent: (event: PanelEvent) => void, onMode: (mode: LiveMode, detail?: string) => void) => () => void} watch
 *   Calls `onEvent` on every change of the session (and of the session list); returns the stop function.
 */

/**
 * An endpoint's method and URL for a call, below `base`.
 * @param {string} base
 * @param {Endpoints} endpoints
 * @param {string} name
 * @param {Call} [call]
 */
export function endpointRequest(base, endpoints, name, call = {}) {
  const route = Object.hasOwn(endpoints, name) ? endpoints[name] : undefined;
  if (route === undefined) throw new Error(`devtools: the mock has no endpoint ${name}`);
  const path = call.id === undefined ? route.path : route.path.replace("{id}", encodeURIComponent(call.id));
  const query = call.query === undefined ? "" : new URLSearchParams(call.query).toString();
  return { method: route.method, url: `${base}${path}${query === "" ? "" : `?${query}`}` };
}

/**
 * @param {(input: string, init?: RequestInit) => Promise<Response>} fetcher
 * @param {string} url
 * @param {RequestInit} init
 * @returns {Promise<Answer>}
 */
async function exchange(fetcher, url, init) {
  try {
    const response = await fetcher(url, { cache: "no-store", ...init });
    return answerOf(response.status, await response.text());
  } catch (error) {
    return failedAnswer(error);
  }
}

/**
 * @param {Context} ctx
 * @param {"control" | "api"} kind
 * @returns {Record<string, string>}
 */
export function headersFor(ctx, kind) {
  /** @type {Record<string, string>} */
  const headers = { "x-mock-session": ctx.session };
  const token = kind === "control" ? ctx.controlToken : ctx.apiToken;
  if (token !== "") headers.authorization = `Bearer ${token}`;
  if (kind === "api") headers["api-version"] = ctx.apiVersion;
  return headers;
}

/**
 * The panel's backend for a mock reached over HTTP at `base` (the origin and base path, no trailing slash):
 * a `system-update mock` server, or MSW handlers in the page (then give `watch` and the others of the
 * worker's core instead, see `mountDevtools`).
 * @param {string} base
 * @param {Endpoints} endpoints
 * @param {(input: string, init?: RequestInit) => Promise<Response>} [fetcher]
 * @returns {Backend}
 */
export function httpBackend(base, endpoints, fetcher = (input, init) => fetch(input, init)) {
  const request = (/** @type {string} */ name, /** @type {Call} */ call = {}) => endpointRequest(base, endpoints, name, call);
  /** A JSON call of an endpoint with the control token. */
  const call = (
    /** @type {Context} */ ctx,
    /** @type {string} */ name,
    /** @type {Call} */ parts = {},
    /** @type {Record<string, string>} */ extra = {},
  ) => {
    const { method, url } = request(name, parts);
    /** @type {Record<string, string>} */
    const json = parts.body === undefined ? {} : { "content-type": "application/json" };
    return exchange(fetcher, url, {
      method,
      headers: { ...headersFor(ctx, "control"), ...json, ...extra },
      ...(parts.body === undefined ? {} : { body: JSON.stringify(parts.body) }),
    });
  };
  return {
    control: (ctx, name, parts) => call(ctx, name, parts),
    api: (ctx, method, path, body, contentType) =>
      exchange(fetcher, `${base}${path}`, {
        method,
        headers: { ...headersFor(ctx, "api"), ...(contentType === undefined ? {} : { "content-type": contentType }) },
        ...(body === undefined ? {} : { body }),
      }),
    status: (ctx) => call(ctx, "status", {}, { "api-version": ctx.apiVersion }),
    async archive(ctx, version) {
      try {
        const response = await fetcher(request("repository", { query: { version } }).url, {
          headers: headersFor(ctx, "control"),
          cache: "no-store",
        });
        if (response.ok) return new Uint8Array(await response.arrayBuffer());
        return answerOf(response.status, await response.text());
      } catch (error) {
        return failedAnswer(error);
      }
    },
    clock: (ctx, everyMs) => (everyMs === undefined ? call(ctx, "clock") : call(ctx, "setClock", { body: { everyMs } })),
    watch: (ctx, onEvent, onMode) => watchEvents(fetcher, request("events").url, headersFor(ctx, "control"), ctx.session, onEvent, onMode),
  };
}
