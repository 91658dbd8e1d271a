// The rule registry (src/diff/judge/rules.ts): the docs table is the one it renders, every change the diff
// reports names a registered rule with one of the effects registered for it, and the JSON output names it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inverted } from "../../src/diff/judge/effects.js";
import { diffSpecs, renderDiff, type Change, type SpecDiff } from "../../src/diff/index.js";
import { renderRuleTable, withRuleTable } from "../../src/diff/render/rule-table.js";
import { isRuleId, RULES } from "../../src/diff/judge/rules.js";
import { repoRoot } from "../../scripts/generate-lib.js";
import { loadNexus, NEXUS } from "./support.js";

const changesOf = (diff: SpecDiff): Change[] => [
  ...diff.operations.flatMap((op) => op.changes),
  ...diff.components.flatMap((component) => component.changes),
  ...diff.document,
];

describe("the docs table", () => {
  const docs = readFileSync(path.join(repoRoot, "docs", "spec-diff.md"), "utf8");
  it("is the one the registry renders (run `npm run docs:rules` when this fails)", () => {
    expect(withRuleTable(docs)).toBe(docs);
  });
  it("has a row for every rule", () => {
    const table = renderRuleTable();
    for (const id of Object.keys(RULES)) expect(table).toContain(`| \`${id}\` |`);
  });
});

describe("the changes of the Nexus documents", () => {
  const pairs = NEXUS.slice(1).map((version, i) => [NEXUS[i] ?? version, version] as const);
  const diffs = pairs.map(([before, after]) => diffSpecs(loadNexus(before), loadNexus(after)));
  it("each name a registered rule, with an effect registered for it (inverted inside `not`)", () => {
    const unregistered = diffs
      .flatMap(changesOf)
      .filter((change) => {
        const effects = RULES[change.rule].effects;
        const insideNot = change.at.split("/").includes("not");
        return !effects.includes(change.effect) && !(insideNot && effects.some((effect) => inverted(effect) === change.effect));
      })
      .map((change) => `${change.rule}: ${change.effect}`);
    expect(unregistered).toEqual([]);
    expect(diffs.flatMap(changesOf).length).toBeGreaterThan(100);
  });
  it("each carry their rule id in the JSON output", () => {
    const json = JSON.parse(renderDiff(diffs[0] ?? diffs[1]!, "json")) as SpecDiff;
    const rules = changesOf(json).map((change) => change.rule as string);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((rule) => !isRuleId(rule))).toEqual([]);
  });
});

it("refuses a string that is no rule id, even one on the prototype chain", () => {
  expect(isRuleId("constructor")).toBe(false);
  expect(isRuleId("__proto__")).toBe(false);
  expect(isRuleId("enum-value-added")).toBe(true);
});
