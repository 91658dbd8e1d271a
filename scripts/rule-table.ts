// Writes the rule table of docs/spec-diff.md from the registry of the spec diff (src/diff/judge/rules.ts).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { withRuleTable } from "../src/diff/render/rule-table.js";
import { repoRoot } from "./generate-lib.js";

const file = path.join(repoRoot, "docs", "spec-diff.md");
const next = withRuleTable(readFileSync(file, "utf8"));
if (next === undefined) {
  process.stderr.write(`${file} has no rule table markers\n`);
  process.exit(1);
}
writeFileSync(file, next);
