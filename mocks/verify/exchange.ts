/**
 * What `verify` sends and what it keeps of an answer: the shapes the live run, the record file and the
 * replay share. The token is never part of them: a request says only which credentials it carried.
 */
import { isJsonObject, ownField } from "../../src/shared/json.js";
import type { ProbeAuth } from "./catalogue.js";

export interface SentRequest {
  readonly method: string;
  /** Path and query, below the rack's base URL. */
  readonly target: string;
  /** The `api-version` header as sent; null when none was. */
  readonly apiVersion: string | null;
  readonly auth: ProbeAuth;
  readonly contentType: string | null;
  readonly body: string | null;
}

/** The parts of an answer a prediction is compared with (no request id header, no dates). */
export interface RackAnswer {
  /** The HTTP status; 0 when no answer came (then `failure` says why). */
  readonly status: number;
  readonly contentType: string | null;
  readonly allow: string | null;
  readonly body: string;
  /** Set when the answer was longer than `maxAnswerBytes` and `body` holds only its start. */
  readonly cut?: boolean;
  readonly failure?: string;
}

export interface Exchange {
  readonly probe: string;
  readonly request: SentRequest;
  readonly answer: RackAnswer;
}

/** The `page_token` of a listing's next page: the first page's `limit` is kept, its `sort_by` is in the token. */
export function nextPageTarget(firstTarget: string, token: string): string {
  const [path = "", query = ""] = firstTarget.split("?", 2);
  const next = new URLSearchParams();
  const limit = new URLSearchParams(query).get("limit");
  if (limit !== null) next.set("limit", limit);
  next.set("page_token", token);
  return `${path}?${next.toString()}`;
}

/** A field of a parsed JSON value, never an inherited one; undefined when `value` is not an object. */
export function fieldOf(value: unknown, key: string): unknown {
  return isJsonObject(value) ? ownField(value, key) : undefined;
}

/** An answer's body as JSON, or undefined when it is not JSON. */
export function answerJson(answer: RackAnswer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return undefined;
  }
}
