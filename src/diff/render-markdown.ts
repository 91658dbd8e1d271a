// Markdown for a PR comment: verdict, table of changed operations, changes per operation, then the
// full document diff folded away.
import { listing, redundant, title, via } from "./group.js";
import type { Change, OperationDiff, Severity, SpecDiff } from "./types.js";

export interface MarkdownOptions {
  /** Most lines of the full document diff to include (1500). */
  maxDiffLines?: number;
  /** Most characters of it (50,000: a GitHub comment holds at most 65,536). */
  maxDiffChars?: number;
}

const LABEL: Record<Severity, string> = {
  breaking: "⚠ **breaking**",
  "non-breaking": "non-breaking",
  documentation: "documentation",
};

const code = (text: string): string => `\`${text.replaceAll("`", "'")}\``;
const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

export function verdict(diff: SpecDiff): string {
  return diff.breaking
    ? `⚠ Breaking changes for clients of ${diff.before.version}`
    : `No breaking changes for clients of ${diff.before.version}`;
}

function bullet(change: Change): string {
  const from = via(change);
  const where = redundant(change) ? "" : ` — ${code(change.location)}`;
  const area = change.area === "operation" || change.area === "document" ? "" : `${change.area}: `;
  return `- ${LABEL[change.severity]} · ${area}${change.description}${where}${from ? ` (in ${code(from)})` : ""}`;
}

function row(operation: OperationDiff): string {
  const breaks = operation.severity === "breaking" ? "**yes**" : "no";
  const id = operation.operationId === undefined ? "" : code(operation.operationId);
  return `| ${operation.method} | ${code(operation.path)} | ${id} | ${cell(operation.summary)} | ${breaks} |`;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

function fullDiff(diff: SpecDiff, maxLines: number, maxChars: number): string[] {
  if (diff.documentDiff === "") return ["The two documents are identical."];
  const lines = diff.documentDiff.trimEnd().split("\n");
  const shown: string[] = [];
  let chars = 0;
  for (const line of lines) {
    chars += line.length + 1;
    if (shown.length >= maxLines || chars > maxChars) break;
    shown.push(line);
  }
  const body = shown.join("\n");
  const marks = fence(body);
  const cut = lines.length - shown.length;
  return [
    "<details><summary>Full document diff</summary>",
    "",
    `${marks}diff`,
    body,
    marks,
    ...(cut > 0 ? ["", `… ${cut} more lines: run \`system-update diff --format text\` to see them all.`] : []),
    "",
    "</details>",
  ];
}

export function renderMarkdown(diff: SpecDiff, options: MarkdownOptions = {}): string {
  const { operations, shared } = listing(diff);
  const out = [
    `## API diff: ${diff.before.version} → ${diff.after.version}`,
    "",
    `**${verdict(diff)}.**`,
    "",
  ];
  if (operations.length === 0) {
    out.push("No operation changed.", "");
  } else {
    out.push("| Method | Path | Operation | What changed | Breaks clients |", "| --- | --- | --- | --- | --- |");
    out.push(...operations.map(({ operation }) => row(operation)), "");
  }
  for (const { operation, changes } of operations) {
    // An added or removed operation is said by the table; its body is in the full diff.
    if (operation.kind !== "changed") continue;
    out.push(`### ${code(title(operation))}`, "", ...changes.map(bullet), "");
  }
  if (shared.length > 0) {
    out.push("### Shared components", "", "Documentation changes in components that several operations use:", "");
    for (const { component, changes, operations: count } of shared) {
      const what = changes.map((change) => change.description).join("; ");
      out.push(`- ${code(component.slice(2))} (used by ${count} operations): ${what}`);
    }
    out.push("");
  }
  if (diff.document.length > 0) {
    out.push("### Document", "", ...diff.document.map(bullet), "");
  }
  out.push(...fullDiff(diff, options.maxDiffLines ?? 1500, options.maxDiffChars ?? 50_000));
  return `${out.join("\n")}\n`;
}
