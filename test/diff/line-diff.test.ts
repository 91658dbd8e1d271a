// The line diff (linear-space Myers): minimal, and applying it to the old text gives the new one; and the
// pretty-printer that feeds it: JSON.stringify's layout, with the new document's keys in the old one's order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "../../src/diff/render/line-diff.js";
import type { Json } from "../../src/diff/index.js";
import { prettyLines } from "../../src/diff/render/pretty.js";

/** Applies a unified diff to `text`, as patch(1) would (no fuzz). */
function apply(text: string, patch: string): string {
  const old = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const out: string[] = [];
  let next = 0; // index in `old` of the next line not yet copied
  for (const line of patch.replace(/\n$/, "").split("\n").slice(2)) {
    const hunk = /^@@ -(\d+)(?:,(\d+))? /.exec(line);
    if (hunk) {
      const start = Number(hunk[1]) - (hunk[2] === "0" ? 0 : 1);
      out.push(...old.slice(next, start));
      next = start;
    } else if (line.startsWith("+")) out.push(line.slice(1));
    else {
      expect(old[next], `context or removed line ${next + 1}`).toBe(line.slice(1));
      if (line.startsWith(" ")) out.push(line.slice(1));
      next++;
    }
  }
  out.push(...old.slice(next));
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

const lines = fc.array(fc.constantFrom("a", "b", "c", "{", "}"), { maxLength: 40 });
/** Longer inputs over a larger alphabet: many distinct lines, long runs of edits. */
const longLines = fc.array(fc.integer({ min: 0, max: 30 }).map(String), { maxLength: 300 });
const text = (items: string[]): string => (items.length === 0 ? "" : `${items.join("\n")}\n`);

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", ["x", "y"])).toBe("");
  });

  it("writes headers, hunks and three lines of context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    expect(unifiedDiff(before, after, ["old", "new"])).toBe("--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  });

  it("round-trips: applying the diff to the old text gives the new one", () => {
    fc.assert(
      fc.property(lines, lines, fc.integer({ min: 0, max: 4 }), (a, b, context) => {
        expect(apply(text(a), unifiedDiff(text(a), text(b), ["a", "b"], context))).toBe(text(b));
      }),
    );
  });

  it("finds a shortest edit script (as many kept lines as a longest common subsequence)", () => {
    const lcs = (a: string[], b: string[]): number => {
      const row = new Array<number>(b.length + 1).fill(0);
      for (const x of a) {
        let diagonal = 0;
        for (let j = 1; j <= b.length; j++) {
          const above = row[j] ?? 0;
          row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] ?? 0);
          diagonal = above;
        }
      }
      return row[b.length] ?? 0;
    };
    for (const arbitrary of [lines, longLines]) {
      fc.assert(
        fc.property(arbitrary, arbitrary, (a, b) => {
          const ops = diffLines(a, b);
          expect(ops.filter((op) => op.kind === " ").length).toBe(lcs(a, b));
          expect(ops.filter((op) => op.kind !== "+").map((op) => op.line)).toEqual(a);
          expect(ops.filter((op) => op.kind !== "-").map((op) => op.line)).toEqual(b);
        }),
      );
    }
  });

  it("stays correct past the cost bound, where it gives up minimality for time", () => {
    // Thousands of lines, most of them changed: far more edit steps than a middle-snake search may take.
    const many = fc.array(fc.integer({ min: 0, max: 3 }).map(String), { minLength: 3000, maxLength: 4000 });
    fc.assert(
      fc.property(many, many, (a, b) => {
        const ops = diffLines(a, b);
        expect(ops.filter((op) => op.kind !== "+").map((op) => op.line)).toEqual(a);
        expect(ops.filter((op) => op.kind !== "-").map((op) => op.line)).toEqual(b);
        expect(apply(text(a), unifiedDiff(text(a), text(b), ["a", "b"]))).toBe(text(b));
      }),
      { numRuns: 5 },
    );
    const rewritten = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const ops = diffLines(
      rewritten,
      rewritten.map((line, i) => (i % 2 === 0 ? `${line} changed` : line)),
    );
    expect(ops.filter((op) => op.kind === " ")).toHaveLength(2500);
  });

  it("names the section a hunk starts in", () => {
    const before = prettyLines({ paths: { "/a": { get: { x: 1 } } } }, undefined);
    const after = prettyLines({ paths: { "/a": { get: { x: 2 } } } }, undefined);
    const text = (items: string[]): string => `${items.join("\n")}\n`;
    expect(unifiedDiff(text(before.lines), text(after.lines), ["a", "b"], 0, (line) => before.sections[line])).toContain(
      "@@ -5 +5 @@ paths /a get\n",
    );
  });
});

/** The same object with its keys, at every depth, in another order. */
function shuffled(value: Json, seed: number): Json {
  if (Array.isArray(value)) return value.map((item, i) => shuffled(item, seed + i));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  const order = keys.map((key, i) => ({ key, rank: (i * 7919 + seed * 104729) % (keys.length + 13) })).sort((x, y) => x.rank - y.rank);
  const out: Record<string, Json> = {};
  for (const { key } of order) Object.defineProperty(out, key, { value: shuffled(value[key] as Json, seed + 1), enumerable: true });
  return out;
}

describe("prettyLines", () => {
  const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;

  it("writes what JSON.stringify(value, null, 2) writes", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(prettyLines(value, value).lines.join("\n")).toBe(JSON.stringify(value, null, 2));
      }),
    );
    expect(prettyLines({ ["__proto__"]: 1, constructor: [] } as unknown as Json, undefined).lines).toEqual(
      JSON.stringify({ ["__proto__"]: 1, constructor: [] }, null, 2).split("\n"),
    );
  });

  it("writes a document with its keys reordered exactly as the original", () => {
    fc.assert(
      fc.property(json, fc.nat(1000), (value, seed) => {
        expect(prettyLines(shuffled(value, seed), value).lines).toEqual(prettyLines(value, value).lines);
      }),
    );
  });

  it("keeps a new key after the key it followed", () => {
    const old = { a: 1, b: 2, c: 3 };
    expect(prettyLines({ c: 3, b: 2, new: 0, a: 1 }, old).lines).toEqual(["{", '  "a": 1,', '  "b": 2,', '  "new": 0,', '  "c": 3', "}"]);
  });
});
