// Markdown for a PR comment. GitHub refuses comments over 65,536 characters, so the comment is built in
// order of importance (verdict, counts, summary table, then folded details, types, full diff) and cut where
// the budget ends, with every open fence and fold closed and a note saying what was left out.
import {
  byConcern,
  componentTitle,
  counts,
  operationTitle,
  SEVERITY_LABEL,
  shortVersion,
  showsFingerprint,
  sortChanges,
  usedBy,
  verdict,
} from "./report.js";
import type { Change, ComponentDiff, OperationDiff, Severity, SpecDiff } from "../types.js";

/** GitHub's limit on the body of an issue or pull-request comment. */
export const PR_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Most characters (65,536); `Infinity` for the full report. */
  maxChars?: number;
  /** What to tell readers to run for the full report, in the truncation note. */
  fullReportHint?: string;
}

const MARK: Record<Severity, string> = {
  breaking: "⚠ **breaking**",
  "breaks-sdk": "**breaks generated SDKs**",
  "non-breaking": "non-breaking",
  documentation: "documentation",
};

const code = (text: string): string => {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `\`${text}\``;
};
const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");
/** Descriptions come from the documents: keep their HTML from opening tags in the comment. */
const safe = (text: string): string => text.replaceAll("<", "&lt;").replaceAll("\n", " ");

/** A part of the comment: its opening and closing lines always go together; its body may be cut. */
interface Block {
  title: string;
  open: string[];
  body: string[];
  close: string[];
}

function bullet(change: Change): string {
  const area = change.area === "operation" || change.area === "schema" || change.area === "document" ? "" : `${safe(change.area)}: `;
  const id = showsFingerprint(change) || change.accepted !== undefined ? ` · ${code(change.fingerprint)}` : "";
  const accepted = change.accepted === undefined ? "" : ` · accepted: ${safe(change.accepted)}`;
  return `- ${MARK[change.severity]} · ${area}${safe(change.description)}${id}${accepted}`;
}

function row(operation: OperationDiff): string {
  const id = operation.operationId === undefined ? "" : code(operation.operationId);
  const label = operation.severity === "breaking" ? "⚠ **breaking**" : SEVERITY_LABEL[operation.severity];
  return `| ${label} | ${operation.method} | ${code(operation.path)} | ${id} | ${cell(safe(operation.summary))} |`;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  let longest = 0;
  for (const match of text.matchAll(/`{3,}/g)) longest = Math.max(longest, match[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

function folded(title: string, summary: string, body: string[]): Block {
  let end = body.length;
  while (end > 0 && body[end - 1] === "") end--;
  return { title, open: [`<details><summary>${summary}</summary>`, ""], body: body.slice(0, end), close: ["", "</details>", ""] };
}

function codeBlock(title: string, summary: string, text: string, language: string): Block {
  const marks = fence(text);
  return {
    title,
    open: [`<details><summary>${summary}</summary>`, "", `${marks}${language}`],
    body: text.trimEnd().split("\n"),
    close: [marks, "", "</details>", ""],
  };
}

const componentLabel = (component: ComponentDiff): string => `${code(componentTitle(component))} (${SEVERITY_LABEL[component.severity]})`;

function operationDetails(operations: readonly OperationDiff[], components: ReadonlyMap<string, ComponentDiff>): string[] {
  const out: string[] = [];
  for (const operation of byConcern(operations)) {
    if (operation.kind === "added" || operation.kind === "removed") continue;
    const id = operation.operationId === undefined ? "" : ` (${code(operation.operationId)})`;
    out.push(`#### ${code(operationTitle(operation))}${id} · ${SEVERITY_LABEL[operation.severity]}`, "");
    if (operation.from !== undefined) out.push(`Moved from ${code(operationTitle(operation.from))}.`, "");
    out.push(...sortChanges(operation.changes).map(bullet));
    const through = operation.components.map((name) => components.get(name)).filter((component) => component !== undefined);
    if (through.length > 0) out.push(`- uses changed ${through.map(componentLabel).join(", ")}`);
    out.push("");
  }
  return out;
}

function componentDetails(components: readonly ComponentDiff[]): string[] {
  const out: string[] = [];
  const added = components.filter((component) => component.kind === "added");
  for (const component of components) {
    if (component.kind === "added") continue;
    const removed = component.kind === "removed" ? " · removed" : "";
    out.push(
      `#### ${code(componentTitle(component))} · ${SEVERITY_LABEL[component.severity]}${removed}`,
      "",
      usedBy(component.usedBy, 8, code),
      "",
    );
    if (component.kind === "changed") out.push(...sortChanges(component.changes).map(bullet), "");
  }
  if (added.length > 0) out.push(`Added: ${added.map((component) => code(componentTitle(component))).join(", ")}.`, "");
  return out;
}

export function markdownBlocks(diff: SpecDiff): Block[] {
  const blocks: Block[] = [];
  const head = [
    `## API diff: ${shortVersion(diff.before.version)} → ${shortVersion(diff.after.version)}`,
    "",
    `**${verdict(diff)}.**`,
    "",
    counts(diff),
    "",
  ];
  blocks.push({ title: "verdict", open: head, body: [], close: [] });
  if (diff.operations.length > 0) {
    const rows = byConcern(diff.operations).map(row);
    blocks.push({
      title: "summary table",
      open: ["| Verdict | Method | Path | Operation | What changed |", "| --- | --- | --- | --- | --- |"],
      body: rows,
      close: [""],
    });
  }
  const components = new Map(diff.components.map((component) => [component.name, component]));
  const details = operationDetails(diff.operations, components);
  if (details.length > 0) blocks.push(folded("changes by operation", "Changes by operation", details));
  if (diff.components.length > 0)
    blocks.push(
      folded(
        "changed components",
        `Changed components (${diff.components.length}), with the operations that use them`,
        componentDetails(diff.components),
      ),
    );
  if (diff.document.length > 0) blocks.push(folded("document changes", "Document-level changes", sortChanges(diff.document).map(bullet)));
  if (diff.accepted.length > 0 || diff.unusedAcceptances.length > 0) {
    const stale = diff.unusedAcceptances.map((id) => `- ${code(id)} matches no change: remove it from the accepted-changes file`);
    blocks.push(folded("accepted changes", `Accepted changes (${diff.accepted.length})`, [...diff.accepted.map(bullet), ...stale]));
  }
  if (diff.typesDiff !== "")
    blocks.push(codeBlock("generated TypeScript", "Generated TypeScript: declarations that change", diff.typesDiff, "diff"));
  blocks.push(
    diff.documentDiff === ""
      ? { title: "full document diff", open: ["The two documents are identical (key order aside).", ""], body: [], close: [] }
      : codeBlock("full document diff", "Full document diff (keys in the old document's order)", diff.documentDiff, "diff"),
  );
  return blocks;
}

const size = (lines: readonly string[]): number => lines.reduce((sum, line) => sum + line.length + 1, 0);

export function renderMarkdown(diff: SpecDiff, options: MarkdownOptions = {}): string {
  const limit = options.maxChars ?? PR_COMMENT_LIMIT;
  const generic = "system-update diff <old> <new> --output report.md";
  // The hint echoes arguments, which could be long: it must not eat the comment.
  const hint = options.fullReportHint !== undefined && options.fullReportHint.length <= 300 ? options.fullReportHint : generic;
  // Room for the note, whose numbers are not known yet.
  const budget = limit - (400 + hint.length);
  const out: string[] = [];
  let used = 0;
  const blocks = markdownBlocks(diff);
  for (const [index, block] of blocks.entries()) {
    const whole = size(block.open) + size(block.body) + size(block.close);
    if (used + whole <= budget) {
      out.push(...block.open, ...block.body, ...block.close);
      used += whole;
      continue;
    }
    // Cut here: as much of this block's body as fits, then a note naming what is left out.
    let room = budget - used - size(block.open) - size(block.close);
    let taken = 0;
    while (taken < block.body.length && (block.body[taken]?.length ?? 0) + 1 <= room) room -= (block.body[taken++]?.length ?? 0) + 1;
    if (taken > 0) out.push(...block.open, ...block.body.slice(0, taken), ...block.close);
    const skipped = blocks.slice(taken > 0 ? index + 1 : index).map((next) => next.title);
    const parts = [
      ...(taken > 0 ? [`the last ${(block.body.length - taken).toLocaleString("en-US")} lines of the ${block.title}`] : []),
      ...(skipped.length > 0 ? [`the ${skipped.join(", ")}`] : []),
    ];
    out.push(
      `> ✂ **Truncated** to fit GitHub's ${limit.toLocaleString("en-US")}-character comment limit: ` +
        `left out ${parts.join(" and ")}. The full report: \`${hint}\`.`,
      "",
    );
    break;
  }
  return `${out.join("\n").trimEnd()}\n`;
}
