/**
 * The `/__mock/` control endpoints on the wire, routed from the control table (`table.ts`; docs/design.md,
 * "Control endpoints"). Bodies are JSON documents (capped by `maxControlBodyBytes`); refusals use
 * dropshot's error shape like every other answer.
 */
import { parseJsonBytes } from "../../../src/shared/json.js";
import { decodePercent } from "../../../src/shared/percent.js";
import { badRequest, bodyTooLarge, errorResponse, methodNotAllowed, notFound } from "../dropshot/errors.js";
import { jsonAnswer, noContent } from "../dropshot/responses.js";
import { BODY_TOO_LARGE, type MockResponse, type Reception } from "../protocol/message.js";
import { MockControlError } from "../protocol/control-errors.js";
import type { ControlOperations } from "./control-types.js";
import type { ControlRequestParts } from "./endpoint.js";
import { CONTROL_PREFIX, CONTROL_TABLE } from "./table.js";

export { CONTROL_PREFIX };

type Entry = (typeof CONTROL_TABLE)[keyof typeof CONTROL_TABLE];

/** A path with `{id}`: what comes before it (the id is the rest of the path, percent-decoded). */
const ID_MARK = "{id}";

/** Path → method → entry; Maps, so no request can reach an inherited property. */
const EXACT = new Map<string, Map<string, Entry>>();
/** Paths ending in `{id}`, by what comes before the id. */
const WITH_ID = new Map<string, Map<string, Entry>>();
for (const entry of Object.values(CONTROL_TABLE)) {
  const withId = entry.path.endsWith(ID_MARK);
  const routes = withId ? WITH_ID : EXACT;
  const key = withId ? entry.path.slice(0, -ID_MARK.length) : entry.path;
  const methods = routes.get(key) ?? new Map<string, Entry>();
  methods.set(entry.method, entry);
  routes.set(key, methods);
}

/** The entries at `path` by method, and the path's id (if it has one); undefined: no such control path. */
function match(path: string): { methods: ReadonlyMap<string, Entry>; id: string } | undefined {
  const exact = EXACT.get(path);
  if (exact !== undefined) return { methods: exact, id: "" };
  for (const [prefix, methods] of WITH_ID) {
    if (path.startsWith(prefix) && path.length > prefix.length) return { methods, id: decodePercent(path.slice(prefix.length)) };
  }
  return undefined;
}

const refusal = (error: unknown): MockResponse => {
  if (error instanceof MockControlError)
    return errorResponse(error.status, error.status === 404 ? "ObjectNotFound" : "InvalidRequest", error.message);
  throw error;
};

const answer = (entry: Entry, result: unknown): MockResponse => (entry.status === 204 ? noContent() : jsonAnswer(entry.status, result));

function run(entry: Entry, ops: ControlOperations, parts: ControlRequestParts, session: string): MockResponse | Promise<MockResponse> {
  try {
    const result = entry.invoke(ops, parts, session);
    return result instanceof Promise ? result.then((value) => answer(entry, value), refusal) : answer(entry, result);
  } catch (error) {
    return refusal(error);
  }
}

function readBody(entry: Entry, bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; response: MockResponse } {
  if (bytes.byteLength === 0) {
    if (entry.body === "optional") return { ok: true, value: undefined };
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
  const found = match(request.path);
  if (found === undefined) return { kind: "answer", response: notFound() };
  const entry = found.methods.get(request.method);
  if (entry === undefined) return { kind: "answer", response: methodNotAllowed([...found.methods.keys()]) };
  const parts = (body: unknown): ControlRequestParts => ({ body, query: new URLSearchParams(request.query), id: found.id });
  if (entry.body === "none") return { kind: "answer", response: run(entry, ops, parts(undefined), request.session) };
  return {
    kind: "body",
    cap,
    abandon: () => undefined,
    complete(bytes) {
      if (bytes === BODY_TOO_LARGE) return bodyTooLarge(cap);
      const body = readBody(entry, bytes);
      return body.ok ? run(entry, ops, parts(body.value), request.session) : body.response;
    },
  };
}
