/**
 * The mock core, framework-free: sessions of rack state, the API pipeline and the control endpoints,
 * composed here. Adapters (MSW handlers, the node:http server) only convert requests and responses.
 */
import { internalError, notFound } from "./dropshot/errors.js";
import { denyControl, tokenTable, type AuthConfig, type CallerIdentity } from "./auth/auth.js";
import { BODY_TOO_LARGE, type Answer, type MockRequest, type MockResponse, type Reception, type RequestHead } from "./protocol/message.js";
import { receiveApi, type ApiSettings } from "./pipeline/pipeline.js";
import { normalizeBasePath, parseTarget } from "./protocol/target.js";
import { resolveLimits, type MockLimits } from "./protocol/limits.js";
import { createControlOperations } from "./control/control.js";
import type { ControlOperations } from "./control/control-types.js";
import { CONTROL_PREFIX, receiveControl } from "./control/control-http.js";
import { SessionFaults, type ChaosSettings, type FaultDefaults } from "./faults/plan.js";
import { parseLatency, type LatencySpec } from "./faults/rules.js";
import { overBudget } from "./sessions/budget.js";
import { MockControlError } from "./protocol/control-errors.js";
import { sessionSeeds } from "./sessions/seeds.js";
import { DEFAULT_SESSION, SESSION_HEADER, SessionStore } from "./sessions/store.js";
import { planStep } from "./simulator/planner.js";
import { DEFAULT_SCENARIO, findScenario } from "./simulator/scenarios.js";
import { nextTask, sliceDeadline } from "./protocol/slices.js";
import { parseRackState } from "./simulator/state-schema.js";
import type { RackState } from "./simulator/state.js";

export interface MockOptions {
  /** Scenario every new session starts from (default `factory`). */
  readonly scenario?: string;
  /** A state document every new session starts from instead of a scenario (validated). */
  readonly state?: unknown;
  /** Bearer tokens and their fleet roles; without it every caller is a fleet admin. */
  readonly auth?: AuthConfig;
  /**
   * The token the `/__mock/` control endpoints require (`authorization: Bearer <token>`). Without it they
   * are open while auth is off and closed while auth is on. The TypeScript control methods need none.
   */
  readonly controlToken?: string;
  /** The path the API is served under, e.g. `/api` for `http://rack.test/api/v1/system/update/status`. */
  readonly basePath?: string;
  /** Limits that differ from the defaults (`DEFAULT_LIMITS`). */
  readonly limits?: Partial<MockLimits>;
  /** Latency of every API request in every session (per session and per operation: `setLatency`). */
  readonly latency?: LatencySpec;
  /** Random upstream-shaped failures (500, 503, a failed connection) on this share of API requests. */
  readonly chaos?: ChaosSettings;
  /** Seed of the random draws (latency ranges, fault probabilities, chaos): the same seed, the same run. */
  readonly seed?: number;
  /** Clock for `time_requested`, `time_created` and planner steps. */
  readonly now?: () => Date;
  readonly newUuid?: () => string;
}

export interface MockCore extends ControlOperations {
  /** Answers one whole request: the real API, and the control endpoints under `/__mock/`. */
  handle(request: MockRequest): Answer;
  /**
   * The same in two steps, for adapters that stream bodies: decide on the head, then read at most the
   * announced cap (see `Reception`). `handle` is `receive` plus `complete`. `caller`: who is calling,
   * when the adapter decides it itself (the MSW handlers' `identity`); otherwise the bearer token decides.
   */
  receive(head: RequestHead, caller?: CallerIdentity): Reception;
  /**
   * One planner step in every session that may still move; settled racks cost nothing. Runs in slices that
   * yield to other work, so many sessions of big racks never hold requests for long.
   */
  tick(): Promise<void>;
  /** Releases every request a `hang` fault holds (their connections fail): what a shutdown does. */
  close(): void;
  readonly basePath: string;
  readonly limits: MockLimits;
}

/** A bug in the mock answers like an upstream internal error instead of crashing the host test or server. */
function answerInternalError(error: unknown): MockResponse {
  console.error("system-update mock: internal error", error);
  return internalError();
}

/** A body reception whose completion answers a bug with 500 instead of throwing into the adapter. */
class GuardedBody {
  readonly kind = "body" as const;
  readonly cap: number;
  constructor(private readonly inner: Extract<Reception, { kind: "body" }>) {
    this.cap = inner.cap;
  }
  complete(body: Uint8Array | typeof BODY_TOO_LARGE): Answer {
    try {
      const response = this.inner.complete(body);
      return response instanceof Promise ? response.catch(answerInternalError) : response;
    } catch (error) {
      return answerInternalError(error);
    }
  }
  abandon(): void {
    this.inner.abandon();
  }
}

function chaosFrom(chaos: ChaosSettings | undefined): ChaosSettings | undefined {
  if (chaos === undefined || chaos.percent === 0) return undefined;
  if (!(chaos.percent > 0 && chaos.percent <= 100)) throw new MockControlError(`chaos percent must be from 0 to 100, got ${chaos.percent}`);
  return chaos;
}

function startState(options: MockOptions, limits: MockLimits): RackState | undefined {
  if (options.state === undefined) return undefined;
  const parsed = parseRackState(options.state);
  if (!parsed.ok) throw new MockControlError(parsed.message);
  const over = overBudget(parsed.state, [], limits);
  if (over !== undefined) throw new MockControlError(over);
  return parsed.state;
}

export function createMockCore(options: MockOptions = {}): MockCore {
  const now = options.now ?? (() => new Date());
  const newUuid = options.newUuid ?? (() => crypto.randomUUID());
  const scenario = options.scenario ?? DEFAULT_SCENARIO;
  if (!findScenario(scenario)) throw new MockControlError(`unknown scenario: ${scenario}`, 404);
  const limits = resolveLimits(options.limits);
  const basePath = normalizeBasePath(options.basePath ?? "");
  const controlToken = options.controlToken ?? options.auth?.control;
  const faults: FaultDefaults = {
    latency: options.latency && parseLatency(options.latency).spec,
    chaos: chaosFrom(options.chaos),
    seed: options.seed ?? 1,
  };
  const seeds = sessionSeeds({ scenario, state: startState(options, limits), now, newUuid });
  const store = new SessionStore(seeds, limits.maxSessions, { faults, journalSize: limits.journalSize });
  // The default session exists from the start so its journal holds even the first refused request; other
  // sessions exist once a change or a control request makes them (docs/design.md "Limits").
  store.open(DEFAULT_SESSION);
  const control = createControlOperations(store, { now, newUuid }, limits);
  const api: ApiSettings = {
    tokens: options.auth && tokenTable(options.auth),
    limits,
    defaultFaults: new SessionFaults(faults, ""),
    uploads: { inFlight: 0 },
    now,
    nowMs: options.now === undefined ? Date.now : () => now().getTime(),
    newUuid,
  };

  function route(head: RequestHead, caller: CallerIdentity | undefined): Reception {
    const target = parseTarget(head.url, basePath);
    if (target === undefined) return { kind: "answer", response: notFound() };
    const session = head.headers.get(SESSION_HEADER) ?? DEFAULT_SESSION;
    if (target.path.startsWith(CONTROL_PREFIX)) {
      const denied = denyControl(controlToken, options.auth !== undefined, head.headers.get("authorization"));
      if (denied) return { kind: "answer", response: denied };
      return receiveControl(control, { method: head.method, path: target.path, query: target.query, session }, limits.maxControlBodyBytes);
    }
    return receiveApi(store, api, head, target, session, caller);
  }

  function receive(head: RequestHead, caller?: CallerIdentity): Reception {
    let reception: Reception;
    try {
      reception = route(head, caller);
    } catch (error) {
      return { kind: "answer", response: answerInternalError(error) };
    }
    if (reception.kind === "body") return new GuardedBody(reception);
    const response = reception.response;
    return response instanceof Promise ? { kind: "answer", response: response.catch(answerInternalError) } : reception;
  }

  return {
    ...control,
    basePath,
    limits,
    receive,
    handle(request) {
      const reception = receive(request);
      if (reception.kind === "answer") return reception.response;
      const body = request.body ?? new Uint8Array(0);
      return reception.complete(body.byteLength > reception.cap ? BODY_TOO_LARGE : body);
    },
    close() {
      for (const session of store.all()) session.releaseHangs();
    },
    async tick() {
      let sliceOver = sliceDeadline();
      for (const session of store.unsettled()) {
        // Evicted or replaced since the list was taken: not this clock's business any more.
        if (session.storedAs === undefined) continue;
        const next = planStep(session.state, now());
        if (next === undefined) store.markSettled(session);
        else session.state = next;
        if (sliceOver()) {
          await nextTask();
          sliceOver = sliceDeadline();
        }
      }
    },
  };
}
