/**
 * Page scripts for browser tests: a TypeScript entry bundled by esbuild into one ES module, with `msw`
 * resolved to the package the run tests (msw 2, or msw 3 in the msw 3 stage).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { repoRoot } from "./repo-root.js";

/** The package `msw` stands for in this run: `msw3` (an npm alias of msw 3) when vitest.msw3.config.ts says so. */
export const MSW_PACKAGE = process.env.SYSTEM_UPDATE_TEST_MSW ?? "msw";

/** Bundles `entry` (a path from the repository root) for the browser; throws with esbuild's errors. */
export async function bundlePageScript(entry: string): Promise<string> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    alias: MSW_PACKAGE === "msw" ? {} : { msw: MSW_PACKAGE },
  });
  const output = result.outputFiles?.[0];
  if (output === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
}

/** The service worker script of the msw in use; it must match the library version and sit at the page origin's root. */
export function mswWorkerScript(): string {
  return readFileSync(createRequire(import.meta.url).resolve(`${MSW_PACKAGE}/mockServiceWorker.js`), "utf8");
}
