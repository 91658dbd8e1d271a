/**
 * A hand-built `HandlerContext` for calling mock handlers directly, without routing or auth: a session
 * over a minimal valid rack state (no sleds, no target release, no repositories, no trust roots), a
 * fixed clock and predictable uuids. Pass `session` to run several requests against one rack.
 */
import { parseSemver } from "../../src/rules/semver.js";
import type { FleetRole, HandlerContext, Session, TrustRoot } from "../../mocks/core/operations/context.js";
import { headersFrom } from "../../mocks/core/http/message.js";
import type { RackState } from "../../mocks/core/simulator/state.js";

export const FIXED_NOW = new Date("2026-08-20T12:00:00.000Z");
export const LATEST_API_VERSION = "2026081901.0.0";

export function minimalState(overrides: Partial<RackState> = {}): RackState {
  return {
    target_release: { generation: 1, version: null, time_requested: null, previous_version: null },
    target_release_minimum_generation: 1,
    time_last_step_planned: "2026-08-20T00:00:00.000Z",
    repositories: [],
    sleds: [],
    flags: { contact_support: false },
    ...overrides,
  };
}

export function makeSession(options: { state?: Partial<RackState>; trustRoots?: TrustRoot[] } = {}): Session {
  return { state: minimalState(options.state), trustRoots: options.trustRoots ?? [], artifactsByHash: new Map() };
}

/** A trust root as the mock stores it (the mock verifies no signatures, so any JSON will do). */
export function trustRoot(id: string, time_created = FIXED_NOW.toISOString()): TrustRoot {
  return { id, root_role: { signed: { _type: "root", spec_version: "1.0.0", version: 1 }, signatures: [] }, time_created };
}

/** Uuids `00000000-0000-4000-8000-000000000001`, `…002`, … in order. */
export function uuidSequence(start = 1): () => string {
  let next = start;
  return () => `00000000-0000-4000-8000-${(next++).toString(16).padStart(12, "0")}`;
}

export interface ContextOverrides {
  /** An existing session (shared between calls); otherwise a new one from `state` and `trustRoots`. */
  readonly session?: Session;
  readonly state?: Partial<RackState>;
  readonly trustRoots?: TrustRoot[];
  /** Default "admin", as the mock without auth. */
  readonly role?: FleetRole;
  readonly method?: string;
  /** Path and query; the query also feeds `ctx.query` unless `query` is given. */
  readonly url?: string;
  readonly query?: string | Readonly<Record<string, string>> | URLSearchParams;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string | null;
  readonly apiVersion?: string;
  readonly now?: Date | (() => Date);
  readonly newUuid?: () => string;
  /** false: a caller without valid credentials. */
  readonly authenticated?: boolean;
}

export function makeContext(overrides: ContextOverrides = {}): HandlerContext {
  const session = overrides.session ?? makeSession({ state: overrides.state, trustRoots: overrides.trustRoots });
  const url = overrides.url ?? "/";
  const query =
    overrides.query instanceof URLSearchParams
      ? overrides.query
      : new URLSearchParams(overrides.query ?? (url.includes("?") ? url.slice(url.indexOf("?") + 1) : ""));
  const body = typeof overrides.body === "string" ? new TextEncoder().encode(overrides.body) : (overrides.body ?? null);
  const apiVersion = overrides.apiVersion ?? LATEST_API_VERSION;
  const parsed = parseSemver(apiVersion);
  if (!parsed.ok) throw new Error(`bad apiVersion in test context: ${parsed.message}`);
  const now = overrides.now;
  return {
    session,
    request: { method: overrides.method ?? "GET", url, headers: headersFrom(overrides.headers ?? {}), body },
    apiVersion,
    apiVersionParsed: parsed.version,
    query,
    pathParams: overrides.pathParams ?? {},
    authenticated: overrides.authenticated ?? true,
    role: overrides.role ?? "admin",
    now: typeof now === "function" ? now : () => now ?? FIXED_NOW,
    newUuid: overrides.newUuid ?? uuidSequence(),
  };
}

/** The JSON body of a mock response (throws on an empty one, so tests fail loudly). */
export function bodyOf(response: { readonly body: string | null }): unknown {
  if (response.body === null) throw new Error("response has no body");
  return JSON.parse(response.body);
}
