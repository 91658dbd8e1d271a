// What comparing two schemas finds, and the small helpers every part of that comparison writes findings
// with: one shape of finding, one way to add it, one way to name the field in a sentence.
import type { Effect, Side } from "./effects.js";
import type { Json } from "./json.js";
import type { RuleId } from "./rules.js";
import { fieldOf } from "./schema-model.js";

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
