/** The spec diff behind `system-update diff`: what changed between two API versions, judged for clients of the older one. */
import type { AcceptedChanges } from "./accepted.js";
import { classify } from "./classify.js";
import { unifiedDiff } from "./diff-text.js";
import { worst } from "./effects.js";
import { own, ownObject, type JsonObject } from "./json.js";
import { severityOfChanges } from "./judge.js";
import { prettyLines } from "./pretty.js";
import type { Change, SpecDiff } from "./types.js";
import { typesDiff } from "./types-preview.js";

export { parseAccepted, type AcceptedChanges } from "./accepted.js";
export {
  renderDiff,
  /** @public the options of renderDiff */
  type RenderOptions,
} from "./render.js";
export { PR_COMMENT_LIMIT } from "./render-markdown.js";
export type { Json, JsonObject } from "./json.js";
export { DIFF_FORMATS } from "./types.js";
// The shape of a diff, for readers of diffSpecs' result and of the JSON output.
export type {
  /** @public */ Change,
  /** @public */ ComponentDiff,
  /** @public */ ComponentUse,
  DiffFormat,
  /** @public */ Effect,
  /** @public */ OperationDiff,
  /** @public */ OperationRef,
  Severity,
  /** @public */ Side,
  SpecDiff,
  /** @public */ SpecSide,
} from "./types.js";

export interface DiffOptions {
  /** Names of the two documents in the full diff; `system-update-<info.version>.json` by default. */
  labels?: [string, string];
  /** Unchanged lines around each change in the full diff (3). */
  context?: number;
  /** Changes accepted by fingerprint, with a reason each: they are listed, and no longer make the diff breaking. */
  accepted?: AcceptedChanges;
}

function versionOf(doc: JsonObject): string {
  const version = own(ownObject(doc, "info"), "version");
  return typeof version === "string" ? version : "(unknown version)";
}

/** The full document diff: both documents pretty-printed, the new one's keys in the old one's order. */
function documentDiff(before: JsonObject, after: JsonObject, labels: readonly [string, string], context: number | undefined): string {
  const old = prettyLines(before, before);
  const now = prettyLines(after, before);
  const text = (lines: string[]): string => (lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return unifiedDiff(text(old.lines), text(now.lines), labels, context, (line) => old.sections[line]);
}

/** Compare two spec documents: changed operations and components classified for clients of `before`, and the full diff. */
export function diffSpecs(before: JsonObject, after: JsonObject, options: DiffOptions = {}): SpecDiff {
  const versions = [versionOf(before), versionOf(after)] as const;
  const labels = options.labels ?? [`system-update-${versions[0]}.json`, `system-update-${versions[1]}.json`];
  const accepted = options.accepted ?? new Map<string, string>();
  const { operations, components, document } = classify(before, after, accepted);
  const all: Change[] = [
    ...operations.flatMap((operation) => operation.changes),
    ...components.flatMap((component) => component.changes),
    ...document,
  ];
  const severity = worst([
    ...operations.map((operation) => operation.severity),
    ...components.map((component) => component.severity),
    severityOfChanges(document),
  ]);
  const seen = new Set(all.map((change) => change.fingerprint));
  return {
    before: { version: versions[0], label: labels[0] },
    after: { version: versions[1], label: labels[1] },
    breaking: severity === "breaking",
    severity,
    operations,
    components,
    document,
    accepted: all.filter((change) => change.accepted !== undefined),
    unusedAcceptances: [...accepted.keys()].filter((id) => !seen.has(id)),
    typesDiff: typesDiff(before, after, components, operations),
    documentDiff: documentDiff(before, after, labels, options.context),
  };
}
