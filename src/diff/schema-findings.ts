// What comparing two schemas finds, and the small helpers every part of that comparison writes findings
// with: one shape of finding, one way to add it, one way to name the field in a sentence.
import type { Effect } from "./effects.js";
import type { Json } from "./json.js";
import { fieldOf } from "./schema-model.js";

export interface Finding {
  rule: string;
  effect: Effect;
  /** Segments inside the compared schema: `properties`, `status`, `enum`. */
  at: string[];
  description: string;
  before?: Json;
  after?: Json;
}

/** Adds a finding; `where` is the node's own place unless given. */
export type Push = (rule: string, effect: Effect, description: string, before?: Json, after?: Json, where?: string[]) => void;

/** Compares a part of a node (a field, the items, a variant) at `at`; its findings follow in the same list. */
export type CompareChild = (before: Json | undefined, after: Json | undefined, at: string[]) => void;

/** A `Push` adding to `out`, for the node at `at`. */
export function pusher(out: Finding[], at: string[]): Push {
  return (rule, effect, description, before, after, where = at) => {
    out.push({
      rule,
      effect,
      at: where,
      description,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    });
  };
}

/** " of `field`" for a sentence about the node at `at`, or "" at the top of the schema. */
export const ofField = (at: readonly string[]): string => {
  const field = fieldOf(at);
  return field ? ` of \`${field}\`` : "";
};
