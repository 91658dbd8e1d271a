/** The result style every client method returns, and how openapi-fetch's outcome becomes one. */
import { ApiError, NetworkError, apiErrorFrom, type ClientError } from "./errors.js";

export type ApiResult<T> =
  | { readonly data: T; readonly error?: undefined; readonly response: Response }
  | { readonly data?: undefined; readonly error: ClientError; readonly response: Response | undefined };

/** openapi-fetch's outcome with the body read as text (`parseAs: "text"`). */
export type FetchOutcome = { data?: unknown; error?: unknown; response: Response };

/**
 * Error bodies as received. openapi-fetch ignores `parseAs` for non-2xx answers and hands back
 * `JSON.parse(text)` when that succeeds, so the client's middleware keeps the text of every error answer.
 */
export const errorBodies = new WeakMap<Response, string>();

function errorText(outcome: FetchOutcome): string {
  const kept = errorBodies.get(outcome.response);
  if (kept !== undefined) return kept;
  // A middleware answered without fetching: only the parsed body is left.
  if (outcome.error === undefined) return "";
  return typeof outcome.error === "string" ? outcome.error : JSON.stringify(outcome.error);
}

/** Turns openapi-fetch's outcome (body read as text) into our result. */
export async function settle<T>(call: () => Promise<FetchOutcome>): Promise<ApiResult<T>> {
  let outcome: FetchOutcome;
  try {
    outcome = await call();
  } catch (cause) {
    return { error: new NetworkError(cause), response: undefined };
  }
  const { response } = outcome;
  if (!response.ok) return { error: apiErrorFrom(response, errorText(outcome)), response };
  const text = typeof outcome.data === "string" ? outcome.data : "";
  if (text === "") return { data: undefined as T, response };
  try {
    return { data: JSON.parse(text) as T, response };
  } catch {
    return {
      error: new ApiError({ status: response.status, message: `invalid JSON in a ${response.status} answer`, body: text }),
      response,
    };
  }
}

/** The data of a result, or its error thrown. */
export function unwrap<T>(result: ApiResult<T>): T {
  if (result.error) throw result.error;
  return result.data as T;
}
