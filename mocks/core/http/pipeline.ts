/**
 * One API request through the server's pipeline, in upstream's order: `api-version` header, route, body
 * (size cap, content type, JSON), then the handler, which authenticates once its inputs are parsed
 * (docs/design.md, "Order of checks").
 */
import type { Semver } from "../../../src/rules/index.js";
import { badRequest, bodyTooLarge, methodNotAllowed, notFound } from "../dropshot/errors.js";
import type { MockLimits } from "../limits.js";
import type { RequestState } from "../operations/context.js";
import type { Session } from "../sessions/session.js";
import type { SessionStore } from "../sessions/store.js";
import { API_VERSION_HEADER, resolveApiVersion } from "./api-version.js";
import { identifyCaller, type FleetRole, type TokenTable } from "./auth.js";
import { BODY_TOO_LARGE, type MockResponse, type Reception, type RequestHead } from "./message.js";
import { matchRoute } from "./router.js";
import type { RequestTarget } from "./target.js";

export interface ApiSettings {
  /** Bearer tokens and their roles; undefined: auth off (every caller is a fleet admin). */
  readonly tokens: TokenTable | undefined;
  readonly limits: MockLimits;
  now(): Date;
  newUuid(): string;
}

/**
 * A request's context. Its session is looked up by name when read, so after an `await` it is whoever
 * holds the name now; a request to a name with no session yet works on a draft, which is stored only if
 * the request succeeds (a refused request never creates a session).
 */
class RequestContext implements RequestState {
  readonly authenticated: boolean;
  readonly role: FleetRole;
  #session: Session | undefined;
  #draft: Session | undefined;
  #epoch = -1;
  #query: URLSearchParams | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly sessionName: string,
    readonly apiVersion: Semver,
    private readonly rawQuery: string,
    readonly pathParams: ReadonlyMap<string, string>,
    authorization: string | null,
    private readonly settings: ApiSettings,
  ) {
    const caller = identifyCaller(settings.tokens, authorization);
    this.authenticated = caller.authenticated;
    this.role = caller.role;
  }

  get session(): Session {
    if (this.#session === undefined || this.#epoch !== this.store.epoch) {
      this.#session = this.store.find(this.sessionName) ?? (this.#draft ??= this.store.draft());
      this.#epoch = this.store.epoch;
    }
    return this.#session;
  }

  get limits(): MockLimits {
    return this.settings.limits;
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.rawQuery));
  }

  now(): Date {
    return this.settings.now();
  }

  newUuid(): string {
    return this.settings.newUuid();
  }

  /** Keeps a draft session that served a successful request. */
  finish(response: MockResponse): MockResponse {
    if (response.status < 400 && this.#draft !== undefined && this.#session === this.#draft)
      this.store.adopt(this.sessionName, this.#draft);
    return response;
  }
}

const EMPTY_BODY = new Uint8Array(0);

function settle(ctx: RequestContext, response: MockResponse | Promise<MockResponse>): MockResponse | Promise<MockResponse> {
  return response instanceof Promise ? response.then((value) => ctx.finish(value)) : ctx.finish(response);
}

const answer = (response: MockResponse | Promise<MockResponse>): Reception => ({ kind: "answer", response });

/** An API request after its head: refused at once, or waiting for its body (up to the operation's cap). */
export function receiveApi(
  store: SessionStore,
  settings: ApiSettings,
  head: RequestHead,
  target: RequestTarget,
  sessionName: string,
): Reception {
  const version = resolveApiVersion(head.headers.get(API_VERSION_HEADER));
  if (!version.ok) return answer(badRequest(version.message));
  const route = matchRoute(head.method, target.path, version.version);
  if (route.kind === "not-found") return answer(notFound());
  if (route.kind === "method-not-allowed") return answer(methodNotAllowed(route.allowed));
  const entry = route.entry;
  const ctx = new RequestContext(
    store,
    sessionName,
    version.version,
    target.query,
    route.pathParams,
    head.headers.get("authorization"),
    settings,
  );
  const admission = entry.admit(ctx);
  if (!admission.ok) return answer(admission.response);
  if (entry.bodyKind === "none") return answer(settle(ctx, admission.serve(EMPTY_BODY, null)));
  const cap = entry.bodyKind === "binary" ? settings.limits.maxUploadBytes : settings.limits.maxJsonBodyBytes;
  return {
    kind: "body",
    cap,
    complete(bytes) {
      // The cap is dropshot's first body check: it wins over the content type and the JSON.
      if (bytes === BODY_TOO_LARGE) return bodyTooLarge(cap);
      return settle(ctx, admission.serve(bytes, head.headers.get("content-type")));
    },
  };
}
