/** What each fault answers, in upstream's shapes (docs/design.md, "Faults and latency"). */
import { errorResponse, internalError } from "../dropshot/errors.js";
import { NETWORK_FAILURE, type MockResponse } from "../protocol/message.js";
import { fixedUuid } from "../simulator/scenario-rack.js";
import type { Fault } from "./plan.js";
import type { InsertFailureKind } from "./rules.js";

/** Reason phrases (RFC 9110) for the statuses an `http` fault may have without an upstream error code. */
const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  501: "Not Implemented",
  502: "Bad Gateway",
  504: "Gateway Timeout",
};

/**
 * An `http` fault's answer: 500 and 503 as Nexus writes them (`Internal` / `Internal Server Error`,
 * `ServiceNotAvailable` / `Service Unavailable`); any other status in dropshot's shape without an error
 * code, its reason phrase as the message.
 */
export function httpFault(status: number): MockResponse {
  if (status === 500) return internalError();
  if (status === 503) return errorResponse(503, "ServiceNotAvailable", "Service Unavailable");
  return errorResponse(status, undefined, REASONS[status] ?? (status < 500 ? "Client Error" : "Server Error"));
}

/** The answer of a fault that applies before the request is handled (http, network); undefined for the others. */
export function earlyAnswer(fault: Fault): MockResponse | undefined {
  if (fault.kind === "http") return httpFault(fault.status ?? 503);
  if (fault.kind === "network") return NETWORK_FAILURE;
  return undefined;
}

/**
 * What a target-release PUT that would have succeeded answers under the two upstream failures at its
 * insert: a concurrent writer took the generation (500), or the repository was pruned meanwhile (400,
 * naming the repository's id; the mock's repositories have none, so one is derived from the version).
 */
export function insertFailure(kind: InsertFailureKind, systemVersion: string): MockResponse {
  if (kind === "generation-conflict") return internalError();
  const id = fixedUuid(`tuf-repo/${systemVersion}`);
  return errorResponse(400, "InvalidRequest", `cannot make TUF repo ${id} the target release: it has been pruned from the system`);
}
