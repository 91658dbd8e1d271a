// How a change acts on the set of values a schema or an operation admits, and what that means for the
// two sides of a client of the old version: what it sends (request) and what it reads (response).
import type { Severity, Side } from "./types.js";

/**
 * - `widens`: every old value is still valid, some new ones are too (a request accepts more; a response may
 *   send what old clients cannot read).
 * - `narrows`: some old values are no longer valid (old requests may be refused; responses send a subset).
 * - `incompatible`: neither contains the other (a renamed enum value, date-time -> date).
 * - `equivalent`: the same values, written differently (a no-op rewrite).
 * - `additive`: new optional surface that old clients neither send nor need (a new optional field).
 * - `removes`: a thing old clients call or send is gone (an operation, a media type, a success status).
 * - `requires`: old clients must now send something they never sent (a required parameter or body).
 * - `sdk`: the wire format is the same, the generated SDK changes (an operationId, a type name).
 * - `documentation`: prose only.
 */
export type Effect = "widens" | "narrows" | "incompatible" | "equivalent" | "additive" | "removes" | "requires" | "sdk" | "documentation";

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  documentation: 0,
  "non-breaking": 1,
  "breaks-sdk": 2,
  breaking: 3,
};

/** The severity of an effect for a client of the old version, on one side of the exchange. */
export function severityOf(effect: Effect, side: Side | undefined): Severity {
  switch (effect) {
    case "documentation":
      return "documentation";
    case "sdk":
      return "breaks-sdk";
    case "equivalent":
    case "additive":
      return "non-breaking";
    case "incompatible":
    case "removes":
    case "requires":
      return side === undefined ? "non-breaking" : "breaking";
    case "widens":
      return side === "response" ? "breaking" : "non-breaking";
    case "narrows":
      return side === "request" ? "breaking" : "non-breaking";
  }
}

export function worst(severities: Iterable<Severity>): Severity {
  let result: Severity = "documentation";
  for (const severity of severities) if (SEVERITY_RANK[severity] > SEVERITY_RANK[result]) result = severity;
  return result;
}

/** Old ⊆ new and new ⊆ old, as two booleans, to an effect. */
export function fromContainment(oldInNew: boolean, newInOld: boolean): Effect {
  if (oldInNew && newInOld) return "equivalent";
  if (oldInNew) return "widens";
  if (newInOld) return "narrows";
  return "incompatible";
}
