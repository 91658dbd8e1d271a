/** The `/__mock/` control endpoints (domain.md §5.2): the HTTP face of the MockCore control functions. */
import { badRequest, errorResponse, jsonResponse, methodNotAllowed, noContent, notFound } from "../dropshot/errors.js";
import type { MockRequest, MockResponse } from "../http/message.js";
import { MockControlError, type AdvanceRequest, type MockCore, type MupdateRequest } from "../mock.js";

type ControlBody = { ok: true; value: unknown } | { ok: false; response: MockResponse };

function readJson(request: MockRequest, optional: boolean): ControlBody {
  const bytes = request.body;
  if (!bytes || bytes.byteLength === 0) {
    return optional ? { ok: true, value: undefined } : { ok: false, response: badRequest("request body required: a JSON document") };
  }
  try {
    return { ok: true, value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown };
  } catch (error) {
    return { ok: false, response: badRequest(`invalid JSON body: ${(error as Error).message}`) };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function parseAdvance(value: unknown): AdvanceRequest {
  if (isObject(value) && value.until === "settled") return { until: "settled" };
  if (isObject(value) && typeof value.steps === "number") return { steps: value.steps };
  if (value === undefined) return { steps: 1 };
  throw new MockControlError('body must be {"steps": n} or {"until": "settled"}');
}

function parseMupdate(value: unknown): MupdateRequest {
  if (!isObject(value) || typeof value.version !== "string") throw new MockControlError('body must be {"version": semver, "sleds": "all" | [uuid, ...]}');
  const sleds = value.sleds ?? "all";
  if (sleds === "all") return { version: value.version, sleds };
  if (Array.isArray(sleds) && sleds.every((id): id is string => typeof id === "string")) return { version: value.version, sleds };
  throw new MockControlError('sleds must be "all" or an array of sled ids');
}

const ROUTES: Record<string, Partial<Record<string, (core: MockCore, request: MockRequest, session: string) => MockResponse>>> = {
  "/__mock/state": {
    GET: (core, _request, session) => jsonResponse(200, core.getState(session)),
    PUT: (core, request, session) => withBody(request, false, (value) => core.setState(value, session)),
  },
  "/__mock/scenarios": { GET: (core) => jsonResponse(200, core.scenarios()) },
  "/__mock/reset": {
    POST: (core, request, session) =>
      withBody(request, true, (value) => {
        if (value !== undefined && !(isObject(value) && (value.scenario === undefined || typeof value.scenario === "string"))) {
          throw new MockControlError('body must be {"scenario": name}');
        }
        core.reset(isObject(value) ? (value.scenario as string | undefined) : undefined, session);
      }),
  },
  "/__mock/mupdate": { POST: (core, request, session) => withBody(request, false, (value) => core.mupdate(parseMupdate(value), session)) },
  "/__mock/advance": {
    POST: (core, request, session) => {
      const body = readJson(request, true);
      if (!body.ok) return body.response;
      return run(() => jsonResponse(200, core.advance(parseAdvance(body.value), session)));
    },
  },
};

function run(action: () => MockResponse): MockResponse {
  try {
    return action();
  } catch (error) {
    if (error instanceof MockControlError) return errorResponse(error.status, error.status === 404 ? "ObjectNotFound" : "InvalidRequest", error.message);
    throw error;
  }
}

function withBody(request: MockRequest, optional: boolean, action: (value: unknown) => void): MockResponse {
  const body = readJson(request, optional);
  if (!body.ok) return body.response;
  return run(() => {
    action(body.value);
    return noContent();
  });
}

export function handleControlRequest(core: MockCore, request: MockRequest, path: string, session: string): MockResponse {
  const methods = ROUTES[path];
  if (!methods) return notFound();
  const handler = methods[request.method];
  if (!handler) return methodNotAllowed(Object.keys(methods));
  return handler(core, request, session);
}
