/**
 * The last step of `npm run build`: removes from dist/ what no user can reach. tsc emits a file for every
 * module of the program: JavaScript for type-only modules (an empty `export {};`) and declarations for
 * internal modules that no entry point's declarations mention. What stays is what the package's `exports`
 * and `bin` reach through relative imports (static, dynamic and `import("…")` types).
 */
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface PackageJson {
  readonly exports: Readonly<Record<string, string | { readonly types: string; readonly default: string }>>;
  readonly bin: Readonly<Record<string, string>>;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/**
 * The files of the package at `root` reached from `starts` (paths relative to `root`): JavaScript through
 * the imports of JavaScript, declarations through those of declarations. Throws on an import of a
 * missing file.
 */
export function reachableFiles(root: string, starts: readonly string[], kind: "js" | "dts"): Set<string> {
  const seen = new Set<string>();
  const pending = starts.map((start) => path.posix.normalize(start));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(path.join(root, file), "utf8").matchAll(IMPORT)) {
      const target = path.posix.join(path.posix.dirname(file), match[1] as string);
      pending.push(kind === "js" ? target : target.replace(/\.js$/, ".d.ts"));
    }
  }
  return seen;
}

/** Where users come in: the `exports` targets (JavaScript and types) and the `bin` scripts. */
export function entryFiles(root: string): { readonly js: string[]; readonly dts: string[] } {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as PackageJson;
  const conditional = Object.values(pkg.exports).filter((target) => typeof target !== "string");
  return {
    js: [...conditional.map((target) => target.default), ...Object.values(pkg.bin)],
    dts: conditional.map((target) => target.types),
  };
}

function prune(root: string): void {
  const entries = entryFiles(root);
  const keep = new Set([...reachableFiles(root, entries.js, "js"), ...reachableFiles(root, entries.dts, "dts")]);
  for (const file of readdirSync(path.join(root, "dist"), { recursive: true, encoding: "utf8" })) {
    const relative = path.posix.join("dist", file.split(path.sep).join("/"));
    if ((relative.endsWith(".js") || relative.endsWith(".d.ts")) && !keep.has(relative)) rmSync(path.join(root, relative));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prune(path.resolve(fileURLToPath(new URL("..", import.meta.url))));
