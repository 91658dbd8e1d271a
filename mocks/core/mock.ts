/**
 * The mock core: isolated sessions of rack state plus the request pipeline, framework-free. Adapters
 * (MSW handlers, the node:http server) only convert requests and responses.
 */
import type { AuthConfig } from "./http/auth.js";
import type { Session, TrustRoot } from "./operations/context.js";
import { handleControlRequest } from "./sessions/control-http.js";
import { dispatchApiRequest } from "./http/pipeline.js";
import { internalError } from "./dropshot/errors.js";
import type { MockRequest, MockResponse } from "./http/message.js";
import { advance, applyMupdate } from "./simulator/planner.js";
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from "./simulator/scenarios.js";
import { cloneState, type RackState } from "./simulator/state.js";
import { parseRackState } from "./simulator/state-schema.js";

export const SESSION_HEADER = "x-mock-session";
export const DEFAULT_SESSION = "default";
export const CONTROL_PREFIX = "/__mock/";

export interface MockOptions {
  /** Scenario every new session starts from (default `factory`). */
  readonly scenario?: string;
  /** A state document every new session starts from instead of a scenario (validated). */
  readonly state?: unknown;
  /** Bearer tokens and their fleet roles; without it every caller is a fleet admin. */
  readonly auth?: AuthConfig;
  /** Clock for `time_requested`, `time_created` and planner steps. */
  readonly now?: () => Date;
  readonly newUuid?: () => string;
}

export type AdvanceRequest = { readonly steps: number } | { readonly until: "settled" };
export interface AdvanceResult {
  readonly steps: number;
  readonly settled: boolean;
}
export interface MupdateRequest {
  readonly version: string;
  readonly sleds: "all" | readonly string[];
}

/** Thrown by control functions for bad input; HTTP control endpoints answer 400 (404 for unknown names). */
export class MockControlError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = "MockControlError";
  }
}

export interface MockCore {
  /** Answers one request: the real API under `/v1/system/update/`, control endpoints under `/__mock/`. */
  handle(request: MockRequest): MockResponse | Promise<MockResponse>;
  /** A copy of a session's state document. */
  getState(session?: string): RackState;
  /** Replaces a session's state with a validated document; throws MockControlError naming the first bad field. */
  setState(document: unknown, session?: string): void;
  /** Loads a scenario (default: the mock's starting scenario) into a session, trust roots included. */
  reset(scenario?: string, session?: string): void;
  /** Support reinstalls software on sleds from outside the control plane (the planner notices on its next step). */
  mupdate(request: MupdateRequest, session?: string): void;
  /** Runs planner steps. */
  advance(request: AdvanceRequest, session?: string): AdvanceResult;
  scenarios(): readonly { readonly name: string; readonly description: string }[];
  /** Names of the sessions created so far. */
  sessionNames(): string[];
}

/** Dropshot sends `x-request-id` on every response; error bodies carry the same id. */
function withRequestId(response: MockResponse): MockResponse {
  if (response.headers["x-request-id"] !== undefined) return response;
  return { ...response, headers: { ...response.headers, "x-request-id": crypto.randomUUID() } };
}

/** A bug in the mock answers like an upstream internal error instead of crashing the host test. */
function answerInternalError(error: unknown): MockResponse {
  console.error("system-update mock: internal error", error);
  return internalError();
}

function initialTrustRoots(now: Date, newUuid: () => string): TrustRoot[] {
  // A rack is set up with one trust root, so uploads work out of the box; tests may delete it.
  return [{ id: newUuid(), root_role: { signed: { _type: "root", spec_version: "1.0.0", version: 1 } }, time_created: now.toISOString() }];
}

export function createMockCore(options: MockOptions = {}): MockCore {
  const now = options.now ?? (() => new Date());
  const newUuid = options.newUuid ?? (() => crypto.randomUUID());
  const startScenario = options.scenario ?? DEFAULT_SCENARIO;
  if (!findScenario(startScenario)) throw new MockControlError(`unknown scenario: ${startScenario}`, 404);
  let startState: RackState | undefined;
  if (options.state !== undefined) {
    const parsed = parseRackState(options.state);
    if (!parsed.ok) throw new MockControlError(parsed.message);
    startState = parsed.state;
  }
  const sessions = new Map<string, Session>();

  const stateOf = (scenario: string | undefined): RackState => {
    if (scenario === undefined && startState) return cloneState(startState);
    const name = scenario ?? startScenario;
    const found = findScenario(name);
    if (!found) throw new MockControlError(`not found: scenario with id "${name}"`, 404);
    return found.build();
  };
  const newSession = (scenario?: string): Session => ({
    state: stateOf(scenario),
    trustRoots: initialTrustRoots(now(), newUuid),
    artifactsByHash: new Map(),
  });
  const session = (name = DEFAULT_SESSION): Session => {
    let found = sessions.get(name);
    if (!found) {
      found = newSession();
      sessions.set(name, found);
    }
    return found;
  };

  function route(request: MockRequest): MockResponse | Promise<MockResponse> {
    const url = request.url;
    // Adapters pass either a path or an absolute URL (MSW); no URL object on the hot path.
    const start = url.startsWith("/") ? 0 : url.indexOf("/", url.indexOf("//") + 2);
    const queryAt = url.indexOf("?", start);
    const path = queryAt === -1 ? url.slice(start) : url.slice(start, queryAt);
    const query = queryAt === -1 ? "" : url.slice(queryAt + 1);
    const name = request.headers.get(SESSION_HEADER) ?? DEFAULT_SESSION;
    if (path.startsWith(CONTROL_PREFIX)) return handleControlRequest(core, request, path, name);
    return dispatchApiRequest(request, path, query, session(name), { auth: options.auth, now, newUuid });
  }

  const core: MockCore = {
    handle(request) {
      try {
        const response = route(request);
        return response instanceof Promise ? response.then(withRequestId, answerInternalError) : withRequestId(response);
      } catch (error) {
        return answerInternalError(error);
      }
    },
    getState: (name) => cloneState(session(name).state),
    setState(document, name) {
      const parsed = parseRackState(document);
      if (!parsed.ok) throw new MockControlError(parsed.message);
      session(name).state = parsed.state;
    },
    reset(scenario, name = DEFAULT_SESSION) {
      sessions.set(name, newSession(scenario));
    },
    mupdate(request, name) {
      const target = session(name);
      const result = applyMupdate(target.state, { version: request.version, sleds: request.sleds === "all" ? "all" : [...request.sleds] }, newUuid);
      if (!result.ok) throw new MockControlError(result.message);
      target.state = result.state;
    },
    advance(request, name) {
      const target = session(name);
      if ("steps" in request && (!Number.isInteger(request.steps) || request.steps < 0)) {
        throw new MockControlError("steps must be a non-negative integer");
      }
      const result = advance(target.state, request, now);
      target.state = result.state;
      return { steps: result.steps, settled: result.settled };
    },
    scenarios: () => SCENARIOS.map(({ name, description }) => ({ name, description })),
    sessionNames: () => [...sessions.keys()],
  };
  return core;
}
