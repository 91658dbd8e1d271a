/**
 * The TypeScript blocks of the README, as files. A block whose first line is a comment naming a path
 * (`// test/rack.ts`) is that file, so blocks can import each other as the README shows; `(msw 3)` on
 * that line marks a block written for msw 3. Other blocks are `block-<n>.ts`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./consumer.js";

export interface ReadmeBlock {
  readonly file: string;
  readonly code: string;
  readonly msw3: boolean;
}

export function readmeBlocks(): ReadmeBlock[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^```ts\n([^]*?)^```$/gm)].map((match, index) => {
    const code = match[1] ?? "";
    const named = /^\/\/ ([\w./-]+\.ts)\b(.*)$/m.exec(code.split("\n")[0] ?? "");
    return { file: named?.[1] ?? `block-${index + 1}.ts`, code, msw3: named?.[2]?.includes("(msw 3)") ?? false };
  });
}
