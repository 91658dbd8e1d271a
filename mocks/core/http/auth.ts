/**
 * Who is calling. Off by default (every caller is a fleet admin, as most UI tests want); when configured,
 * bearer tokens map to fleet roles and the answers follow domain.md §7.
 */
import type { FleetRole, HandlerContext } from "../operations/context.js";
import { forbidden, unauthorized } from "../dropshot/errors.js";
import type { MockResponse } from "./message.js";

export interface AuthConfig {
  /** Bearer token → the caller's fleet role ("none": a user of a silo with no fleet role). */
  readonly tokens: Readonly<Record<string, FleetRole>>;
}

export type Caller = { readonly authenticated: false } | { readonly authenticated: true; readonly role: FleetRole };

const ADMIN: Caller = { authenticated: true, role: "admin" };
const ANONYMOUS: Caller = { authenticated: false };

export function identifyCaller(auth: AuthConfig | undefined, authorization: string | null): Caller {
  if (!auth) return ADMIN;
  const match = authorization === null ? null : /^Bearer (.+)$/i.exec(authorization.trim());
  const role = match ? auth.tokens[match[1] as string] : undefined;
  // Missing and invalid credentials both end as 401 with the same message.
  return role === undefined ? ANONYMOUS : { authenticated: true, role };
}

/**
 * Nexus authenticates at the start of its handler, after dropshot extracted the path, query and body:
 * handlers call this once their inputs are parsed. 401 without valid credentials, 403 without a fleet role.
 */
export function denyUnlessReader(ctx: Pick<HandlerContext, "authenticated" | "role">): MockResponse | undefined {
  if (!ctx.authenticated) return unauthorized();
  if (ctx.role === "none") return forbidden();
  return undefined;
}
