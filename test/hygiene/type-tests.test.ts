/**
 * The type tests (`*.test-d.ts`) run in the typecheck stage of `npm test` (`tsc --noEmit -p tsconfig.json`),
 * not inside vitest (whose typecheck mode runs tsc over the whole project for every selection that includes
 * one). This keeps that stage honest: every type test is in the program tsc checks (where a failed
 * `expectTypeOf` or an unused `@ts-expect-error` is a compile error, so the stage fails).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";
import { repoRoot } from "../support/repo-root.js";

const SKIPPED_DIRS = new Set(["node_modules", "dist", ".git"]);

function typeTestsOnDisk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) found.push(...typeTestsOnDisk(full));
    else if (entry.isFile() && entry.name.endsWith(".test-d.ts")) found.push(full);
  }
  return found;
}

function projectConfig(): ts.ParsedCommandLine {
  const file = path.join(repoRoot, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${file}`);
  return parsed;
}

it("every *.test-d.ts in the repository is in the program the typecheck stage checks", () => {
  const onDisk = typeTestsOnDisk(repoRoot);
  expect(onDisk.length).toBeGreaterThan(0);
  const checked = new Set(projectConfig().fileNames.map((file) => path.resolve(file)));
  expect(onDisk.filter((file) => !checked.has(file)).map((file) => path.relative(repoRoot, file))).toEqual([]);
});
