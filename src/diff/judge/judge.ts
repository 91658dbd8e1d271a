// A change as the comparers found it, judged: its severity for the side(s) it is on, its fingerprint, and
// the reason it was accepted, if it was. Components, operations and the document are judged alike.
import type { AcceptedChanges } from "../load.js";
import { severityOn, worst } from "./effects.js";
import type { RawChange } from "../compare/findings.js";
import { joinAt } from "../model/schema.js";
import type { Change, Severity, Side } from "../types.js";
import { createHash } from "node:crypto";
import type { Json } from "../model/json.js";

/** `raw` in `scope` (an operation, a component, the document), judged for its own side or else for `sides`. */
export function judge(raw: RawChange, scope: string, sides: readonly Side[], accepted: AcceptedChanges): Change {
  const judged = raw.side !== undefined ? [raw.side] : sides;
  const severity =
    judged.length === 0
      ? severityOn(raw.effect, undefined, raw.binds)
      : worst(judged.map((side) => severityOn(raw.effect, side, raw.binds)));
  const at = joinAt(raw.at);
  const id = fingerprint({ rule: raw.rule, scope, area: raw.area, at, before: raw.before, after: raw.after });
  const reason = accepted.get(id);
  return {
    rule: raw.rule,
    severity,
    effect: raw.effect,
    fingerprint: id,
    area: raw.area,
    at,
    description: raw.description,
    ...(judged.length === 0 ? {} : { sides: [...judged] }),
    ...(raw.before === undefined ? {} : { before: raw.before }),
    ...(raw.after === undefined ? {} : { after: raw.after }),
    ...(raw.binds === undefined ? {} : { binds: raw.binds }),
    ...(reason === undefined ? {} : { accepted: reason }),
  };
}

/** The worst severity of changes that are not accepted. */
export function severityOfChanges(changes: readonly Change[]): Severity {
  return worst(changes.filter((change) => change.accepted === undefined).map((change) => change.severity));
}

export interface FingerprintParts {
  rule: string;
  /** The operation (`GET /v1/x`), the component (`schemas/X`) or `document`. */
  scope: string;
  area: string;
  at: string;
  before?: Json | undefined;
  after?: Json | undefined;
}

// Fingerprints: the same change in the same place gets the same one in every run, whatever the order of
// the documents (no array indices, no line numbers).

/** 12 hex digits of a sha256 of the parts. */
export function fingerprint(parts: FingerprintParts): string {
  const text = [
    parts.rule,
    parts.scope,
    parts.area,
    parts.at,
    JSON.stringify(parts.before ?? null),
    JSON.stringify(parts.after ?? null),
  ].join("\n");
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
