/**
 * One-off overrides: an answer for an operation that no rack state can produce (a malformed success, an
 * error upstream gives only under conditions the mock does not simulate). Typed by the operation's
 * responses in the spec. A test's tool, not a page's: only the TypeScript API sets them.
 */
import { errorResponse } from "../dropshot/errors.js";
import { jsonAnswer, noContent } from "../dropshot/responses.js";
import { NETWORK_FAILURE, type MockResponse } from "../protocol/message.js";
import type { ApiVersion } from "../../../generated/index.js";
import type { EmptyStatus, JsonStatus, OperationId, RequestBody, ResponseBody } from "../protocol/operation-types.js";

/** What the resolver of an override learns of the request. */
export interface OverrideRequest<K extends OperationId, V extends ApiVersion = ApiVersion> {
  readonly operationId: K;
  /** The `api-version` the request asked for (the latest when it sent none); `V` when the override is pinned to it. */
  readonly apiVersion: ApiVersion extends V ? string : V;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** The JSON body, parsed (undefined when there was none, or it was not JSON). */
  readonly body: RequestBody<K> | undefined;
}

/**
 * An override's answer: a success of the spec's type at the API versions `V` (any version's shape unless
 * the override is pinned to one), an error in dropshot's shape, or a failed connection.
 */
export type OverrideAnswer<K extends OperationId, V extends ApiVersion = ApiVersion> =
  | {
      [S in JsonStatus<K>]: {
        readonly status: S;
        readonly body: ResponseBody<K, S, V>;
        readonly error?: never;
        readonly network?: never;
      };
    }[JsonStatus<K>]
  | {
      [S in EmptyStatus<K>]: { readonly status: S; readonly body?: never; readonly error?: never; readonly network?: never };
    }[EmptyStatus<K>]
  | {
      readonly status: number;
      readonly error: { readonly message: string; readonly error_code?: string };
      readonly body?: never;
      readonly network?: never;
    }
  | { readonly network: "failed"; readonly status?: never; readonly body?: never; readonly error?: never };

export type OverrideResolver<K extends OperationId, V extends ApiVersion = ApiVersion> = (
  request: OverrideRequest<K, V>,
) => OverrideAnswer<K, V> | Promise<OverrideAnswer<K, V>>;

export interface OverrideOptions<V extends ApiVersion = ApiVersion> {
  /** How many requests it answers before it goes; every matching request without it. */
  readonly times?: number;
  readonly session?: string;
  /**
   * Answer only requests of this `api-version` (a request without the header asks for the latest); the
   * answer is then typed by that version's schema. Requests of other versions go to the rack.
   */
  readonly apiVersion?: V;
}

/** A stored override: the resolver, type-erased once it is filed under its operation. */
export interface StoredOverride {
  readonly operationId: OperationId;
  readonly resolve: (request: OverrideRequest<OperationId>) => unknown;
  /** Only requests of this `api-version`; undefined: every version. */
  readonly apiVersion: string | undefined;
  remaining: number | undefined;
}

/** An override's answer on the wire. */
export function overrideResponse(answer: unknown): MockResponse {
  const value = answer as { status?: number; body?: unknown; error?: { message: string; error_code?: string }; network?: string };
  if (value.network === "failed") return NETWORK_FAILURE;
  const status = value.status ?? 500;
  if (value.error !== undefined) return errorResponse(status, value.error.error_code, value.error.message);
  return value.body === undefined ? { ...noContent(), status } : jsonAnswer(status, value.body);
}
