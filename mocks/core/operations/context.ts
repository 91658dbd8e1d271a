/**
 * What a handler gets: its session, the request's API version, query and path variables, the caller, a
 * clock, and a typed way to answer (`reply`: the body type is the spec's for this operation).
 */
import type { Semver } from "../../../src/rules/index.js";
import type { FormPairs } from "../serde/urlencoded.js";
import { jsonAnswer, noContent } from "../dropshot/responses.js";
import type { CallerIdentity } from "../auth/auth.js";
import type { MockResponse } from "../protocol/message.js";
import type { MockLimits } from "../protocol/limits.js";
import type { Session } from "../sessions/session.js";
import type { EmptyStatus, JsonStatus, OperationId, ResponseBody } from "../protocol/operation-types.js";

/** The request as the pipeline hands it to any operation (nothing here depends on which one). */
export interface RequestState extends CallerIdentity {
  /**
   * The session the request acts on, looked up each time it is read: after an `await`, it is the session
   * that holds the name now (a reset in between gives the new rack), so an answer always describes the
   * rack that keeps its result.
   */
  readonly session: Session;
  /** The API version the request is served at (the header's, or the latest when absent). */
  readonly apiVersion: Semver;
  /** The query's pairs as serde_urlencoded decodes them, in order, repeats kept. */
  readonly query: FormPairs;
  /** Path variables by name, percent-decoded. */
  readonly pathParams: ReadonlyMap<string, string>;
  /** The mock's limits (what a session may keep, how big an upload may get). */
  readonly limits: MockLimits;
  now(): Date;
  newUuid(): string;
}

export interface OperationContext<K extends OperationId> extends RequestState {
  readonly operationId: K;
  /** A success answer with a JSON body of the spec's type for this operation and status. */
  reply<S extends JsonStatus<K>>(status: S, body: ResponseBody<K, S>): MockResponse;
  /** A success answer without a body (204). */
  replyEmpty(status: EmptyStatus<K>): MockResponse;
}

/** The result of an operation's `prepare` stage (checks before the body): a value the handler gets, or the answer. */
export type Prepared<P> = { readonly ok: true; readonly value: P } | { readonly ok: false; readonly response: MockResponse };

/** The typed face of a request for operation K: the request's fields, plus K's reply types. */
export class TypedOperationContext<K extends OperationId> implements OperationContext<K> {
  constructor(
    readonly operationId: K,
    private readonly request: RequestState,
  ) {}

  get session(): Session {
    return this.request.session;
  }
  get authenticated(): boolean {
    return this.request.authenticated;
  }
  get role(): CallerIdentity["role"] {
    return this.request.role;
  }
  get apiVersion(): Semver {
    return this.request.apiVersion;
  }
  get query(): FormPairs {
    return this.request.query;
  }
  get pathParams(): ReadonlyMap<string, string> {
    return this.request.pathParams;
  }
  get limits(): MockLimits {
    return this.request.limits;
  }
  now(): Date {
    return this.request.now();
  }
  newUuid(): string {
    return this.request.newUuid();
  }
  reply<S extends JsonStatus<K>>(status: S, body: ResponseBody<K, S>): MockResponse {
    return jsonAnswer(status, body);
  }
  replyEmpty(status: EmptyStatus<K>): MockResponse {
    return status === 204 ? noContent() : jsonAnswer(status, null);
  }
}
