// The result of comparing two versions of an API document: what `system-update diff` renders.
import type { Effect, Severity, Side } from "./judge/effects.js";
import type { Json } from "./model/json.js";
import type { RuleId } from "./judge/rules.js";

export type { Effect, RuleId, Severity, Side };

export interface Change {
  /** What kind of change, stable (`enum-value-added`, `parameter-became-required`): its rule in judge/rules.ts. */
  rule: RuleId;
  severity: Severity;
  /** How it changes the values admitted (judge/effects.ts); the severity is this judged for the side(s) it is on. */
  effect: Effect;
  /** Stable identity for the accepted-changes file: the rule, where it is, and what it is about, hashed. */
  fingerprint: string;
  /** The part it touches: `request body`, `parameter query \`limit\``, `response 200`, `operation`, `schema`. */
  area: string;
  /** Where inside that part, by names (no array indices): `properties/status/enum`; empty for the part itself. */
  at: string;
  /** One line for humans: "field `status` gained enum value `failed`". */
  description: string;
  /** The sides the severity was judged for, when it depends on them. */
  sides?: Side[];
  before?: Json;
  after?: Json;
  /** The one side it can affect: inside a `readOnly` field (responses) or a `writeOnly` one (requests). */
  binds?: Side;
  /** The reason given in the accepted-changes file, when this change is accepted there. */
  accepted?: string;
}

export interface OperationRef {
  /** Upper case: GET, PUT, ... */
  method: string;
  path: string;
  operationId?: string;
}

export interface OperationDiff extends OperationRef {
  kind: "added" | "removed" | "changed" | "moved";
  /** For a moved operation: where it was. */
  from?: OperationRef;
  /** The worst unaccepted severity of its own changes and of the changed schemas it uses. */
  severity: Severity;
  /** What changed, in a few words: "response 200; schema UpdateStatus". */
  summary: string;
  changes: Change[];
  /** Changed components this operation uses, by name (`schemas/UpdateStatus`). */
  components: string[];
}

export interface ComponentUse extends OperationRef {
  side: Side;
}

export interface ComponentDiff {
  /** `schemas/UpdateStatus`, `responses/Error`. */
  name: string;
  kind: "added" | "removed" | "changed";
  severity: Severity;
  changes: Change[];
  /** The operations that reach it (in the new document; in the old one for removed operations). */
  usedBy: ComponentUse[];
}

export interface SpecSide {
  /** `info.version` of the document. */
  version: string;
  /** Where it came from: a file name, or `<ref>:spec/<file>`. */
  label: string;
}

export interface SpecDiff {
  before: SpecSide;
  after: SpecSide;
  /** True when an unaccepted change breaks clients of the older version. */
  breaking: boolean;
  /** The worst unaccepted severity of the whole diff. */
  severity: Severity;
  /** Changed operations, ordered by path then method. */
  operations: OperationDiff[];
  /** Changed components, by name. */
  components: ComponentDiff[];
  /** Changes outside operations and components: info, tags, servers, security. */
  document: Change[];
  /** Every change that the accepted-changes file accepted. */
  accepted: Change[];
  /** Fingerprints in the accepted-changes file that match no change (stale entries). */
  unusedAcceptances: string[];
  /** How the generated TypeScript types change: a unified diff of the declarations that differ. */
  typesDiff: string;
  /** Unified diff of the two documents pretty-printed as JSON, keys in the old document's order. */
  documentDiff: string;
}

export type DiffFormat = "markdown" | "text" | "json";
export const DIFF_FORMATS: readonly DiffFormat[] = ["markdown", "text", "json"];
