/**
 * The code blocks of the README, as files. A TypeScript (or JSONC) block whose first line is a comment naming
 * a path (`// test/rack.ts`, `// tsconfig.json`) is that file, so blocks can import each other as the README
 * shows; `(msw 3)` or `(msw 2)` on that line marks a block written for that msw. Other blocks are
 * `block-<n>.ts`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./consumer.js";

export interface ReadmeBlock {
  readonly file: string;
  readonly code: string;
  /** Written for msw 3 only. */
  readonly msw3: boolean;
  /** Written for msw 2 only. */
  readonly msw2: boolean;
}

export function readmeBlocks(): ReadmeBlock[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^```(ts|jsonc)\n([^]*?)^```$/gm)].map((match, index) => {
    const code = match[2] ?? "";
    const named = /^\/\/ ([\w./-]+\.(?:ts|json))\b(.*)$/m.exec(code.split("\n")[0] ?? "");
    const marks = named?.[2] ?? "";
    return { file: named?.[1] ?? `block-${index + 1}.ts`, code, msw3: marks.includes("(msw 3)"), msw2: marks.includes("(msw 2)") };
  });
}
