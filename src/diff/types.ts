// The result of comparing two versions of the spec: what `system-update diff` renders.
import type { Json } from "./json.js";

/** How a change affects clients of the older version. */
export type Severity = "breaking" | "non-breaking" | "documentation";

export type ChangeAction = "add" | "remove" | "replace" | "rename";

/** api-smart-diff's own classes (`DiffType` in its typings). */
export type ApiSmartDiffType = "breaking" | "non-breaking" | "annotation" | "unclassified" | "deprecated";

export interface Change {
  severity: Severity;
  action: ChangeAction;
  /** JSON Pointer of the change in the document with `$ref`s inlined. */
  pointer: string;
  /** The pointer relative to its operation, `content/<media type>` left out: `responses/200/schema/properties/x`. */
  location: string;
  /** Where the change was written when it is inside a shared component: `#/components/schemas/UpdateStatus/...`. */
  origin?: string;
  /** The part of the operation it touches: `request body`, `response 200`, `parameter \`limit\``, `operation`. */
  area: string;
  /** One line for humans: "added field `contact_support`". */
  description: string;
  /** What api-smart-diff said, and the rule of ours that replaced its verdict, if any. */
  classifiedBy: { apiSmartDiff: ApiSmartDiffType; override?: string };
  before?: Json;
  after?: Json;
}

export interface OperationDiff {
  /** Upper case: GET, PUT, ... */
  method: string;
  path: string;
  operationId?: string;
  kind: "added" | "removed" | "changed";
  /** The worst severity of its changes. */
  severity: Severity;
  /** What changed, in a few words: "added", "response 200 schema; documentation". */
  summary: string;
  changes: Change[];
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
  /** True when a change under `paths` breaks clients of the older version. */
  breaking: boolean;
  /** Changed operations only, ordered by path then method. */
  operations: OperationDiff[];
  /** Changes outside `paths` and `components` (info, tags, ...): never counted as breaking. */
  document: Change[];
  /** Unified diff of the two documents pretty-printed as JSON. */
  documentDiff: string;
}

export type DiffFormat = "markdown" | "text" | "json";
export const DIFF_FORMATS: readonly DiffFormat[] = ["markdown", "text", "json"];
