// A unified line diff in linear space: Myers' divide-and-conquer refinement ("An O(ND) Difference
// Algorithm and Its Variations", 1986, section 4b), which finds the middle snake of each range instead of
// keeping the edit trace. Memory is O(N + M) whatever the distance; time O((N + M) D). Lines are interned
// to integers first, so every comparison is an integer comparison.
//
// Hand-written rather than a dependency: the command ships in the package, whose one runtime dependency is
// openapi-fetch, and the algorithm is short and proven here against a longest common subsequence.

export type LineOp = { kind: " " | "-" | "+"; line: string };

/**
 * Edit steps a middle-snake search may take before it settles for a good split instead of the best one.
 * Below it the script is minimal; above it time stays O((N + M) * TOO_EXPENSIVE) per level instead of
 * growing with N * D (a 35,000-line document rewritten line by line: about 5 s without it).
 */
const TOO_EXPENSIVE = 1024;

/** Codes of `a` and `b` such that equal lines have equal codes. */
function intern(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const codes = new Map<string, number>();
  const encode = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length);
    lines.forEach((line, i) => {
      let code = codes.get(line);
      if (code === undefined) codes.set(line, (code = codes.size));
      out[i] = code;
    });
    return out;
  };
  return [encode(a), encode(b)];
}

/** What one edit script is searched with: both sides' codes, and the two diagonal arrays every range reuses. */
interface Search {
  a: Int32Array;
  b: Int32Array;
  /** Where diagonal 0 is in `forward` and `backward`. */
  size: number;
  /** The furthest x reached on each diagonal, searching from the start of the range and from its end. */
  forward: Int32Array;
  backward: Int32Array;
}

/**
 * The edit script from `a` to `b` as a list of kinds (" " kept, "-" removed, "+" added) in order; every
 * range is narrowed by its common prefix and suffix, then split at the middle snake of its shortest edit path.
 */
function editScript(a: Int32Array, b: Int32Array): string[] {
  const out: string[] = [];
  const size = a.length + b.length + 2;
  const search: Search = { a, b, size, forward: new Int32Array(2 * size + 1), backward: new Int32Array(2 * size + 1) };
  walk(search, out, 0, a.length, 0, b.length);
  return out;
}

function walk(search: Search, out: string[], aLo: number, aHi: number, bLo: number, bHi: number): void {
  const { a, b } = search;
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    out.push(" ");
    aLo++;
    bLo++;
  }
  let suffix = 0;
  while (aHi > aLo && bHi > bLo && a[aHi - 1] === b[bHi - 1]) {
    aHi--;
    bHi--;
    suffix++;
  }
  if (aLo === aHi) for (let y = bLo; y < bHi; y++) out.push("+");
  else if (bLo === bHi) for (let x = aLo; x < aHi; x++) out.push("-");
  else {
    const [x, y] = middle(search, aLo, aHi, bLo, bHi);
    walk(search, out, aLo, x, bLo, y);
    walk(search, out, x, aHi, y, bHi);
  }
  for (let i = 0; i < suffix; i++) out.push(" ");
}

/** A point (x, y) on a shortest path from (aLo, bLo) to (aHi, bHi), strictly inside both ranges. */
function middle(search: Search, aLo: number, aHi: number, bLo: number, bHi: number): [number, number] {
  const { a, b, size, forward, backward } = search;
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((n + m) / 2);
  forward[size + 1] = 0;
  backward[size + 1] = 0;
  for (let d = 0; d <= max; d++) {
    if (d > TOO_EXPENSIVE) return furthest(search, d - 1, aLo, bLo, n, m);
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (forward[size + k - 1] ?? 0) < (forward[size + k + 1] ?? 0))
          ? (forward[size + k + 1] ?? 0)
          : (forward[size + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      forward[size + k] = x;
      // Reverse diagonal k' = delta - k; it has moved d - 1 steps so far.
      const reverse = delta - k;
      if (odd && reverse >= -(d - 1) && reverse <= d - 1 && x + (backward[size + reverse] ?? 0) >= n) return [aLo + x, bLo + y];
    }
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (backward[size + k - 1] ?? 0) < (backward[size + k + 1] ?? 0))
          ? (backward[size + k + 1] ?? 0)
          : (backward[size + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
        x++;
        y++;
      }
      backward[size + k] = x;
      const ahead = delta - k;
      if (!odd && ahead >= -d && ahead <= d && x + (forward[size + ahead] ?? 0) >= n) return [aHi - x, bHi - (x - k)];
    }
  }
  // Unreachable: a path of length n + m always exists.
  return [aLo, bLo];
}

/**
 * GNU diff's way out when a range is too expensive: split at the forward path that got furthest along
 * (largest x + y). Any point inside the range gives a correct script; this one keeps it short.
 */
function furthest(search: Search, d: number, aLo: number, bLo: number, n: number, m: number): [number, number] {
  const { size, forward } = search;
  let best: [number, number] = [aLo + Math.min(1, n), bLo];
  let reach = -1;
  for (let k = -d; k <= d; k += 2) {
    const x = Math.min(forward[size + k] ?? 0, n);
    const y = x - k;
    if (y < 0 || y > m || x + y <= reach || (x === n && y === m)) continue;
    if (x + y === 0) continue;
    reach = x + y;
    best = [aLo + x, bLo + y];
  }
  return best;
}

/** The shortest edit script from `a` to `b`, as kept, removed and added lines in order. */
export function diffLines(a: readonly string[], b: readonly string[]): LineOp[] {
  const [codesA, codesB] = intern(a, b);
  const ops: LineOp[] = [];
  let x = 0;
  let y = 0;
  for (const kind of editScript(codesA, codesB)) {
    if (kind === "+") ops.push({ kind, line: b[y++] ?? "" });
    else if (kind === "-") ops.push({ kind, line: a[x++] ?? "" });
    else {
      ops.push({ kind: " ", line: a[x++] ?? "" });
      y++;
    }
  }
  return ops;
}

/**
 * A unified diff (`---`/`+++` headers, `@@` hunks) of two texts, with `context` unchanged lines around
 * each change. Empty when the texts are equal. `heading(line)` may name the place a hunk starts in
 * (written after the `@@` as diff -p writes a function name).
 */
export function unifiedDiff(
  before: string,
  after: string,
  labels: readonly [string, string],
  context = 3,
  heading?: (oldLineIndex: number) => string | undefined,
): string {
  if (before === after) return "";
  const ops = diffLines(lines(before), lines(after));
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  // Line numbers before each op, in one pass.
  let oldLine = 1;
  let newLine = 1;
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind === " ") {
      oldLine++;
      newLine++;
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` after the last change that is
    // within 2 * context + 1 lines of the previous one.
    const lead = Math.min(context, i, oldLine - 1);
    let end = i;
    let gap = 0;
    for (let j = i; j < ops.length; j++) {
      if (ops[j]?.kind === " ") {
        gap++;
        if (gap > 2 * context) break;
      } else {
        gap = 0;
        end = j;
      }
    }
    const start = i - lead;
    const stop = Math.min(ops.length, end + context + 1);
    const hunkOld = oldLine - lead;
    const hunkNew = newLine - lead;
    let oldCount = 0;
    let newCount = 0;
    const body: string[] = [];
    for (let j = start; j < stop; j++) {
      const op = ops[j];
      if (op === undefined) continue;
      if (op.kind !== "+") oldCount++;
      if (op.kind !== "-") newCount++;
      body.push(`${op.kind}${op.line}`);
    }
    const name = heading?.(hunkOld - 1);
    out.push(`@@ -${range(hunkOld, oldCount)} +${range(hunkNew, newCount)} @@${name ? ` ${name}` : ""}`, ...body);
    for (let j = i; j < stop; j++) {
      const kind = ops[j]?.kind;
      if (kind !== "+") oldLine++;
      if (kind !== "-") newLine++;
    }
    i = stop;
  }
  return `${out.join("\n")}\n`;
}

/** Lines of a text, without the empty string that `split` finds after a final newline. */
export function lines(text: string): string[] {
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

function range(start: number, count: number): string {
  // As diff(1) writes it: an empty range names the line before it.
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
