// A change as the comparers find it, before it is judged for a side and given a fingerprint.
import type { Effect } from "./effects.js";
import type { Json } from "./json.js";
import type { RuleId } from "./rules.js";
import type { Finding } from "./schema-findings.js";
import type { Side } from "./types.js";

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
