/**
 * A request's context as handlers see it. Its session is looked up by name when read, so after an
 * `await` it is whoever holds the name now; a request to a name with no session yet works on a draft,
 * which is stored only if the request succeeds (a refused request never creates a session).
 */
import type { Semver } from "../../../src/rules/index.js";
import { parseFormPairs, type FormPairs } from "../serde/urlencoded.js";
import type { SessionFaults } from "../faults/plan.js";
import type { MockLimits } from "../protocol/limits.js";
import type { RequestState } from "../operations/context.js";
import type { Session } from "../sessions/session.js";
import type { SessionStore } from "../sessions/store.js";
import type { CallerIdentity, FleetRole, TokenTable } from "../auth/auth.js";
import type { MockResponse } from "../protocol/message.js";

export interface ApiSettings {
  /** Bearer tokens and their roles; undefined: auth off (every caller is a fleet admin). */
  readonly tokens: TokenTable | undefined;
  readonly limits: MockLimits;
  /** Faults and latency of requests to a session that does not exist yet: the mock's defaults. */
  readonly defaultFaults: SessionFaults;
  /** Uploads being received or read now, all sessions together (`maxUploadsInFlight`). */
  readonly uploads: { inFlight: number };
  now(): Date;
  /** `now()` in milliseconds, without a Date when the clock is the system's (the journal's hot path). */
  nowMs(): number;
  newUuid(): string;
}

export class RequestContext implements RequestState {
  readonly authenticated: boolean;
  readonly role: FleetRole;
  #session: Session | undefined;
  #draft: Session | undefined;
  #epoch = -1;
  #query: FormPairs | undefined;

  constructor(
    private readonly store: SessionStore,
    readonly sessionName: string,
    readonly apiVersion: Semver,
    private readonly rawQuery: string,
    readonly pathParams: ReadonlyMap<string, string>,
    caller: CallerIdentity,
    private readonly settings: ApiSettings,
  ) {
    this.authenticated = caller.authenticated;
    this.role = caller.role;
  }

  get session(): Session {
    if (this.#session === undefined || this.#epoch !== this.store.epoch) {
      this.#session = this.store.find(this.sessionName) ?? (this.#draft ??= this.store.draft(this.sessionName));
      this.#epoch = this.store.epoch;
    }
    return this.#session;
  }

  get limits(): MockLimits {
    return this.settings.limits;
  }

  get query(): FormPairs {
    return (this.#query ??= parseFormPairs(this.rawQuery));
  }

  now(): Date {
    return this.settings.now();
  }

  newUuid(): string {
    return this.settings.newUuid();
  }

  /** Keeps a draft session that served a successful request. */
  finish(response: MockResponse): MockResponse {
    if (response.status >= 200 && response.status < 400 && this.#draft !== undefined && this.#session === this.#draft) {
      this.store.adopt(this.sessionName, this.#draft);
    }
    return response;
  }
}
