// What both human formats say, in the same words: the verdict, counts, labels and order of things.
import { SEVERITY_RANK } from "../judge/effects.js";
import type { Change, ComponentDiff, ComponentUse, OperationDiff, Severity, SpecDiff } from "../types.js";

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  breaking: "breaking",
  "breaks-sdk": "breaks generated SDKs",
  "non-breaking": "non-breaking",
  documentation: "documentation",
};

/** A version as a heading shows it: documents are input, and a heading must stay short. */
export const shortVersion = (version: string): string => (version.length > 60 ? `${version.slice(0, 59)}…` : version);

export function verdict(diff: SpecDiff): string {
  const accepted = diff.accepted.filter((change) => change.severity === "breaking").length;
  const sdk = countSeverity(diff, "breaks-sdk");
  const old = shortVersion(diff.before.version);
  const head = diff.breaking ? `⚠ Breaking changes for clients of ${old}` : `No breaking changes for clients of ${old}`;
  const notes = [
    ...(sdk > 0 ? [`${sdk} ${sdk === 1 ? "change breaks" : "changes break"} generated SDKs`] : []),
    ...(accepted > 0 ? [`${accepted} breaking ${accepted === 1 ? "change" : "changes"} accepted`] : []),
  ];
  return notes.length === 0 ? head : `${head} (${notes.join("; ")})`;
}

function countSeverity(diff: SpecDiff, severity: Severity): number {
  const changes = [
    ...diff.operations.flatMap((operation) => operation.changes),
    ...diff.components.flatMap((component) => component.changes),
    ...diff.document,
  ];
  return changes.filter((change) => change.severity === severity && change.accepted === undefined).length;
}

/** "4 operations changed (1 breaking), 2 added; 3 schemas changed": one line of counts. */
export function counts(diff: SpecDiff): string {
  const byKind = (kind: OperationDiff["kind"]): OperationDiff[] => diff.operations.filter((operation) => operation.kind === kind);
  const parts: string[] = [];
  const changed = byKind("changed");
  if (changed.length > 0) {
    const breaking = changed.filter((operation) => operation.severity === "breaking").length;
    parts.push(`${plural(changed.length, "operation")} changed${breaking > 0 ? ` (${breaking} breaking)` : ""}`);
  }
  for (const kind of ["added", "removed", "moved"] as const) {
    const count = byKind(kind).length;
    if (count > 0) parts.push(`${plural(count, "operation")} ${kind}`);
  }
  for (const kind of ["changed", "removed", "added"] as const) {
    const count = diff.components.filter((component) => component.kind === kind).length;
    if (count > 0) parts.push(`${plural(count, "component")} ${kind}`);
  }
  if (diff.document.length > 0) parts.push(`${plural(diff.document.length, "document-level change")}`);
  if (diff.accepted.length > 0) parts.push(`${diff.accepted.length} accepted`);
  return parts.length === 0 ? "The two documents describe the same API." : `${parts.join("; ")}.`;
}

export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Worst first, then by path. */
export function byConcern(operations: readonly OperationDiff[]): OperationDiff[] {
  return [...operations].sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity]);
}

/** Worst first, documentation last; otherwise in the order found. */
export function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity]);
}

export const operationTitle = (operation: { method: string; path: string }): string => `${operation.method} ${operation.path}`;

/** `schemas/UpdateStatus` -> `UpdateStatus`; other kinds keep theirs: `responses/Error`. */
export const componentTitle = (component: ComponentDiff): string => component.name.replace(/^schemas\//, "");

/** Users of a component, at most `limit` of them named. */
export function usedBy(uses: readonly ComponentUse[], limit: number, code: (text: string) => string): string {
  if (uses.length === 0) return "used by no operation";
  const named = uses.slice(0, limit).map((use) => `${code(operationTitle(use))} (${use.side})`);
  const more = uses.length - named.length;
  return `used by ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/** Whether a change should show its fingerprint: only changes a team might have to accept. */
export const showsFingerprint = (change: Change): boolean => change.severity === "breaking" || change.severity === "breaks-sdk";
