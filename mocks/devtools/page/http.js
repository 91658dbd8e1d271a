// @ts-check
/**
 * How the devtools panel talks to a mock over HTTP: the control endpoints and the real API with the
 * headers each needs (session, api-version, the control token or an API token), and the live channel,
 * server-sent events read with `fetch` (EventSource cannot send the control token). When the server
 * refuses another stream (its cap) the channel polls instead, and tries events again later.
 */

/**
 * What a request ended with: the status (0: no answer, the connection failed), the body parsed as JSON
 * when it is JSON (else null), and its text.
 * @typedef {{ status: number, body: unknown, text: string }} Answer
 */

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

/** How often the panel polls when the server has no event stream for it. */
export const POLL_MS = 2000;
/** How long it polls before asking for an event stream again. */
const POLL_FOR_MS = 30_000;

/** An answer from its status and text (the body parsed when it is JSON). */
export function answerOf(/** @type {number} */ status, /** @type {string} */ text) {
  /** @type {unknown} */
  let body = null;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  return /** @type {Answer} */ ({ status, body, text });
}

/** No answer: the request failed before one came (status 0, the error's text). */
const failedAnswer = (/** @type {unknown} */ error) =>
  /** @type {Answer} */ ({ status: 0, body: null, text: error instanceof Error ? error.message : String(error) });

/** A field of an answer's JSON object body when it is a string (dropshot's `message`, `error_code`), else undefined. */
export function bodyText(/** @type {Answer} */ answer, /** @type {string} */ field) {
  const body = /** @type {Record<string, unknown> | null} */ (answer.body);
  const value = body !== null && typeof body === "object" && Object.hasOwn(body, field) ? body[field] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** What an answer that is not a success says: dropshot's `message`, else the text. */
export const messageOf = (/** @type {Answer} */ answer) => bodyText(answer, "message") ?? answer.text;

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

/** Resolves after `ms`, or at once when `signal` aborts. */
const delay = (/** @type {number} */ ms, /** @type {AbortSignal} */ signal) =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve(undefined);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });

/**
 * Reads server-sent events from `body` until it ends, calling `onMessage(event, data)` per event and
 * `onBytes` for anything at all (heartbeats included).
 * @param {ReadableStream<Uint8Array>} body
 * @param {(event: string, data: string) => void} onMessage
 * @param {() => void} onBytes
 */
async function readEvents(body, onMessage, onBytes) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onBytes();
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onMessage(event, data.join("\n"));
      end = buffer.indexOf("\n\n");
    }
  }
}

/**
 * The live channel of a standalone server: the `events` endpoint for the session, reconnecting after a
 * failure (every reconnect reads everything again, since events may have been missed meanwhile). While the
 * server refuses another stream (its cap), or has no event stream at all (MSW handlers), the panel polls,
 * and asks for a stream again after a while.
 * @param {(input: string, init?: RequestInit) => Promise<Response>} fetcher
 * @param {string} url The event stream's
 * @param {Context} ctx
 * @param {(event: PanelEvent) => void} onEvent
 * @param {(mode: LiveMode, detail?: string) => void} onMode
 */
function watchEvents(fetcher, url, ctx, onEvent, onMode) {
  const stop = new AbortController();
  const session = ctx.session;
  let backoff = 500;

  /** One stream, read to its end; what to do next. */
  const attempt = async (/** @type {AbortSignal} */ signal) => {
    let response;
    try {
      response = await fetcher(url, { headers: headersFor(ctx, "control"), signal, cache: "no-store" });
    } catch {
      return /** @type {const} */ ("retry");
    }
    if (response.status === 401 || response.status === 403) {
      onMode("denied", messageOf(answerOf(response.status, await response.text())));
      return "stop";
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      onMode("polling", response.status === 503 ? "the server has no event stream to spare" : `no event stream (${response.status})`);
      return "poll";
    }
    let heartbeatMs = 15_000;
    let lastBytes = Date.now();
    // A stream that stays silent past its heartbeats is dead, whatever the socket says.
    const watchdog = setInterval(() => {
      if (Date.now() - lastBytes > 2.5 * heartbeatMs) void response.body?.cancel();
    }, 1000);
    try {
      await readEvents(
        response.body,
        (event, data) => {
          if (event === "ready") {
            heartbeatMs = /** @type {{ heartbeatMs?: number }} */ (JSON.parse(data)).heartbeatMs ?? heartbeatMs;
            backoff = 500;
            onMode("events");
          }
          onEvent({ type: event, session });
        },
        () => (lastBytes = Date.now()),
      );
    } catch {
      // The stream broke: connect again.
    } finally {
      clearInterval(watchdog);
    }
    return "retry";
  };

  const run = async () => {
    while (!stop.signal.aborted) {
      onMode("connecting");
      const next = await attempt(stop.signal);
      if (stop.signal.aborted || next === "stop") return;
      if (next === "poll") {
        const until = Date.now() + POLL_FOR_MS;
        while (!stop.signal.aborted && Date.now() < until) {
          onEvent({ type: "poll", session });
          await delay(POLL_MS, stop.signal);
        }
        continue;
      }
      await delay(backoff, stop.signal);
      backoff = Math.min(backoff * 2, 10_000);
    }
  };
  void run();
  return () => stop.abort();
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
    watch: (ctx, onEvent, onMode) => watchEvents(fetcher, request("events").url, ctx, onEvent, onMode),
  };
}
