/**
 * The control plane's spine: every `/__mock/` control endpoint, one entry each (`endpoint.ts` says what an
 * entry holds). The mock's routes (`control-http.ts`, for the standalone server and MSW alike),
 * `createMockControl` and the devtools page's paths come from it; the compiler checks that every control
 * operation (but the in-process ones) has an entry and that every entry runs an operation that exists.
 * A new endpoint is one entry here and its operation in `rack-operations.ts` or `unhappy-operations.ts`.
 */
import { isJsonObject, ownField } from "../../../src/shared/json.js";
import type { FaultRuleInput } from "../faults/rules.js";
import type { OperationId } from "../protocol/operation-types.js";
import { MockControlError } from "../protocol/control-errors.js";
import type { AdvanceRequest, ControlOperations, LatencySetting, MupdateRequest } from "./control-types.js";
import {
  checkedByOperation,
  endpoint,
  noInput,
  requiredQuery,
  type ControlCall,
  type ControlMethod,
  type InProcessOperation,
} from "./endpoint.js";

/** Every control path starts with this; it never collides with the real API. */
export const CONTROL_PREFIX = "/__mock/";

function parseAdvance(value: unknown): AdvanceRequest {
  if (value === undefined) return { steps: 1 };
  const until = isJsonObject(value) ? ownField(value, "until") : undefined;
  const steps = isJsonObject(value) ? ownField(value, "steps") : undefined;
  if (until === "settled") return { until: "settled" };
  if (typeof steps === "number") return { steps };
  throw new MockControlError('body must be {"steps": n} or {"until": "settled"}');
}

function parseMupdate(value: unknown): MupdateRequest {
  const version = isJsonObject(value) ? ownField(value, "version") : undefined;
  if (!isJsonObject(value) || typeof version !== "string")
    throw new MockControlError('body must be {"version": semver, "sleds": "all" | [uuid, ...]}');
  const sleds = ownField(value, "sleds") ?? "all";
  if (sleds === "all") return { version, sleds };
  if (Array.isArray(sleds) && sleds.every((id): id is string => typeof id === "string")) return { version, sleds };
  throw new MockControlError('sleds must be "all" or an array of sled ids');
}

function parseReset(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const scenario = isJsonObject(value) ? ownField(value, "scenario") : null;
  if (scenario === undefined || typeof scenario === "string") return scenario;
  throw new MockControlError('body must be {"scenario": name}');
}

const body = <T>(value: T) => ({ body: value });
const nothing = () => ({});

/** Keyed by the name a client calls it by (`MockControl`'s methods, the page's requests). */
const ENTRIES = {
  getState: endpoint({
    operation: "getState",
    method: "GET",
    path: "/__mock/state",
    access: "read",
    body: "none",
    status: 200,
    send: nothing,
    parse: noInput,
    run: (ops, _, session) => ops.getState(session),
  }),
  setState: endpoint({
    operation: "setState",
    method: "PUT",
    path: "/__mock/state",
    access: "write",
    body: "required",
    status: 204,
    send: (state: unknown) => body(state),
    parse: ({ body }) => body,
    run: (ops, document, session) => ops.setState(document, session),
  }),
  reset: endpoint({
    operation: "reset",
    method: "POST",
    path: "/__mock/reset",
    access: "write",
    body: "optional",
    status: 204,
    send: (scenario?: string) => (scenario === undefined ? {} : body({ scenario })),
    parse: ({ body }) => parseReset(body),
    run: (ops, scenario, session) => ops.reset(scenario, session),
  }),
  mupdate: endpoint({
    operation: "mupdate",
    method: "POST",
    path: "/__mock/mupdate",
    access: "write",
    body: "required",
    status: 204,
    send: (request: MupdateRequest) => body(request),
    parse: ({ body }) => parseMupdate(body),
    run: (ops, request, session) => ops.mupdate(request, session),
  }),
  advance: endpoint({
    operation: "advanceInSlices",
    method: "POST",
    path: "/__mock/advance",
    access: "write",
    body: "optional",
    status: 200,
    send: (request: AdvanceRequest = { steps: 1 }) => body(request),
    parse: ({ body }) => parseAdvance(body),
    run: (ops, request, session) => ops.advanceInSlices(request, session),
  }),
  prune: endpoint({
    operation: "prune",
    method: "POST",
    path: "/__mock/prune",
    access: "write",
    body: "none",
    status: 200,
    send: nothing,
    parse: noInput,
    run: (ops, _input, session) => ops.prune(session),
  }),
  scenarios: endpoint({
    operation: "scenarios",
    method: "GET",
    path: "/__mock/scenarios",
    access: "read",
    body: "none",
    status: 200,
    send: nothing,
    parse: noInput,
    run: (ops) => [...ops.scenarios()],
  }),
  sessions: endpoint({
    operation: "sessionNames",
    method: "GET",
    path: "/__mock/sessions",
    access: "read",
    body: "none",
    status: 200,
    send: nothing,
    parse: noInput,
    run: (ops) => ops.sessionNames(),
  }),
  verdicts: endpoint({
    operation: "verdicts",
    method: "GET",
    path: "/__mock/verdicts",
    access: "read",
    body: "none",
    status: 200,
    send: (version: string) => ({ query: { version } }),
    parse: ({ query }) => requiredQuery(query, "version"),
    run: (ops, version, session) => ops.verdicts(version, session),
  }),
  faults: endpoint({
    operation: "faults",
    method: "GET",
    path: "/__mock/faults",
    access: "read",
    body: "none",
    status: 200,
    send: nothing,
    parse: noInput,
    run: (ops, _, session) => ops.faults(session),
  }),
  addFault: endpoint({
    operation: "addFault",
    method: "POST",
    path: "/__mock/faults",
    access: "write",
    body: "required",
    status: 201,
    send: (rule: FaultRuleInput) => body(rule),
    parse: ({ body }) => checkedByOperation<FaultRuleInput>(body),
    run: (ops, rule, session) => ops.addFault(rule, session),
  }),
  clearFaults: endpoint({
    operation: "clearFaults",
    method: "DELETE",
    path: "/__mock/faults",
    access: "write",
    body: "none",
    status: 204,
    send: nothing,
    parse: noInput,
    run: (ops, _, session) => ops.clearFaults(session),
  }),
  removeFault: endpoint({
    operation: "removeFault",
    method: "DELETE",
    path: "/__mock/faults/{id}",
    access: "write",
    body: "none",
    status: 204,
    send: (id: string) => ({ id }),
    parse: ({ id }) => id,
    run: (ops, id, session) => {
      if (!ops.removeFault(id, session)) throw new MockControlError(`not found: fault with id "${id}"`, 404);
    },
  }),
  latency: endpoint({
    operation: "latency",
    method: "GET",
    path: "/__mock/latency",
    access: "read",
    body: "none",
    status: 200,
    send: nothing,
    parse: noInput,
    run: (ops, _, session) => ops.latency(session),
  }),
  setLatency: endpoint({
    operation: "setLatency",
    method: "PUT",
    path: "/__mock/latency",
    access: "write",
    body: "required",
    status: 204,
    send: (latency: LatencySetting) => body(latency),
    parse: ({ body }) => checkedByOperation<LatencySetting>(body),
    run: (ops, latency, session) => ops.setLatency(latency, session),
  }),
  clearLatency: endpoint({
    operation: "clearLatency",
    method: "DELETE",
    path: "/__mock/latency",
    access: "write",
    body: "none",
    status: 204,
    send: nothing,
    parse: noInput,
    run: (ops, _, session) => ops.clearLatency(session),
  }),
  requests: endpoint({
    operation: "requests",
    method: "GET",
    path: "/__mock/requests",
    access: "read",
    body: "none",
    status: 200,
    send: (filter: { readonly operation?: OperationId } = {}) =>
      filter.operation === undefined ? {} : { query: { operation: filter.operation } },
    parse: ({ query }) => checkedByOperation<OperationId | undefined>(query.get("operation") ?? undefined),
    run: (ops, operation, session) => ops.requests(operation === undefined ? { session } : { operation, session }),
  }),
  clearRequests: endpoint({
    operation: "clearRequests",
    method: "DELETE",
    path: "/__mock/requests",
    access: "write",
    body: "none",
    status: 204,
    send: nothing,
    parse: noInput,
    run: (ops, _, session) => ops.clearRequests(session),
  }),
};

type Entries = typeof ENTRIES;
/** What each entry is called with and answers, by name: the client's types. */
export type ControlSignatures = {
  [N in keyof Entries]: Entries[N] extends { send(...args: infer A): unknown; run(...args: never[]): infer R; status: infer S }
    ? { readonly args: A; readonly result: S extends 204 ? void : Awaited<R> }
    : never;
};
export type ControlName = keyof ControlSignatures;

/** The operations of `Ops` an endpoint must run but none of `Table`'s entries does. */
export type OperationsWithoutEndpoint<Ops, Table extends Record<string, { readonly operation: PropertyKey }>> = Exclude<
  keyof Ops,
  Table[keyof Table]["operation"] | InProcessOperation
>;

/** `Table`, when it gives every operation of `Ops` an endpoint; else a type naming the ones it lacks. */
export type CompleteTable<Ops, Table extends Record<string, { readonly operation: PropertyKey }>> = [
  OperationsWithoutEndpoint<Ops, Table>,
] extends [never]
  ? Table
  : { readonly "operations without an endpoint": OperationsWithoutEndpoint<Ops, Table> };

/** Every control endpoint, by the name a client calls it by. */
export const CONTROL_TABLE: CompleteTable<ControlOperations, Entries> = ENTRIES;

/** An entry as a client reads it: where to send a call, and how to put its arguments into the request. */
export interface ClientEndpoint<N extends ControlName> {
  readonly method: ControlMethod;
  readonly path: string;
  send(...args: ControlSignatures[N]["args"]): ControlCall;
}

/** The table as clients read it. */
export const CLIENT_ENDPOINTS: { readonly [N in ControlName]: ClientEndpoint<N> } = ENTRIES;

/** Every endpoint as an async function of its arguments, answering what the endpoint answers. */
export type ControlFunctions = {
  readonly [N in ControlName]: (...args: ControlSignatures[N]["args"]) => Promise<ControlSignatures[N]["result"]>;
};

/**
 * One function per endpoint, each calling `call` with its name (the one place the names are walked; the
 * assertion holds since every name gets `call` bound to it).
 */
export function controlFunctions(
  call: <N extends ControlName>(name: N, ...args: ControlSignatures[N]["args"]) => Promise<ControlSignatures[N]["result"]>,
): ControlFunctions {
  const names = Object.keys(ENTRIES) as ControlName[];
  return Object.fromEntries(
    names.map((name) => [name, (...args: ControlSignatures[typeof name]["args"]) => call(name, ...args)]),
  ) as ControlFunctions;
}
