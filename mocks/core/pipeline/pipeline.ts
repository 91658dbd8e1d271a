/**
 * One API request through the server's pipeline, in upstream's order: `api-version` header, route, body
 * (size cap, content type, JSON), then the handler, which authenticates once its inputs are parsed
 * (docs/design.md, "Order of checks"). Around it, what a test set up for the session: latency, faults and
 * overrides, decided right after routing; and the journal, written once the answer is known.
 *
 * This is the hot path of a server meant to answer tens of thousands of requests a second: a request is
 * a `RequestRecord` and, once admitted, an `ApiExchange`; a synchronous answer allocates no closures.
 */
import { badRequest, bodyTooLarge, methodNotAllowed, notFound } from "../dropshot/errors.js";
import { earlyAnswer } from "../faults/answers.js";
import { afterHandling, findOverride, hang, serveOverride } from "./apply-faults.js";
import type { StoredOverride } from "../faults/overrides.js";
import type { RequestPlan } from "../faults/plan.js";
import { BODY_BYTES, type JournalRecord } from "../journal/journal.js";
import type { Admission } from "../operations/table.js";
import type { OperationId } from "../protocol/operation-types.js";
import type { SessionStore } from "../sessions/store.js";
import { LATEST_API_VERSION } from "../../../generated/index.js";
import { API_VERSION_HEADER, resolveApiVersion } from "../protocol/api-version.js";
import { identifyCaller, type CallerIdentity, type FleetRole } from "../auth/auth.js";
import { BODY_TOO_LARGE, type Answer, type MockResponse, type Reception, type RequestHead } from "../protocol/message.js";
import { RequestContext, type ApiSettings } from "./request-context.js";
import { matchRoute } from "./router.js";
import type { RequestTarget } from "../protocol/target.js";
import { NO_SLOT, takeUploadSlot, tooManyUploads, type UploadSlot } from "./upload-slots.js";

export type { ApiSettings };

type Admitted = Extract<Admission, { ok: true }>;

const EMPTY_BODY = new Uint8Array(0);
const NO_PLAN: RequestPlan = { latencyMs: 0, fault: undefined };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `answer` after the request's latency. */
const delayed = (ms: number, answer: Answer): Answer => (ms <= 0 ? answer : sleep(ms).then(() => answer));

/** What the journal keeps of one request besides its answer, filled in as the pipeline learns it. */
class RequestRecord {
  operationId: OperationId | null = null;
  role: FleetRole | "anonymous" = "anonymous";
  plan: RequestPlan = NO_PLAN;
  override = false;
  /** The JSON body; an upload's bytes are counted, never kept. */
  body: Uint8Array | null = null;
  bodyBytes = 0;
  readonly time: number;

  constructor(
    readonly store: SessionStore,
    readonly head: RequestHead,
    readonly target: RequestTarget,
    readonly sessionName: string,
    settings: ApiSettings,
  ) {
    this.time = settings.nowMs();
  }

  /** An answer given without a body: the adapter must not read it. */
  answer(response: Answer): Reception {
    return { kind: "answer", response: this.recorded(response) };
  }

  recorded(answer: Answer): Answer {
    return answer instanceof Promise ? answer.then((response) => this.write(response)) : this.write(answer);
  }

  /** The answer, written to the session's journal if the session exists by then. */
  write(response: MockResponse): MockResponse {
    const session = this.store.find(this.sessionName);
    if (session === undefined || session.journal.size === 0) return response;
    const fault = this.plan.fault;
    const body = this.body;
    const record: JournalRecord = {
      time: this.time,
      method: this.head.method,
      path: this.target.path,
      query: this.target.query,
      operationId: this.operationId,
      apiVersion: this.head.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION,
      role: this.role,
      body: body !== null && body.byteLength > BODY_BYTES ? null : body,
      bodyBytes: this.bodyBytes,
      status: response.status,
      // Only an error's body is kept (a few hundred bytes); a success is kept by its status.
      errorBody: response.status >= 400 ? response.body : null,
      latencyMs: this.plan.latencyMs,
      fault: fault === undefined ? null : { id: fault.id, kind: fault.kind },
      override: this.override,
    };
    session.journal.add(record);
    if (this.store.listening) this.store.emit({ type: "request", session: this.sessionName });
    return response;
  }
}

/** Who answers a request once its body is read: the rack (the operation's handler) or a test's override. */
type Answerer = Admitted | StoredOverride;

/** A routed, admitted API request waiting for its body: the adapter's reception. */
class ApiExchange {
  readonly kind = "body" as const;

  constructor(
    readonly record: RequestRecord,
    readonly ctx: RequestContext,
    readonly answerer: Answerer,
    readonly cap: number,
    readonly keepsBody: boolean,
    readonly slot: UploadSlot,
  ) {}

  complete(bytes: Uint8Array | typeof BODY_TOO_LARGE): Answer {
    let answer: Answer;
    try {
      answer = this.receive(bytes);
    } catch (error) {
      this.slot.release();
      throw error;
    }
    if (!(answer instanceof Promise)) {
      this.slot.release();
      return answer;
    }
    return answer.finally(() => this.slot.release());
  }

  abandon(): void {
    this.slot.release();
  }

  receive(bytes: Uint8Array | typeof BODY_TOO_LARGE): Answer {
    const record = this.record;
    const delay = record.plan.latencyMs;
    // The cap is dropshot's first body check: it wins over the content type and the JSON.
    if (bytes === BODY_TOO_LARGE) return record.recorded(delayed(delay, bodyTooLarge(this.cap)));
    record.body = this.keepsBody ? bytes : null;
    record.bodyBytes = bytes.byteLength;
    return record.recorded(delay <= 0 ? this.handle(bytes) : sleep(delay).then(() => this.handle(bytes)));
  }

  handle(bytes: Uint8Array): Answer {
    const { ctx, answerer, record } = this;
    if (!("ok" in answerer)) return serveOverride(answerer, ctx, record.head, record.target, bytes);
    const before = ctx.session.state;
    const answer = answerer.serve(bytes, record.head.headers.get("content-type"));
    if (answer instanceof Promise) return answer.then((response) => this.finish(before, bytes, response));
    return this.finish(before, bytes, answer);
  }

  finish(before: RequestContext["session"]["state"], bytes: Uint8Array, response: MockResponse): MockResponse {
    return this.ctx.finish(afterHandling(this.record.plan.fault, this.ctx, before, bytes, response));
  }
}

/**
 * An API request after its head: refused at once, or waiting for its body (up to the operation's cap).
 * `caller`: who calls, when the adapter decided it (the MSW handlers' `identity`); else the bearer token.
 */
export function receiveApi(
  store: SessionStore,
  settings: ApiSettings,
  head: RequestHead,
  target: RequestTarget,
  sessionName: string,
  caller?: CallerIdentity,
): Reception {
  const record = new RequestRecord(store, head, target, sessionName, settings);
  const version = resolveApiVersion(head.headers.get(API_VERSION_HEADER));
  if (!version.ok) return record.answer(badRequest(version.message));
  const route = matchRoute(head.method, target.path, version.version);
  if (route.kind === "not-found") return record.answer(notFound());
  if (route.kind === "method-not-allowed") return record.answer(methodNotAllowed(route.allowed));
  const entry = route.entry;
  record.operationId = entry.operationId;
  const ctx = new RequestContext(
    store,
    sessionName,
    version.version,
    target.query,
    route.pathParams,
    caller ?? identifyCaller(settings.tokens, head.headers.get("authorization")),
    settings,
  );
  record.role = ctx.authenticated ? ctx.role : "anonymous";

  // What the test set up for this session, decided now that the operation is known.
  const existing = store.find(sessionName);
  const plan = (existing?.faults ?? settings.defaultFaults).plan(entry.operationId);
  record.plan = plan;
  const delay = plan.latencyMs;
  if (plan.fault !== undefined) {
    if (plan.fault.kind === "hang" && existing !== undefined) {
      const session = existing;
      const held = () => hang(session, settings.limits.maxHangMs);
      return record.answer(delay <= 0 ? held() : sleep(delay).then(held));
    }
    const early = earlyAnswer(plan.fault);
    if (early !== undefined) return record.answer(delayed(delay, early));
  }

  let answerer: Answerer | undefined = findOverride(existing, entry.operationId, head);
  record.override = answerer !== undefined;
  if (answerer === undefined) {
    const admission = entry.admit(ctx);
    if (!admission.ok) return record.answer(delayed(delay, admission.response));
    answerer = admission;
  }
  const keepsBody = entry.bodyKind === "json";
  // No body to wait for: served now (`receive` journals it).
  if (entry.bodyKind === "none") {
    return { kind: "answer", response: new ApiExchange(record, ctx, answerer, 0, keepsBody, NO_SLOT).receive(EMPTY_BODY) };
  }
  if (entry.bodyKind === "json") {
    return new ApiExchange(record, ctx, answerer, settings.limits.maxJsonBodyBytes, keepsBody, NO_SLOT);
  }
  const slot = takeUploadSlot(settings.uploads, settings.limits);
  if (slot === undefined) return record.answer(delayed(delay, tooManyUploads(settings.uploads, settings.limits)));
  return new ApiExchange(record, ctx, answerer, settings.limits.maxUploadBytes, keepsBody, slot);
}
