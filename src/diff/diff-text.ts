// A small unified line diff (Myers' O(ND) algorithm), enough to show two spec documents side by side
// in a PR comment without a dependency.

type Op = { kind: " " | "-" | "+"; line: string };

/** The shortest edit script from `a` to `b`, as kept, removed and added lines in order. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d++) {
    // Step d only reads diagonals -(d-1)..d-1 of the previous step: keep those (as -d..d).
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m) to (0, 0).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const saved = trace[d];
    const at = (diagonal: number): number => saved?.[diagonal + d] ?? 0;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    for (; x > prevX && y > prevY; y--) ops.push({ kind: " ", line: a[--x] ?? "" });
    if (d === 0) break;
    if (down) ops.push({ kind: "+", line: b[--y] ?? "" });
    else ops.push({ kind: "-", line: a[--x] ?? "" });
  }
  for (; x > 0 && y > 0; y--) ops.push({ kind: " ", line: a[--x] ?? "" });
  return ops.reverse();
}

/**
 * A unified diff (`---`/`+++` headers, `@@` hunks) of two texts, with `context` unchanged lines around
 * each change. Empty when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, labels: [string, string], context = 3): string {
  if (before === after) return "";
  const ops = diffLines(lines(before), lines(after));
  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  let index = 0;
  while (index < changed.length) {
    // Grow a hunk while the next change is within 2 * context lines of the last one.
    const first = changed[index] ?? 0;
    let last = first;
    while (index + 1 < changed.length && (changed[index + 1] ?? 0) - last <= 2 * context + 1) {
      last = changed[++index] ?? last;
    }
    index++;
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length, last + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== "+") oldLine++;
      if (op.kind !== "-") newLine++;
    }
    const body = ops.slice(start, end);
    const oldCount = body.filter((op) => op.kind !== "+").length;
    const newCount = body.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`);
    for (const op of body) out.push(`${op.kind}${op.line}`);
  }
  return `${out.join("\n")}\n`;
}

/** Lines of a text, without the empty string that `split` finds after a final newline. */
function lines(text: string): string[] {
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

function range(start: number, count: number): string {
  // As diff(1) writes it: an empty range names the line before it.
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** A document as it is diffed: pretty-printed with two spaces, as the spec files are written. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
