// The spec diff behind `system-update diff`: what changed between two API versions, judged for clients of
// the older one. Its stages each have a folder: load (the documents and the accepted changes), compare
// (schemas, operations, components, the document), judge (effects, rules, severities), render (Markdown,
// text, JSON). This module runs them in order: components first (an operation's severity includes the
// changes of the components it reaches), then operations (paths, then webhooks), then the document.
import { compareComponents } from "./compare/components.js";
import { compareDocument } from "./compare/document.js";
import { compareOperations } from "./compare/operation/diffs.js";
import { OperationComparer } from "./compare/operation/operations.js";
import { SchemaComparer } from "./compare/schema/compare.js";
import { worst } from "./judge/effects.js";
import { judge, severityOfChanges } from "./judge/judge.js";
import type { AcceptedChanges } from "./load.js";
import { own, ownObject, type JsonObject } from "./model/json.js";
import { unifiedDiff } from "./render/line-diff.js";
import { renderMarkdown } from "./render/markdown.js";
import { prettyLines } from "./render/pretty.js";
import { renderText } from "./render/text.js";
import { typesDiff } from "./render/types-preview.js";
import type { Change, ComponentDiff, DiffFormat, OperationDiff, SpecDiff } from "./types.js";

export { parseAccepted, type AcceptedChanges } from "./load.js";
export { PR_COMMENT_LIMIT } from "./render/markdown.js";
export type { Json, JsonObject } from "./model/json.js";
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

interface Classified {
  operations: OperationDiff[];
  components: ComponentDiff[];
  document: Change[];
}

/** Every change, judged: the structural diff. */
function classify(before: JsonObject, after: JsonObject, accepted: AcceptedChanges = new Map()): Classified {
  const schemas = new SchemaComparer({ before, after });
  // Components first: an operation's severity includes the changes of the components it reaches.
  const components = compareComponents(before, after, schemas, accepted);
  const comparer = new OperationComparer(schemas);
  const operations = [
    ...compareOperations(before, after, comparer, components, accepted),
    ...compareOperations(before, after, comparer, components, accepted, "webhooks"),
  ];
  const document = compareDocument(before, after).map((raw) => judge(raw, "document", [], accepted));
  return { operations, components, document };
}

/** @public the options of renderDiff */
export interface RenderOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
  /** Most characters of the Markdown (GitHub's comment limit, 65,536); `Infinity` for the full report. */
  maxChars?: number;
  /** The command that writes the full report, named in the Markdown's truncation note. */
  fullReportHint?: string;
}

/** One entry point for the three formats. */
export function renderDiff(diff: SpecDiff, format: DiffFormat = "markdown", options: RenderOptions = {}): string {
  switch (format) {
    case "markdown":
      return renderMarkdown(diff, {
        ...(options.maxChars === undefined ? {} : { maxChars: options.maxChars }),
        ...(options.fullReportHint === undefined ? {} : { fullReportHint: options.fullReportHint }),
      });
    case "text":
      return renderText(diff, { color: options.color ?? false });
    case "json":
      return `${JSON.stringify(diff, null, 2)}\n`;
  }
}
