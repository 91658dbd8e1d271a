/**
 * Hand-built contexts for calling mock handlers directly, without routing or auth: a session over a
 * minimal valid rack state (no sleds, no target release, no repositories, no trust roots), a fixed clock
 * and predictable uuids. Pass `session` to run several requests against one rack.
 */
import { LATEST_API_VERSION } from "../../generated/index.js";
import { parseFormPairs, type FormPairs } from "../../mocks/core/serde/urlencoded.js";
import type { FleetRole } from "../../mocks/core/auth/auth.js";
import { resolveLimits, type MockLimits } from "../../mocks/core/protocol/limits.js";
import type { MockResponse } from "../../mocks/core/protocol/message.js";
import { TypedOperationContext, type OperationContext } from "../../mocks/core/operations/context.js";
import { prepareUpload, uploadRepository } from "../../mocks/core/operations/repositories.js";
import type { OperationId } from "../../mocks/core/protocol/operation-types.js";
import { Session, type TrustRoot } from "../../mocks/core/sessions/session.js";
import type { RackState } from "../../mocks/core/simulator/state.js";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { semver } from "./versions.js";

export const FIXED_NOW = new Date("2026-08-20T12:00:00.000Z");

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

/** A session no store watches (handler tests need no planner clock). */
const UNWATCHED = { stateChanged: () => undefined };

export function makeSession(options: { state?: Partial<RackState>; trustRoots?: TrustRoot[] } = {}): Session {
  return new Session({ state: minimalState(options.state), trustRoots: options.trustRoots ?? [] }, UNWATCHED, "handler-test", {
    faults: { seed: 1 },
    journalSize: 10,
  });
}

/** A trust root as the mock stores it (the mock verifies no signatures, so any JSON will do). */
export function trustRoot(id: string, time_created = FIXED_NOW.toISOString()): TrustRoot {
  return { id, root_role: seedRootRole(), time_created };
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
  readonly role?: FleetRole | undefined;
  readonly query?: string | Readonly<Record<string, string>> | URLSearchParams;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly apiVersion?: string;
  readonly now?: Date | (() => Date) | undefined;
  readonly newUuid?: () => string;
  /** false: a caller without valid credentials. */
  readonly authenticated?: boolean;
  readonly limits?: Partial<MockLimits>;
}

/**
 * A context for a handler of operation K (inferred from the handler it is passed to). Only the types
 * know K: a handler called directly never looks at `operationId`.
 */
export function makeContext<K extends OperationId>(overrides: ContextOverrides = {}): OperationContext<K> {
  const session = overrides.session ?? makeSession({ state: overrides.state, trustRoots: overrides.trustRoots });
  const given = overrides.query ?? "";
  const query: FormPairs =
    typeof given === "string" ? parseFormPairs(given) : given instanceof URLSearchParams ? [...given.entries()] : Object.entries(given);
  const now = overrides.now;
  const newUuid = overrides.newUuid ?? uuidSequence();
  const request = {
    session,
    apiVersion: semver(overrides.apiVersion ?? LATEST_API_VERSION),
    query,
    pathParams: new Map(Object.entries(overrides.pathParams ?? {})),
    authenticated: overrides.authenticated ?? true,
    role: overrides.role ?? "admin",
    now: typeof now === "function" ? now : () => now ?? FIXED_NOW,
    newUuid,
    limits: resolveLimits(overrides.limits),
  };
  return new TypedOperationContext("handler-test" as K, request);
}

/** An upload through both of its stages, as the pipeline runs them: checks before the body, then the body. */
export async function uploadThrough(ctx: OperationContext<"system_update_repository_upload">, body: Uint8Array): Promise<MockResponse> {
  const prepared = prepareUpload(ctx);
  return prepared.ok ? uploadRepository(ctx, body, prepared.value) : prepared.response;
}

/** The JSON body of a mock response (throws on an empty one, so tests fail loudly). */
export function bodyOf(response: { readonly body: string | null }): unknown {
  if (response.body === null) throw new Error("response has no body");
  return JSON.parse(response.body);
}
