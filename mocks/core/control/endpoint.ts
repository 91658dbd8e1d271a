/**
 * One control endpoint, both of its sides in one place: what a client sends for a call (`send`), what the
 * mock reads from that request (`parse`, the endpoint's one validation of what the operation does not
 * validate itself), the one operation it runs on the session, and the status of its answer. The table of
 * them (`table.ts`) is the control plane's spine: the HTTP routes, `createMockControl` and the devtools
 * page's paths all come from it.
 */
import { MockControlError } from "../protocol/control-errors.js";
import type { ControlOperations } from "./control-types.js";

export type ControlMethod = "GET" | "PUT" | "POST" | "DELETE";

/**
 * What a request to a control endpoint carries besides its method and path: the JSON body (undefined
 * when none), the query, and the `{id}` of a path that has one ("" otherwise).
 */
export interface ControlRequestParts {
  readonly body: unknown;
  readonly query: URLSearchParams;
  readonly id: string;
}

/** A call as a client sends it: the path's `{id}`, the query, the JSON body; each when the endpoint has one. */
export interface ControlCall {
  readonly id?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** The control operations an endpoint may run: every one but those only a process holding the core can call. */
export type EndpointOperation = Exclude<keyof ControlOperations, InProcessOperation>;
/**
 * In-process only: `advance` runs without yielding (HTTP runs `advanceInSlices`), an override is a
 * function, a subscription a callback.
 */
export type InProcessOperation = "advance" | "override" | "subscribe";

export type AnswerStatus = 200 | 201 | 204;

export interface ControlEndpoint<Op extends EndpointOperation, Args extends unknown[], Input, Result, Status extends AnswerStatus> {
  /** The operation it runs (the type test and `table.ts` check that every operation has one endpoint). */
  readonly operation: Op;
  readonly method: ControlMethod;
  /** Below the base path; `{id}` stands for one path segment (percent-decoded). */
  readonly path: `/__mock/${string}`;
  /**
   * "read" changes nothing; "write" may change the session. What a check that treats the two apart (a
   * cross-site request guard, persistence) reads.
   */
  readonly access: "read" | "write";
  /** Whether it reads a JSON body, and whether that may be absent. */
  readonly body: "none" | "optional" | "required";
  /** Its answer's status; 204 answers no body, whatever the operation returns. */
  readonly status: Status;
  /** The client's side: a call's arguments as the request's parts. */
  send(...args: Args): ControlCall;
  /** The mock's side: the request as the operation's input; throws MockControlError naming what is wrong. */
  parse(request: ControlRequestParts): Input;
  /** Runs the operation (it is given no other) on `session`. */
  run(ops: Pick<ControlOperations, Op>, input: NoInfer<Input>, session: string): Result | Promise<Result>;
}

/** An endpoint as the table holds it: with `invoke`, its request parsed and run in one call the router makes. */
export type DefinedEndpoint<
  Op extends EndpointOperation,
  Args extends unknown[],
  Input,
  Result,
  Status extends AnswerStatus,
> = ControlEndpoint<Op, Args, Input, Result, Status> & {
  invoke(ops: ControlOperations, request: ControlRequestParts, session: string): Result | Promise<Result>;
};

/** An endpoint, its type parameters inferred from its parts. */
export function endpoint<Op extends EndpointOperation, Args extends unknown[], Input, Result, Status extends AnswerStatus>(
  spec: ControlEndpoint<Op, Args, Input, Result, Status>,
): DefinedEndpoint<Op, Args, Input, Result, Status> {
  return { ...spec, invoke: (ops, request, session) => spec.run(ops, spec.parse(request), session) };
}

/** For an endpoint with no input. */
export const noInput = (): undefined => undefined;

/**
 * Part of a request handed to an operation that validates it itself (the one place it is checked, for
 * HTTP and in-process callers alike), typed as what the operation accepts.
 */
export const checkedByOperation = <T>(value: unknown): T => value as T;

/** A query parameter the endpoint cannot do without. */
export function requiredQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null) throw new MockControlError(`the query needs ${name}=`);
  return value;
}
