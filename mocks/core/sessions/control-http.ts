/**
 * The `/__mock/` control endpoints: the HTTP face of the control operations. Bodies are JSON documents
 * (capped by `maxControlBodyBytes`); refusals use dropshot's error shape like every other answer.
 */
import { isJsonObject, ownField, parseJsonBytes } from "../../../src/shared/json.js";
import { MockControlError } from "./errors.js";
import type { AdvanceRequest, ControlOperations, MupdateRequest } from "./control.js";
import { badRequest, bodyTooLarge, errorResponse, methodNotAllowed, notFound } from "../dropshot/errors.js";
import { jsonAnswer, noContent } from "../dropshot/responses.js";
import { BODY_TOO_LARGE, type MockResponse, type Reception } from "../http/message.js";

/** Every control path starts with this; it never collides with the real API. */
export const CONTROL_PREFIX = "/__mock/";

interface ControlRoute {
  /** Whether the endpoint reads a JSON body, and whether it may be absent. */
  readonly body: "none" | "optional" | "required";
  handle(ops: ControlOperations, body: unknown, session: string): MockResponse | Promise<MockResponse>;
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

const done = (action: () => void): MockResponse => {
  action();
  return noContent();
};

/** Path → method → endpoint; Maps, so no request can reach an inherited property. */
const CONTROL_ROUTES: ReadonlyMap<string, ReadonlyMap<string, ControlRoute>> = new Map([
  [
    "/__mock/state",
    new Map<string, ControlRoute>([
      ["GET", { body: "none", handle: (ops, _body, session) => jsonAnswer(200, ops.getState(session)) }],
      ["PUT", { body: "required", handle: (ops, body, session) => done(() => ops.setState(body, session)) }],
    ]),
  ],
  ["/__mock/scenarios", new Map<string, ControlRoute>([["GET", { body: "none", handle: (ops) => jsonAnswer(200, ops.scenarios()) }]])],
  [
    "/__mock/reset",
    new Map<string, ControlRoute>([
      ["POST", { body: "optional", handle: (ops, body, session) => done(() => ops.reset(parseReset(body), session)) }],
    ]),
  ],
  [
    "/__mock/mupdate",
    new Map<string, ControlRoute>([
      ["POST", { body: "required", handle: (ops, body, session) => done(() => ops.mupdate(parseMupdate(body), session)) }],
    ]),
  ],
  [
    "/__mock/advance",
    new Map<string, ControlRoute>([
      [
        "POST",
        { body: "optional", handle: async (ops, body, session) => jsonAnswer(200, await ops.advanceInSlices(parseAdvance(body), session)) },
      ],
    ]),
  ],
]);

const refusal = (error: unknown): MockResponse => {
  if (error instanceof MockControlError)
    return errorResponse(error.status, error.status === 404 ? "ObjectNotFound" : "InvalidRequest", error.message);
  throw error;
};

function run(route: ControlRoute, ops: ControlOperations, body: unknown, session: string): MockResponse | Promise<MockResponse> {
  try {
    const answer = route.handle(ops, body, session);
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

/** A control request after its head: routed at once, its body (if any) read up to `cap`. */
export function receiveControl(ops: ControlOperations, method: string, path: string, session: string, cap: number): Reception {
  const methods = CONTROL_ROUTES.get(path);
  if (methods === undefined) return { kind: "answer", response: notFound() };
  const route = methods.get(method);
  if (route === undefined) return { kind: "answer", response: methodNotAllowed([...methods.keys()]) };
  if (route.body === "none") return { kind: "answer", response: run(route, ops, undefined, session) };
  return {
    kind: "body",
    cap,
    complete(bytes) {
      if (bytes === BODY_TOO_LARGE) return bodyTooLarge(cap);
      const body = readBody(route, bytes);
      return body.ok ? run(route, ops, body.value, session) : body.response;
    },
  };
}
