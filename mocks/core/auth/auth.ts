/**
 * Who is calling. Off by default (every caller is a fleet admin, as most UI tests want); when configured,
 * bearer tokens map to fleet roles and the answers follow upstream's authorization (docs/design.md,
 * "Authorization").
 */
import { errorResponse, forbidden, unauthorized } from "../dropshot/errors.js";
import type { MockResponse } from "../protocol/message.js";

/** Fleet roles (viewer ⊂ collaborator ⊂ admin); "none" is an authenticated user without a fleet role. */
export type FleetRole = "admin" | "collaborator" | "viewer" | "none";

export interface AuthConfig {
  /** Bearer token → the caller's fleet role ("none": a user of a silo with no fleet role). */
  readonly tokens: Readonly<Record<string, FleetRole>> | ReadonlyMap<string, FleetRole>;
  /** The control endpoints' token (the same as the `controlToken` option). */
  readonly control?: string;
}

export interface CallerIdentity {
  /** False for a caller without valid credentials (then `role` is "none"). */
  readonly authenticated: boolean;
  readonly role: FleetRole;
}

const ADMIN: CallerIdentity = { authenticated: true, role: "admin" };
const ANONYMOUS: CallerIdentity = { authenticated: false, role: "none" };

/** Token → role as a Map: a token such as `constructor` or `__proto__` must never find an inherited value. */
export type TokenTable = ReadonlyMap<string, FleetRole>;

export function tokenTable(auth: AuthConfig): TokenTable {
  return auth.tokens instanceof Map ? new Map(auth.tokens) : new Map(Object.entries(auth.tokens));
}

/** The caller behind an `authorization` header; without a token table, a fleet admin. */
export function identifyCaller(tokens: TokenTable | undefined, authorization: string | null): CallerIdentity {
  if (tokens === undefined) return ADMIN;
  const token = bearerToken(authorization);
  return callerWithRole(token === undefined ? undefined : tokens.get(token));
}

/**
 * The caller with `role`, found from a bearer token or by an adapter's own means (the MSW handlers'
 * `identity` option, e.g. from a cookie); undefined: no valid credentials. Missing and invalid
 * credentials both end as 401 with the same message.
 */
export function callerWithRole(role: FleetRole | undefined): CallerIdentity {
  return role === undefined ? ANONYMOUS : { authenticated: true, role };
}

const ROLES: ReadonlySet<unknown> = new Set<FleetRole>(["admin", "collaborator", "viewer", "none"]);

/** Whether `value` is a fleet role (what an adapter's `identity` function must return, or undefined). */
export const isFleetRole = (value: unknown): value is FleetRole => ROLES.has(value);

/** The token of a `Bearer` authorization header, or undefined. */
function bearerToken(authorization: string | null): string | undefined {
  if (authorization === null) return undefined;
  return /^Bearer (.+)$/i.exec(authorization.trim())?.[1];
}

const utf8 = new TextEncoder();

/**
 * Whether two secrets are equal, in time that depends on their lengths only, never on where they first
 * differ (`===` stops at the first different character, which a timing attack measures). Written here, not
 * node's `timingSafeEqual`: the core runs in browsers too.
 */
export function equalInConstantTime(presented: string, expected: string): boolean {
  const a = utf8.encode(presented);
  const b = utf8.encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i % Math.max(a.length, 1)] ?? 0) ^ (b[i] as number);
  return difference === 0;
}

/**
 * Who may use the control endpoints (docs/design.md, "Control endpoints"): with a control token, only
 * requests carrying it; without one, anyone while auth is off (the server then listens on loopback only,
 * unless told otherwise, and says the control plane is open) and nobody while auth is on (a rack whose API
 * asks for credentials must not be rewritable by anyone). Undefined when the request may go on.
 */
export function denyControl(controlToken: string | undefined, authOn: boolean, authorization: string | null): MockResponse | undefined {
  if (controlToken === undefined) {
    if (!authOn) return undefined;
    return errorResponse(
      403,
      "Forbidden",
      "the mock's control endpoints are closed: auth is on and no control token is set (--control-token)",
    );
  }
  const presented = bearerToken(authorization);
  if (presented !== undefined && equalInConstantTime(presented, controlToken)) return undefined;
  return errorResponse(401, "Unauthorized", "the mock's control endpoints need the control token (authorization: Bearer <control token>)");
}

/**
 * Nexus authenticates at the start of its handler, after dropshot extracted the path, query and body:
 * handlers call this once their inputs are parsed. 401 without valid credentials, 403 without a fleet role.
 */
export function denyUnlessReader(caller: CallerIdentity): MockResponse | undefined {
  if (!caller.authenticated) return unauthorized();
  if (caller.role === "none") return forbidden();
  return undefined;
}
