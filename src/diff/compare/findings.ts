// What the comparers find: a schema finding (a change inside a schema), and a raw change (a finding placed
// in an operation or a component, before it is judged for a side and fingerprinted); with the small helpers
// every comparer writes them with: one way to add a finding, one way to name the field in a sentence.
import type { Effect, Side } from "../judge/effects.js";
import type { Json } from "../model/json.js";
import type { RuleId } from "../judge/rules.js";
import { fieldOf } from "../model/schema.js";

export interface Finding {
  rule: RuleId;
  effect: Effect;
  /** Segments inside the compared schema: `properties`, `status`, `enum`. */
  at: string[];
  description: string;
  before?: Json;
  after?: Json;
  /** The one side it can affect, when it is inside a `readOnly` (responses) or `writeOnly` (requests) field. */
  binds?: Side;
}

/** Adds a finding; `where` is the node's own place unless given. */
export type Push = (rule: RuleId, effect: Effect, description: string, before?: Json, after?: Json, where?: string[]) => Finding;

/** Compares a part of a node (a field, the items, a variant) at `at`; its findings follow in the same list. */
export type CompareChild = (before: Json | undefined, after: Json | undefined, at: string[]) => Finding[];

/** A `Push` adding to `out`, for the node at `at`. */
export function pusher(out: Finding[], at: string[]): Push {
  return (rule, effect, description, before, after, where = at) => {
    const finding: Finding = {
      rule,
      effect,
      at: where,
      description,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    };
    out.push(finding);
    return finding;
  };
}

/** Marks findings that can only affect `side` (those not already bound to one); `side` undefined leaves them. */
export function bind(findings: Iterable<Finding>, side: Side | undefined): void {
  if (side === undefined) return;
  for (const finding of findings) finding.binds ??= side;
}

/** " of `field`" for a sentence about the node at `at`, or "" at the top of the schema. */
export const ofField = (at: readonly string[]): string => {
  const field = fieldOf(at);
  return field ? ` of \`${field}\`` : "";
};

export interface RawChange {
  rule: RuleId;
  effect: Effect;
  /** The side it is on, when the operation's place decides it (request body, response, parameter). */
  side?: Side;
  area: string;
  at: string[];
  description: string;
  before?: Json;
  after?: Json;
  /** The one side it can affect (inside a `readOnly` or `writeOnly` field). */
  binds?: Side;
}

/** Schema findings placed in an area of an operation or component, on a side. */
export function place(findings: readonly Finding[], area: string, side: Side | undefined, prefix: readonly string[] = []): RawChange[] {
  return findings.map((finding) => ({
    ...finding,
    at: [...prefix, ...finding.at],
    area,
    ...(side === undefined ? {} : { side }),
  }));
}
