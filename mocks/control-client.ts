/**
 * Test helpers for a mock behind HTTP (the standalone server, or MSW handlers): the `/__mock/`
 * endpoints as typed functions, so a test drives a remote rack as it would drive `MockCore`.
 */
import type { RackState } from "./core/simulator/state.js";
import { SESSION_HEADER } from "./core/sessions/store.js";
import type {
  AdvanceRequest,
  AdvanceResult,
  PruneResult,
  LatencySetting,
  MupdateRequest,
  ScenarioInfo,
  Verdict,
} from "./core/sessions/control-types.js";
import type { FaultRule, FaultRuleInput, LatencySpec } from "./core/faults/rules.js";
import type { JournalEntry } from "./core/journal/journal.js";
import type { OperationId } from "./core/protocol/operation-types.js";

export interface MockControlOptions {
  readonly baseUrl: string;
  /** `x-mock-session`: each name is its own rack. */
  readonly session?: string;
  /** The control token, when the mock runs with auth on (sent as `authorization: Bearer <token>`). */
  readonly controlToken?: string;
  readonly fetch?: (request: Request) => Promise<Response>;
}

export interface MockControl {
  getState(): Promise<RackState>;
  setState(state: unknown): Promise<void>;
  reset(scenario?: string): Promise<void>;
  mupdate(request: MupdateRequest): Promise<void>;
  advance(request?: AdvanceRequest): Promise<AdvanceResult>;
  /** Runs the repository pruner once now; resolves to the version it pruned, or null. */
  prune(): Promise<PruneResult>;
  scenarios(): Promise<ScenarioInfo[]>;
  /** Names of the sessions the mock keeps now. */
  sessions(): Promise<string[]>;
  /** Adds a fault rule; resolves to it, with its id. */
  addFault(rule: FaultRuleInput): Promise<FaultRule>;
  faults(): Promise<FaultRule[]>;
  removeFault(id: string): Promise<void>;
  clearFaults(): Promise<void>;
  setLatency(latency: LatencySetting): Promise<void>;
  latency(): Promise<{ all: LatencySpec | null; operations: Record<string, LatencySpec> }>;
  clearLatency(): Promise<void>;
  /** The session's request journal, oldest first (one operation's when asked). */
  requests<K extends OperationId = OperationId>(filter?: { readonly operation?: K }): Promise<JournalEntry<K>[]>;
  clearRequests(): Promise<void>;
  /** What the rules would answer now to an update and to a recovery to `version`. */
  verdicts(version: string): Promise<{ version: string; update: Verdict; recover: Verdict }>;
}

export class MockControlRequestError extends Error {
  override readonly name = "MockControlRequestError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createMockControl(options: MockControlOptions): MockControl {
  const base = options.baseUrl.replace(/\/+$/, "");
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (options.session !== undefined) headers[SESSION_HEADER] = options.session;
    if (options.controlToken !== undefined) headers["authorization"] = `Bearer ${options.controlToken}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const request = new Request(`${base}/__mock/${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const response = await (options.fetch ?? globalThis.fetch)(request);
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new MockControlRequestError(response.status, message);
    }
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  }
  return {
    getState: async () => (await call("GET", "state")) as RackState,
    setState: async (state) => void (await call("PUT", "state", state)),
    reset: async (scenario) => void (await call("POST", "reset", scenario === undefined ? undefined : { scenario })),
    mupdate: async (request) => void (await call("POST", "mupdate", request)),
    advance: async (request = { steps: 1 }) => (await call("POST", "advance", request)) as AdvanceResult,
    prune: async () => (await call("POST", "prune")) as PruneResult,
    scenarios: async () => (await call("GET", "scenarios")) as ScenarioInfo[],
    sessions: async () => (await call("GET", "sessions")) as string[],
    addFault: async (rule) => (await call("POST", "faults", rule)) as FaultRule,
    faults: async () => (await call("GET", "faults")) as FaultRule[],
    removeFault: async (id) => void (await call("DELETE", `faults/${encodeURIComponent(id)}`)),
    clearFaults: async () => void (await call("DELETE", "faults")),
    setLatency: async (latency) => void (await call("PUT", "latency", latency)),
    latency: async () => (await call("GET", "latency")) as { all: LatencySpec | null; operations: Record<string, LatencySpec> },
    clearLatency: async () => void (await call("DELETE", "latency")),
    requests: async <K extends OperationId = OperationId>(filter: { readonly operation?: K } = {}) =>
      (await call(
        "GET",
        filter.operation === undefined ? "requests" : `requests?operation=${encodeURIComponent(filter.operation)}`,
      )) as JournalEntry<K>[],
    clearRequests: async () => void (await call("DELETE", "requests")),
    verdicts: async (version) =>
      (await call("GET", `verdicts?version=${encodeURIComponent(version)}`)) as { version: string; update: Verdict; recover: Verdict },
  };
}
