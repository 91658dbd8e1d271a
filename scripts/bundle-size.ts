/**
 * `npm run bundle-size`: what each entry point that runs in a browser costs in a page. Builds dist/, then
 * bundles each entry as published (its `exports` target, every export kept) with esbuild for the browser,
 * minified, and prints its size raw and gzipped. Dependencies are bundled in (openapi-fetch); msw is left
 * external, since a page that uses the handlers has msw already.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "./generate-lib.js";

const BROWSER_ENTRIES = [".", "./rules", "./mocks", "./mocks/msw", "./mocks/devtools"] as const;

const built = spawnSync("npm", ["run", "--silent", "build"], { cwd: repoRoot, stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);

const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, { default: string } | string>;
};

const rows: string[][] = [["entry", "minified (bytes)", "gzipped (bytes)"]];
for (const entry of BROWSER_ENTRIES) {
  const target = pkg.exports[entry];
  if (typeof target !== "object") throw new Error(`exports["${entry}"] is not a conditional export`);
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [target.default],
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["msw", "msw/*"],
    logLevel: "error",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  rows.push([entry === "." ? pkg.name : `${pkg.name}${entry.slice(1)}`, String(code.byteLength), String(gzipSync(code).byteLength)]);
}

const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
for (const row of rows)
  process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ")}\n`);
