// The rule table of docs/spec-diff.md, rendered from the registry (judge/rules.ts): one row a rule, with the
// severity its usual effect gets on each side. `npm run docs:rules` writes it; a test checks it is current.
import { severityOf, type Effect, type Side } from "../judge/effects.js";
import { SEVERITY_LABEL } from "./report.js";
import { RULE_GROUPS } from "../judge/rules.js";

// The marker names no source file: docs/spec-diff.md ships to installed users (docs/design.md points maintainers
// to the registry).
export const RULE_TABLE_START = "<!-- rule table: generated from the rule registry by `npm run docs:rules` -->";
export const RULE_TABLE_END = "<!-- end of rule table -->";

const cell = (effect: Effect, side: Side): string => {
  const label = SEVERITY_LABEL[severityOf(effect, side)];
  return label === "breaking" ? "**breaking**" : label;
};

/** The table, between its two marker lines. */
export function renderRuleTable(): string {
  const lines = [RULE_TABLE_START];
  for (const [group, rules] of Object.entries(RULE_GROUPS)) {
    lines.push("", `**${group}**`, "", "| rule | effect (usual first) | request side | response side | what |", "|---|---|---|---|---|");
    for (const [id, rule] of Object.entries(rules)) {
      const usual = rule.effects[0] ?? "documentation";
      const doc = rule.doc.replaceAll("|", "\\|");
      lines.push(`| \`${id}\` | ${rule.effects.join(", ")} | ${cell(usual, "request")} | ${cell(usual, "response")} | ${doc} |`);
    }
  }
  lines.push("", RULE_TABLE_END);
  return lines.join("\n");
}

/** `markdown` with its rule table replaced by the current one; undefined when it has no markers. */
export function withRuleTable(markdown: string): string | undefined {
  const start = markdown.indexOf(RULE_TABLE_START);
  const end = markdown.indexOf(RULE_TABLE_END);
  if (start < 0 || end < start) return undefined;
  return `${markdown.slice(0, start)}${renderRuleTable()}${markdown.slice(end + RULE_TABLE_END.length)}`;
}
