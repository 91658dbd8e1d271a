/**
 * The `/__mock/` control endpoints: the HTTP face of the control operations (docs/design.md, "Control
 * endpoints"). Bodies are JSON documents (capped by `maxControlBodyBytes`); refusals use dropshot's error
 * shape like every other answer.
 */
import { isJsonObject, ownField, parseJsonBytes } from "../../../src/shared/json.js";
import { decodePercent } from "../../../src/shared/percent.js";
import { badRequest, bodyTooLarge, errorResponse, methodNotAllowed, notFound, objectNotFound } from "../dropshot/errors.js";
import { jsonAnswer, noContent } from "../dropshot/responses.js";
import { parseFaultRule, parseLatency, requireOperationId } from "../faults/rules.js";
import type { OperationId } from "../protocol/operation-types.js";
import { BODY_TOO_LARGE, type MockResponse, type Reception } from "../protocol/message.js";
import type { AdvanceRequest, ControlOperations, LatencySetting, MupdateRequest } from "./control-types.js";
import { MockControlError } from "../protocol/control-errors.js";

/** Every control path starts with this; it never collides with the real API. */
export const CONTROL_PREFIX = "/__mock/";

/** What a control endpoint gets: the JSON body (if any), the session, the query and a path id. */
interface ControlInput {
  readonly body: unknown;
  readonly session: string;
  readonly query: URLSearchParams;
  /** The `{id}` of `/__mock/faults/{id}`. */
  readonly id: string;
}

interface ControlRoute {
  /** Whether the endpoint reads a JSON body, and whether it may be absent. */
  readonly body: "none" | "optional" | "required";
  handle(ops: ControlOperations, input: ControlInput): MockResponse | Promise<MockResponse>;
}

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

function requiredQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null) throw new MockControlError(`the query needs ${name}=`);
  return value;
}

function operationFilter(query: URLSearchParams): { operation?: OperationId } {
  const operation = query.get("operation");
  if (operation === null) return {};
  return { operation: requireOperationId(operation) };
}

function latencySetting(body: unknown): LatencySetting {
  const { spec, operation } = parseLatency(body);
  return operation === undefined ? spec : { ...spec, operation };
}

const done = (action: () => void): MockResponse => {
  action();
  return noContent();
};

const routes = (entries: [string, ControlRoute][]) => new Map<string, ControlRoute>(entries);

/** Path → method → endpoint; Maps, so no request can reach an inherited property. */
const CONTROL_ROUTES: ReadonlyMap<string, ReadonlyMap<string, ControlRoute>> = new Map([
  [
    "/__mock/state",
    routes([
      ["GET", { body: "none", handle: (ops, { session }) => jsonAnswer(200, ops.getState(session)) }],
      ["PUT", { body: "required", handle: (ops, { body, session }) => done(() => ops.setState(body, session)) }],
    ]),
  ],
  ["/__mock/scenarios", routes([["GET", { body: "none", handle: (ops) => jsonAnswer(200, ops.scenarios()) }]])],
  ["/__mock/sessions", routes([["GET", { body: "none", handle: (ops) => jsonAnswer(200, ops.sessionNames()) }]])],
  [
    "/__mock/verdicts",
    routes([
      [
        "GET",
        { body: "none", handle: (ops, { query, session }) => jsonAnswer(200, ops.verdicts(requiredQuery(query, "version"), session)) },
      ],
    ]),
  ],
  [
    "/__mock/reset",
    routes([["POST", { body: "optional", handle: (ops, { body, session }) => done(() => ops.reset(parseReset(body), session)) }]]),
  ],
  [
    "/__mock/mupdate",
    routes([["POST", { body: "required", handle: (ops, { body, session }) => done(() => ops.mupdate(parseMupdate(body), session)) }]]),
  ],
  ["/__mock/prune", routes([["POST", { body: "none", handle: (ops, { session }) => jsonAnswer(200, ops.prune(session)) }]])],
  [
    "/__mock/advance",
    routes([
      [
        "POST",
        {
          body: "optional",
          handle: async (ops, { body, session }) => jsonAnswer(200, await ops.advanceInSlices(parseAdvance(body), session)),
        },
      ],
    ]),
  ],
  [
    "/__mock/faults",
    routes([
      ["GET", { body: "none", handle: (ops, { session }) => jsonAnswer(200, ops.faults(session)) }],
      ["POST", { body: "required", handle: (ops, { body, session }) => jsonAnswer(201, ops.addFault(parseFaultRule(body), session)) }],
      ["DELETE", { body: "none", handle: (ops, { session }) => done(() => ops.clearFaults(session)) }],
    ]),
  ],
  [
    "/__mock/faults/{id}",
    routes([
      [
        "DELETE",
        { body: "none", handle: (ops, { id, session }) => (ops.removeFault(id, session) ? noContent() : objectNotFound("fault", id)) },
      ],
    ]),
  ],
  [
    "/__mock/latency",
    routes([
      ["GET", { body: "none", handle: (ops, { session }) => jsonAnswer(200, ops.latency(session)) }],
      ["PUT", { body: "required", handle: (ops, { body, session }) => done(() => ops.setLatency(latencySetting(body), session)) }],
      ["DELETE", { body: "none", handle: (ops, { session }) => done(() => ops.clearLatency(session)) }],
    ]),
  ],
  [
    "/__mock/requests",
    routes([
      ["GET", { body: "none", handle: (ops, { query, session }) => jsonAnswer(200, ops.requests({ ...operationFilter(query), session })) }],
      ["DELETE", { body: "none", handle: (ops, { session }) => done(() => ops.clearRequests(session)) }],
    ]),
  ],
]);

const FAULT_PREFIX = "/__mock/faults/";

const refusal = (error: unknown): MockResponse => {
  if (error instanceof MockControlError)
    return errorResponse(error.status, error.status === 404 ? "ObjectNotFound" : "InvalidRequest", error.message);
  throw error;
};

function run(route: ControlRoute, ops: ControlOperations, input: ControlInput): MockResponse | Promise<MockResponse> {
  try {
    const answer = route.handle(ops, input);
    return answer instanceof Promise ? answer.catch(refusal) : answer;
  } catch (error) {
    return refusal(error);
  }
}

function readBody(route: ControlRoute, bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; response: MockResponse } {
  if (bytes.byteLength === 0) {
    if (route.body === "optional") return { ok: true, value: undefined };
    return { ok: false, response: badRequest("request body required: a JSON document") };
  }
  const parsed = parseJsonBytes(bytes);
  return parsed.ok ? parsed : { ok: false, response: badRequest(`invalid JSON body: ${parsed.message}`) };
}

export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly session: string;
}

/** A control request after its head: routed at once, its body (if any) read up to `cap`. */
export function receiveControl(ops: ControlOperations, request: ControlRequest, cap: number): Reception {
  const isFault = request.path.startsWith(FAULT_PREFIX) && request.path.length > FAULT_PREFIX.length;
  const methods = CONTROL_ROUTES.get(isFault ? "/__mock/faults/{id}" : request.path);
  if (methods === undefined) return { kind: "answer", response: notFound() };
  const route = methods.get(request.method);
  if (route === undefined) return { kind: "answer", response: methodNotAllowed([...methods.keys()]) };
  const input = (body: unknown): ControlInput => ({
    body,
    session: request.session,
    query: new URLSearchParams(request.query),
    id: isFault ? decodePercent(request.path.slice(FAULT_PREFIX.length)) : "",
  });
  if (route.body === "none") return { kind: "answer", response: run(route, ops, input(undefined)) };
  return {
    kind: "body",
    cap,
    abandon: () => undefined,
    complete(bytes) {
      if (bytes === BODY_TOO_LARGE) return bodyTooLarge(cap);
      const body = readBody(route, bytes);
      return body.ok ? run(route, ops, input(body.value)) : body.response;
    },
  };
}
