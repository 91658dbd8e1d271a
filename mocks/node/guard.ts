/**
 * The standalone server's guard against browsers (the README, "Security"): one check before anything else
 * answers, for every route. A browser is the most hostile client a local server has: any page the user
 * opens may send requests to it, and a rebound DNS name may make them look same-origin. So:
 *
 * 1. `Host` must name this server: loopback names, the bound address, or one given with `--allowed-hosts`
 *    (DNS rebinding sends the attacker's name);
 * 2. a request from another origin (its `Origin`, or `Sec-Fetch-Site: cross-site` outside a top-level
 *    navigation) is refused on the control endpoints, and on the API while auth is off, unless `--cors`
 *    allows that origin; `--cors '*'` opens the control endpoints only when a control token guards them;
 * 3. a control request with a body must say `application/json`, so a browser must preflight it (a
 *    `text/plain` body or a `<form>` needs no preflight).
 *
 * Clients that are not browsers send neither `Origin` nor `Sec-Fetch-Site` and meet only the `Host` rule,
 * which every HTTP client satisfies by naming the address it dials.
 */
import type { IncomingMessage } from "node:http";
import { badRequest, errorResponse } from "../core/dropshot/errors.js";
import type { MockResponse } from "../core/protocol/message.js";

/** The command line's name for `allowedHosts`. */
export const ALLOWED_HOSTS_FLAG = "--allowed-hosts";

export interface GuardSettings {
  /** Extra `Host` names: exact, or `.example.test` for that name and its subdomains. */
  readonly allowedHosts: readonly string[];
  /** The address the server listens on (`0.0.0.0` and `::` accept any IP literal as `Host`). */
  readonly boundAddress: string;
  /** `--cors`: the browser origins allowed (`allowedOrigins`, loopback twins included; `*` for any), or none. */
  readonly cors: ReadonlySet<string> | undefined;
  /** Whether the control endpoints need a control token (then `--cors '*'` may open them). */
  readonly controlTokenGuards: boolean;
  /** Whether the API asks for credentials (then its tokens, not the origin, guard it, as upstream's do). */
  readonly authOn: boolean;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]"]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The host name of a `Host` header, lower-cased, without its port or a trailing dot; IPv6 stays bracketed. */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase();
  const name = lower.startsWith("[") ? lower.slice(0, lower.indexOf("]") + 1) : lower.replace(/:\d*$/, "");
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

const bracketed = (address: string): string => (address.includes(":") && !address.startsWith("[") ? `[${address}]` : address);

/** Whether `Host` names this server. A name under `.localhost` always resolves to loopback (RFC 6761), so no rebinding reaches it. */
export function hostAllowed(host: string, settings: GuardSettings): boolean {
  const name = hostName(host);
  if (LOOPBACK_NAMES.has(name) || name.endsWith(".localhost")) return true;
  const bound = bracketed(settings.boundAddress.toLowerCase());
  if (name === bound) return true;
  // Bound to every interface: any IP literal is one of ours, and a rebound name is never an IP literal.
  if (ANY_ADDRESS.has(bound) && (IPV4.test(name) || name.startsWith("["))) return true;
  return settings.allowedHosts.some((allowed) => {
    const entry = allowed.toLowerCase();
    return entry.startsWith(".") ? name === entry.slice(1) || name.endsWith(entry) : name === entry;
  });
}

/** Whether `--cors` names this origin itself (not through `*`). */
const corsNamesOrigin = (cors: ReadonlySet<string> | undefined, origin: string): boolean => origin !== "*" && cors?.has(origin) === true;
const corsAllowsAny = (cors: ReadonlySet<string> | undefined): boolean => cors?.has("*") === true;

type Route = "api" | "control";

function crossOriginAllowed(origin: string, route: Route, settings: GuardSettings): boolean {
  if (corsNamesOrigin(settings.cors, origin)) return true;
  if (!corsAllowsAny(settings.cors)) return false;
  return route === "api" || settings.controlTokenGuards;
}

const forbidden = (message: string): MockResponse => errorResponse(403, "Forbidden", message);

function crossOriginRefusal(origin: string, route: Route, settings: GuardSettings): MockResponse {
  const who = origin === "" ? "a cross-site page" : `origin ${origin}`;
  if (route === "control" && corsAllowsAny(settings.cors))
    return forbidden(
      `request from ${who} refused: --cors '*' does not open the mock's control endpoints without a control token (set --control-token, or name the origin with --cors)`,
    );
  const what = route === "control" ? "the mock's control endpoints answer" : "without --auth, the API answers";
  return forbidden(`request from ${who} refused: ${what} only the server's own origin and the origins named with --cors`);
}

function isJson(contentType: string | undefined): boolean {
  const essence = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return essence === "application/json";
}

const hasBody = (request: IncomingMessage): boolean =>
  request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;

/**
 * The refusal of a request the guard stops, or undefined. `control` says whether the path is under
 * `/__mock` (the control endpoints, the devtools page and its endpoints).
 */
export function guardRequest(request: IncomingMessage, control: boolean, settings: GuardSettings): MockResponse | undefined {
  const host = request.headers.host;
  // No Host at all: HTTP/1.0 from a tool; browsers always send one (node refuses HTTP/1.1 without it).
  if (host !== undefined && !hostAllowed(host, settings))
    return forbidden(
      `the Host header "${host}" is not a name of this mock server, so the request is refused (DNS rebinding guard); allow it with ${ALLOWED_HOSTS_FLAG} ${hostName(host)} (or the allowedHosts option of startMockServer)`,
    );
  const route: Route = control ? "control" : "api";
  if (route === "control" || !settings.authOn) {
    const origin = request.headers.origin;
    const sameOrigin = origin !== undefined && host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`;
    if (origin !== undefined && !sameOrigin && !crossOriginAllowed(origin, route, settings))
      return crossOriginRefusal(origin, route, settings);
    // No Origin but a cross-site fetch (a GET from another site's page): refused unless it is a top-level
    // navigation, whose answer goes to the user and never to the page that linked here.
    const crossSite = origin === undefined && request.headers["sec-fetch-site"] === "cross-site";
    if (crossSite && request.headers["sec-fetch-mode"] !== "navigate" && !crossOriginAllowed("", route, settings))
      return crossOriginRefusal("", route, settings);
  }
  if (control && hasBody(request) && !isJson(request.headers["content-type"]))
    return badRequest(
      `the mock's control endpoints take JSON bodies only: content-type must be application/json, got ${JSON.stringify(request.headers["content-type"] ?? "none")}`,
    );
  return undefined;
}
