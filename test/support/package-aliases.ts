/**
 * The package's public names (`system-update`, `system-update/mocks/server`, ...) resolved to the sources,
 * for vitest: the same mapping as tsconfig.json's `paths`, read from there so it is stated once. Without it
 * a module that imports the package by name, as the examples do, would need a build in dist/ first.
 */
import path from "node:path";
import ts from "typescript";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

export function packageAliases(repoRoot: string): { find: RegExp; replacement: string }[] {
  const file = path.join(repoRoot, "tsconfig.json");
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const paths = (config as { compilerOptions?: { paths?: Record<string, string[]> } }).compilerOptions?.paths ?? {};
  return Object.entries(paths).map(([name, [target]]) => {
    if (!target) throw new Error(`tsconfig.json: paths["${name}"] is empty`);
    return { find: new RegExp(`^${escapeRegExp(name)}$`), replacement: path.join(repoRoot, target) };
  });
}
