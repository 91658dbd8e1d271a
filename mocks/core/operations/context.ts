/** What a handler gets: the session it acts on, the parsed request and the caller's role. */
import type { Semver } from "../../../src/rules/index.js";
import type { MockRequest } from "../http/message.js";
import type { RackState } from "../simulator/state.js";

/** Fleet roles (viewer ⊂ collaborator ⊂ admin); "none" is an authenticated user without a fleet role. */
export type FleetRole = "admin" | "collaborator" | "viewer" | "none";

export interface TrustRoot {
  readonly id: string;
  readonly root_role: unknown;
  readonly time_created: string;
}

/** One isolated rack (`x-mock-session`). Handlers replace `state` wholesale; they never mutate it in place. */
export interface Session {
  state: RackState;
  trustRoots: TrustRoot[];
  /** Artifacts listed by uploaded archives, by archive hash: lets an upload compare artifacts as upstream does. */
  readonly artifactsByHash: Map<string, string>;
}

export interface HandlerContext {
  readonly session: Session;
  readonly request: MockRequest;
  /** The API version the request is served at (the header's, or the latest when absent). */
  readonly apiVersion: string;
  readonly apiVersionParsed: Semver;
  readonly query: URLSearchParams;
  readonly pathParams: Readonly<Record<string, string>>;
  /** False for a caller without valid credentials (then `role` is "none"); see `denyUnlessReader`. */
  readonly authenticated: boolean;
  readonly role: FleetRole;
  now(): Date;
  newUuid(): string;
}
