/**
 * One API request through the server's pipeline, in upstream's order: `api-version` header, route, body
 * (size cap, content type, JSON), then the handler, which authenticates once its inputs are parsed
 * (docs/design.md, "Order of checks"). Around it, what a test set up for the session: latency, faults and
 * overrides, decided right after routing; and the journal, written once the answer is known.
 */
import { badRequest, bodyTooLarge, errorResponse, methodNotAllowed, notFound } from "../dropshot/errors.js";
import { limitMessage } from "../limits.js";
import { earlyAnswer, insertFailure } from "../faults/answers.js";
import { overrideResponse, type StoredOverride } from "../faults/overrides.js";
import type { Fault, RequestPlan } from "../faults/plan.js";
import type { JournalRecord } from "../journal/journal.js";
import type { Operation } from "../operations/table.js";
import type { OperationId } from "../operations/types.js";
import type { Session } from "../sessions/session.js";
import type { SessionStore } from "../sessions/store.js";
import { API_VERSION_HEADER, resolveApiVersion } from "./api-version.js";
import { LATEST_API_VERSION } from "../../../generated/index.js";
import { BODY_TOO_LARGE, NETWORK_FAILURE, type MockResponse, type Reception, type RequestHead } from "./message.js";
import { RequestContext, type ApiSettings } from "./request-context.js";
import { matchRoute } from "./router.js";
import type { RequestTarget } from "./target.js";

export type { ApiSettings };

type Answer = MockResponse | Promise<MockResponse>;

const EMPTY_BODY = new Uint8Array(0);

const later = (ms: number, produce: () => Answer): Answer =>
  ms <= 0 ? produce() : new Promise<void>((resolve) => setTimeout(resolve, ms)).then(produce);

const then = (answer: Answer, next: (response: MockResponse) => MockResponse): Answer =>
  answer instanceof Promise ? answer.then(next) : next(answer);

/** A request held by a `hang` fault: its connection fails when the session is reset or the mock shuts down. */
function hang(session: Session, maxMs: number): Promise<MockResponse> {
  return new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      session.hangs.delete(release);
      resolve(NETWORK_FAILURE);
    };
    const timer = setTimeout(release, maxMs);
    session.hangs.add(release);
  });
}

/** The `system_version` of a body the target-release reader accepted (it is a JSON object holding one). */
function systemVersionOf(bytes: Uint8Array): string {
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { system_version?: unknown };
  return String(parsed.system_version);
}

class ApiRequest {
  operationId: OperationId | null = null;
  plan: RequestPlan = { latencyMs: 0, fault: undefined };
  /** The JSON body, kept for the journal; an upload's bytes are counted, never kept. */
  body: Uint8Array | null = null;
  bodyBytes = 0;
  override = false;
  readonly time: number;

  constructor(
    readonly store: SessionStore,
    readonly settings: ApiSettings,
    readonly head: RequestHead,
    readonly target: RequestTarget,
    readonly sessionName: string,
  ) {
    this.time = settings.now().getTime();
  }

  /** The answer, written to the session's journal if the session exists by then. */
  record(response: MockResponse): MockResponse {
    const session = this.store.find(this.sessionName);
    if (session === undefined) return response;
    const fault = this.plan.fault;
    const record: JournalRecord = {
      time: this.time,
      method: this.head.method,
      path: this.target.path,
      query: this.target.query,
      operationId: this.operationId,
      apiVersion: this.head.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION,
      role: this.ctxRole,
      body: this.body,
      bodyBytes: this.bodyBytes,
      response,
      latencyMs: this.plan.latencyMs,
      fault: fault === undefined ? null : { id: fault.id, kind: fault.kind },
      override: this.override,
    };
    session.journal.add(record);
    this.store.emit({ type: "request", session: this.sessionName });
    return response;
  }

  ctxRole: JournalRecord["role"] = "anonymous";

  answer(response: Answer): Reception {
    return { kind: "answer", response: then(response, (value) => this.record(value)) };
  }
}

/** What a fault that applies once the request was handled makes of its answer. */
function afterHandling(
  fault: Fault | undefined,
  ctx: RequestContext,
  before: Session["state"],
  bytes: Uint8Array,
  response: MockResponse,
): MockResponse {
  if (fault === undefined) return response;
  if (fault.kind === "applied-then-lost") return NETWORK_FAILURE;
  if ((fault.kind === "generation-conflict" || fault.kind === "repository-pruned") && response.status >= 200 && response.status < 300) {
    // Upstream fails at the insert: nothing of the change stays.
    ctx.session.state = before;
    ctx.session.faults.consume(fault.id);
    return insertFailure(fault.kind, systemVersionOf(bytes));
  }
  return response;
}

function serveOverride(request: ApiRequest, override: StoredOverride, ctx: RequestContext, bytes: Uint8Array): Answer {
  request.override = true;
  if (override.remaining !== undefined && --override.remaining <= 0) {
    const overrides = ctx.session.overrides;
    overrides.splice(overrides.indexOf(override), 1);
  }
  let body: unknown;
  try {
    body = bytes.byteLength === 0 ? undefined : (JSON.parse(new TextDecoder().decode(bytes)) as unknown);
  } catch {
    body = undefined;
  }
  const resolved = override.resolve({
    operationId: override.operationId,
    apiVersion: request.head.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION,
    method: request.head.method,
    path: request.target.path,
    query: ctx.query,
    body: body as never,
  });
  return resolved instanceof Promise ? resolved.then(overrideResponse) : overrideResponse(resolved);
}

/** An API request after its head: refused at once, or waiting for its body (up to the operation's cap). */
export function receiveApi(
  store: SessionStore,
  settings: ApiSettings,
  head: RequestHead,
  target: RequestTarget,
  sessionName: string,
): Reception {
  const request = new ApiRequest(store, settings, head, target, sessionName);
  const version = resolveApiVersion(head.headers.get(API_VERSION_HEADER));
  if (!version.ok) return request.answer(badRequest(version.message));
  const route = matchRoute(head.method, target.path, version.version);
  if (route.kind === "not-found") return request.answer(notFound());
  if (route.kind === "method-not-allowed") return request.answer(methodNotAllowed(route.allowed));
  const entry: Operation = route.entry;
  request.operationId = entry.operationId;
  const ctx = new RequestContext(
    store,
    sessionName,
    version.version,
    target.query,
    route.pathParams,
    head.headers.get("authorization"),
    settings,
  );
  request.ctxRole = ctx.authenticated ? ctx.role : "anonymous";

  // What the test set up for this session, decided now that the operation is known.
  const existing = store.find(sessionName);
  const plan = (existing?.faults ?? settings.defaultFaults).plan(entry.operationId);
  request.plan = plan;
  const delay = plan.latencyMs;
  const finish = (answer: Answer): Answer => then(answer, (response) => ctx.finish(response));
  if (plan.fault?.kind === "hang" && existing !== undefined)
    return request.answer(later(delay, () => hang(existing, settings.limits.maxHangMs)));
  const early = plan.fault === undefined ? undefined : earlyAnswer(plan.fault);
  if (early !== undefined) return request.answer(later(delay, () => early));

  const requested = head.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION;
  const override = existing?.overrides.find(
    (candidate) =>
      candidate.operationId === entry.operationId && (candidate.apiVersion === undefined || candidate.apiVersion === requested),
  );
  let handle: (bytes: Uint8Array) => Answer;
  if (override !== undefined) {
    handle = (bytes) => serveOverride(request, override, ctx, bytes);
  } else {
    const admission = entry.admit(ctx);
    if (!admission.ok) return request.answer(later(delay, () => admission.response));
    handle = (bytes) => {
      const before = ctx.session.state;
      return finish(
        then(admission.serve(bytes, head.headers.get("content-type")), (response) =>
          afterHandling(plan.fault, ctx, before, bytes, response),
        ),
      );
    };
  }
  const serve = (bytes: Uint8Array): Answer => later(delay, () => handle(bytes));
  if (entry.bodyKind === "none") return request.answer(serve(EMPTY_BODY));
  const cap = entry.bodyKind === "binary" ? settings.limits.maxUploadBytes : settings.limits.maxJsonBodyBytes;
  const slot = entry.bodyKind === "binary" ? uploadSlot(settings) : NO_SLOT;
  if (slot === undefined) return request.answer(later(delay, () => tooManyUploads(settings)));
  const receive = (bytes: Uint8Array | typeof BODY_TOO_LARGE): Answer => {
    // The cap is dropshot's first body check: it wins over the content type and the JSON.
    if (bytes === BODY_TOO_LARGE)
      return then(
        later(delay, () => bodyTooLarge(cap)),
        (response) => request.record(response),
      );
    request.body = entry.bodyKind === "json" ? bytes : null;
    request.bodyBytes = bytes.byteLength;
    return then(serve(bytes), (response) => request.record(response));
  };
  return {
    kind: "body",
    cap,
    complete(bytes) {
      let answer: Answer;
      try {
        answer = receive(bytes);
      } catch (error) {
        slot.release();
        throw error;
      }
      if (answer instanceof Promise) return answer.finally(slot.release);
      slot.release();
      return answer;
    },
    abandon: slot.release,
  };
}

/** A place among the uploads in flight, given back once (by the answer, or when the body never comes). */
interface UploadSlot {
  readonly release: () => void;
}
const NO_SLOT: UploadSlot = { release: () => undefined };

function uploadSlot(settings: ApiSettings): UploadSlot | undefined {
  const uploads = settings.uploads;
  if (uploads.inFlight >= settings.limits.maxUploadsInFlight) return undefined;
  uploads.inFlight += 1;
  let held = true;
  return {
    release: () => {
      if (held) uploads.inFlight -= 1;
      held = false;
    },
  };
}

/** 503: a client should try again shortly, as after upstream's own 503. */
const tooManyUploads = (settings: ApiSettings): MockResponse =>
  errorResponse(
    503,
    "ServiceNotAvailable",
    limitMessage(settings.limits, "maxUploadsInFlight", `${settings.uploads.inFlight} uploads are in flight`),
  );
