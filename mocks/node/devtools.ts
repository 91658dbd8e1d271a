/**
 * The devtools page of the standalone server and the endpoints only it needs, next to the core's control
 * endpoints under `/__mock/`:
 *
 *   GET /__mock/                        the page, for browsers asking for text/html (JSON clients get the core's 404 as before)
 *   GET /__mock/devtools/<file>.js      its scripts (mocks/devtools/page/, shipped in the package; no CDN)
 *   the endpoints of DEVTOOLS_ENDPOINTS (`../devtools/endpoints.ts`: the live channel, the planner clock,
 *   the status view, repository archives), one handler each below
 *
 * Access follows the core's control-token rule, asked of the core itself: everything but the page and its
 * scripts needs what the control endpoints need. The page is served wherever the control endpoints are
 * reachable (open, or behind the control token, which the page then asks for); while they are closed (auth
 * on, no control token) it is refused like them. The page and its scripts hold no data and no secret.
 */
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { badRequest, bodyTooLarge, methodNotAllowed, notFound } from "../core/dropshot/errors.js";
import { jsonAnswer } from "../core/dropshot/responses.js";
import { API_VERSION_HEADER } from "../core/protocol/api-version.js";
import { BODY_TOO_LARGE, type MockHeaders, type MockResponse } from "../core/protocol/message.js";
import { parseTarget } from "../core/protocol/target.js";
import type { MockCore } from "../core/mock.js";
import { CONTROL_PREFIX } from "../core/control/control-http.js";
import { DEFAULT_SESSION, SESSION_HEADER } from "../core/sessions/store.js";
import { DEVTOOLS_ENDPOINTS, type DevtoolsEndpointName, type EndpointRoute } from "../devtools/endpoints.js";
import { panelConfig, repositoryArchive, statusView } from "../devtools/view.js";
import type { PanelConfig } from "../devtools/page/panel.js";
import { clockSetting, type AdjustableClock } from "../devtools/clock.js";
import { parseJsonBytes } from "../../src/shared/json.js";
import { declaredLength, readBody } from "./body.js";
import { EventStreams, type EventStreamOptions } from "./events.js";
import { RawHeaders } from "./raw-headers.js";

/** The page's scripts, beside this module's folder in the sources and in dist/ alike. */
const PAGE_DIR = new URL("../devtools/page/", import.meta.url);
const CLOCK_BODY_CAP = 1024;
const NO_HEADERS: MockHeaders = { get: () => null };

/**
 * The one inline script: starts the panel. The page's CSP allows it by its hash and nothing else inline.
 * (The module's URL is spliced in so that the build's dead-file pruning reads no import of this module here.)
 */
const START = `import { startStandalonePage } from ${JSON.stringify("./devtools/panel.js")};\nstartStandalonePage();`;
const START_HASH = `sha256-${createHash("sha256").update(START).digest("base64")}`;
const CSP = [
  "default-src 'none'",
  `script-src 'self' '${START_HASH}'`,
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function pageHtml(config: PanelConfig): string {
  // `<` escaped: the JSON block cannot end the script element early, whatever it holds.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>system-update mock · devtools</title>
<script type="application/json" id="devtools-config">${json}</script>
<script type="module">${START}</script>
</head>
<body></body>
</html>
`;
}

let scripts: Promise<ReadonlyMap<string, string>> | undefined;

/** The page's scripts by file name, read once: only these names are ever served (no path reaches the disk). */
function pageScripts(): Promise<ReadonlyMap<string, string>> {
  scripts ??= (async () => {
    const names = (await readdir(PAGE_DIR)).filter((name) => /^[\w-]+\.js$/.test(name));
    return new Map(await Promise.all(names.map(async (name) => [name, await readFile(new URL(name, PAGE_DIR), "utf8")] as const)));
  })();
  return scripts;
}

const wantsHtml = (request: IncomingMessage): boolean => (request.headers.accept ?? "").includes("text/html");

export interface DevtoolsReply {
  /** Answers as the server answers everything else (CORS headers, the request log); closes the connection after if told. */
  answer(response: MockResponse | Promise<MockResponse>, closeAfter?: boolean): void;
  /** The headers the server adds to every answer (CORS), as a flat name/value list. */
  readonly extraHeaders: readonly string[];
}

export interface DevtoolsRoutes {
  /** Serves the request when it is the page's or one of the endpoints above (true), else leaves it to the core. */
  serve(request: IncomingMessage, response: ServerResponse, reply: DevtoolsReply): boolean;
  readonly streams: EventStreams;
  /** Who may call the control endpoints, as the core's control-token rule answers a request without credentials. */
  controlAccess(): "open" | "token" | "closed";
  close(): void;
}

export interface DevtoolsOptions {
  readonly core: MockCore;
  readonly clock: AdjustableClock;
  readonly events?: EventStreamOptions;
  /** Where the racks are kept, for the page to say (`--state-dir`, or the server's memory). */
  readonly stateLives?: string;
}

export function createDevtoolsRoutes(options: DevtoolsOptions): DevtoolsRoutes {
  return new DevtoolsRouter(options);
}

// Headers read as the core reads them (repeats joined), so the page's session is the core's.
const header = (request: IncomingMessage, name: string): string | null => new RawHeaders(request.rawHeaders).get(name);
const sessionOf = (request: IncomingMessage): string => header(request, SESSION_HEADER) ?? DEFAULT_SESSION;

/** Path → method → the devtools endpoint's name; Maps, so no request can reach an inherited property. */
const DEVTOOLS_ROUTES = new Map<string, Map<string, DevtoolsEndpointName>>();
for (const [name, { method, path }] of Object.entries(DEVTOOLS_ENDPOINTS) as [DevtoolsEndpointName, EndpointRoute][]) {
  const methods = DEVTOOLS_ROUTES.get(path) ?? new Map<string, DevtoolsEndpointName>();
  DEVTOOLS_ROUTES.set(path, methods.set(method, name));
}

interface DevtoolsCall {
  readonly query: string;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly reply: DevtoolsReply;
}

class DevtoolsRouter implements DevtoolsRoutes {
  readonly streams: EventStreams;
  readonly #core: MockCore;
  readonly #clock: AdjustableClock;
  readonly #prefix: string;

  readonly #stateLives: string;

  constructor({ core, clock, events, stateLives }: DevtoolsOptions) {
    this.#stateLives = stateLives ?? "racks kept in the server's memory: a restart starts over (--state-dir keeps them)";
    this.#core = core;
    this.#clock = clock;
    this.streams = new EventStreams(core, events);
    this.#prefix = `${core.basePath}${CONTROL_PREFIX}`;
  }

  close(): void {
    this.streams.close();
  }

  serve(request: IncomingMessage, response: ServerResponse, reply: DevtoolsReply): boolean {
    const target = parseTarget(request.url ?? "/", this.#core.basePath);
    if (target === undefined || !target.path.startsWith("/__mock")) return false;
    const { path, query } = target;
    if ((path === "/__mock/" || path === "/__mock") && request.method === "GET" && wantsHtml(request)) {
      request.resume();
      if (path === "/__mock") reply.answer({ status: 308, headers: { location: this.#prefix }, body: null });
      else this.#page(reply);
      return true;
    }
    if (path.startsWith("/__mock/devtools/") && path.endsWith(".js")) {
      request.resume();
      reply.answer((request.method ?? "GET") === "GET" ? script(path.slice("/__mock/devtools/".length)) : methodNotAllowed(["GET"]));
      return true;
    }
    const methods = DEVTOOLS_ROUTES.get(path);
    if (methods === undefined && !path.startsWith("/__mock/devtools/")) return false;
    const refusal = this.#denied(new RawHeaders(request.rawHeaders));
    if (refusal !== undefined) {
      request.resume();
      reply.answer(refusal);
      return true;
    }
    const name = methods?.get(request.method ?? "GET");
    if (name !== undefined) this.#handlers[name]({ query, request, response, reply });
    else {
      request.resume();
      reply.answer(methods === undefined ? notFound() : methodNotAllowed([...methods.keys()]));
    }
    return true;
  }

  /** The devtools endpoints, once the control-token rule let the request through. */
  readonly #handlers: Readonly<Record<DevtoolsEndpointName, (call: DevtoolsCall) => void>> = {
    events: ({ query, request, response, reply }) => {
      request.resume();
      const full = this.streams.refusal(request);
      if (full !== undefined) reply.answer(full);
      else this.streams.open(request, response, new URLSearchParams(query).get("session") ?? sessionOf(request), reply.extraHeaders);
    },
    clock: ({ request, reply }) => {
      request.resume();
      reply.answer(this.#clockAnswer());
    },
    setClock: ({ request, reply }) =>
      readBody(request, declaredLength(request), CLOCK_BODY_CAP, (bytes, drained) =>
        reply.answer(bytes === BODY_TOO_LARGE ? bodyTooLarge(CLOCK_BODY_CAP) : this.#setClock(bytes), !drained),
      ),
    status: ({ request, reply }) => {
      request.resume();
      reply.answer(statusView(this.#core, sessionOf(request), header(request, API_VERSION_HEADER)));
    },
    repository: ({ query, request, response, reply }) => this.#archive(request, response, reply, query),
  };

  /**
   * The core's answer to a control request with these headers when its control-token rule refuses it
   * (401 or 403), else undefined. Asked with a control path the core does not have: it answers 404 once the
   * rule lets a request through, and does nothing else.
   */
  #denied(headers: MockHeaders): MockResponse | undefined {
    const probe = this.#core.receive({ method: "GET", url: `${this.#prefix}devtools-access`, headers });
    if (probe.kind !== "answer" || probe.response instanceof Promise) return undefined;
    return probe.response.status === 401 || probe.response.status === 403 ? probe.response : undefined;
  }

  controlAccess(): "open" | "token" | "closed" {
    const refusal = this.#denied(NO_HEADERS);
    if (refusal === undefined) return "open";
    return refusal.status === 403 ? "closed" : "token";
  }

  #page(reply: DevtoolsReply): void {
    const access = this.controlAccess();
    // Closed for everyone (auth on, no control token): no page either.
    if (access === "closed") return reply.answer(this.#denied(NO_HEADERS)!);
    const config = panelConfig(this.#core, access, this.#stateLives);
    reply.answer({
      status: 200,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
      },
      body: pageHtml(config),
    });
  }

  #clockAnswer(): MockResponse {
    return jsonAnswer(200, { everyMs: this.#clock.everyMs });
  }

  #setClock(bytes: Uint8Array): MockResponse {
    // Not JSON gets the same answer as JSON of the wrong shape: what the body must be.
    const parsed = parseJsonBytes(bytes);
    const setting = clockSetting(parsed.ok ? parsed.value : undefined);
    if (!setting.ok) return badRequest(setting.message);
    this.#clock.set(setting.everyMs);
    this.streams.broadcast("clock");
    return this.#clockAnswer();
  }

  #archive(request: IncomingMessage, response: ServerResponse, reply: DevtoolsReply, query: string): void {
    const version = new URLSearchParams(query).get("version") ?? "";
    void repositoryArchive(this.#core, version).then(
      (built) => {
        if (!built.ok) return reply.answer(built.response);
        response.writeHead(200, [
          "content-type",
          "application/zip",
          "content-length",
          String(built.bytes.byteLength),
          "content-disposition",
          `attachment; filename="repo-${encodeURIComponent(version)}.zip"`,
          ...reply.extraHeaders,
        ]);
        response.end(built.bytes);
      },
      () => response.destroy(),
    );
    request.resume();
  }
}

/** A page script shipped in the package, or 404. */
async function script(name: string): Promise<MockResponse> {
  const text = (await pageScripts()).get(name);
  if (text === undefined) return notFound();
  return {
    status: 200,
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache", "x-content-type-options": "nosniff" },
    body: text,
  };
}
