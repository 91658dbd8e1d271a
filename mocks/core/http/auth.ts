/**
 * Who is calling. Off by default (every caller is a fleet admin, as most UI tests want); when configured,
 * bearer tokens map to fleet roles and the answers follow upstream's authorization (docs/design.md,
 * "Authorization").
 */
import { forbidden, unauthorized } from "../dropshot/errors.js";
import type { MockResponse } from "./message.js";

/** Fleet roles (viewer ⊂ collaborator ⊂ admin); "none" is an authenticated user without a fleet role. */
export type FleetRole = "admin" | "collaborator" | "viewer" | "none";

export interface AuthConfig {
  /** Bearer token → the caller's fleet role ("none": a user of a silo with no fleet role). */
  readonly tokens: Readonly<Record<string, FleetRole>> | ReadonlyMap<string, FleetRole>;
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
  const match = authorization === null ? null : /^Bearer (.+)$/i.exec(authorization.trim());
  const role = match ? tokens.get(match[1] as string) : undefined;
  // Missing and invalid credentials both end as 401 with the same message.
  return role === undefined ? ANONYMOUS : { authenticated: true, role };
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
