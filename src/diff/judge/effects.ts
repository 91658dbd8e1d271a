// How a change acts on the set of values a schema or an operation admits, and what that means for the
// two sides of a client of the old version: what it sends (request) and what it reads (response).

/**
 * How a change affects clients of the older version, from worst to mildest:
 * - `breaking`: a client of the old version may fail on the wire (refused request, unreadable response).
 * - `breaks-sdk`: the wire format is unchanged, but code generated from the document changes in a way that
 *   breaks callers (a renamed method, parameter or type).
 * - `non-breaking`: new or relaxed surface, or a rewrite that admits the same values.
 * - `documentation`: prose only.
 */
export type Severity = "breaking" | "breaks-sdk" | "non-breaking" | "documentation";

/** The side of an exchange a schema is on: what clients send, or what they read. */
export type Side = "request" | "response";

/**
 * - `widens`: every old value is still valid, some new ones are too (a request accepts more; a response may
 *   send what old clients cannot read).
 * - `narrows`: some old values are no longer valid (old requests may be refused; responses send a subset).
 * - `incompatible`: neither contains the other (a renamed enum value, date-time -> date).
 * - `equivalent`: the same values, written differently (a no-op rewrite).
 * - `additive`: new optional surface that old clients neither send nor need (a new optional field).
 * - `removes`: a thing old clients call or send is gone (an operation, a media type, a success status).
 * - `requires`: old clients must now send something they never sent (a required parameter or body).
 * - `drops`: a field or parameter old clients send or read is gone. A request still passes (the server
 *   ignores what it no longer reads), but the client's intent is silently dropped and the SDK generated from
 *   the new document refuses the old call; a reader no longer gets it.
 * - `redefines`: what the server does for a client that leaves a value out changes (a parameter's default).
 * - `sdk`: the wire format is the same, the generated SDK changes (an operationId, a type name).
 * - `documentation`: prose only.
 */
export type Effect =
  | "widens"
  | "narrows"
  | "incompatible"
  | "equivalent"
  | "additive"
  | "removes"
  | "requires"
  | "drops"
  | "redefines"
  | "sdk"
  | "documentation";

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
    case "redefines":
      return side === "request" ? "breaking" : "non-breaking";
    case "drops":
      return side === "request" ? "breaks-sdk" : side === "response" ? "breaking" : "non-breaking";
  }
}

/**
 * The severity on `side` of a change that binds only one side (`binds`): inside a `readOnly` field (responses
 * only) or a `writeOnly` one (requests only), a change cannot affect the other side at all.
 */
export function severityOn(effect: Effect, side: Side | undefined, binds: Side | undefined): Severity {
  if (binds !== undefined && side !== undefined && side !== binds) return effect === "documentation" ? "documentation" : "non-breaking";
  return severityOf(effect, side);
}

/** The effect of a change made inside a `not`: what the inner schema admits, the outer one refuses. */
export function inverted(effect: Effect): Effect {
  if (effect === "widens" || effect === "drops") return "narrows";
  if (effect === "narrows") return "widens";
  return effect;
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
