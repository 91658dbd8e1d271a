// The unified diff: minimal, and applying it to the old text gives the new one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "../../src/diff/diff-text.js";

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
const text = (items: string[]): string => (items.length === 0 ? "" : `${items.join("\n")}\n`);

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", ["x", "y"])).toBe("");
  });

  it("writes headers, hunks and three lines of context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    expect(unifiedDiff(before, after, ["old", "new"])).toBe(
      "--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
    );
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
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        expect(diffLines(a, b).filter((op) => op.kind === " ").length).toBe(lcs(a, b));
      }),
    );
  });
});
