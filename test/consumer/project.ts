/**
 * The consumer project of the Node 26 stage: `test/consumer/project/` (what `npm i -D` installed there on
 * the day it was pinned: msw 3, vitest 5, TypeScript 7, jsdom, happy-dom) installed once from the registry
 * into a cache folder, then the packed tarball of this package installed into it on every run.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../package/consumer.js";

const exec = promisify(execFile);
const PINNED = path.join(ROOT, "test/consumer/project");
/**
 * Outside what the repository's lint and tsc read, kept between runs, and not under a node_modules folder
 * (TypeScript would then name the project's own packages by relative paths).
 */
const PROJECT = path.join(ROOT, ".tmp/consumer-project");
const STAMP = path.join(PROJECT, "node_modules/.installed-from");

export interface Outcome {
  readonly code: number;
  readonly output: string;
}

/** Runs a command in the project to completion with this (Node 26) process's Node first on PATH; never rejects. */
export async function sh(command: string, args: readonly string[], timeoutMs = 240_000): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, CI: "1" };
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ""}`;
  try {
    const { stdout, stderr } = await exec(command, args, { cwd: PROJECT, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 16 << 20 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      output: `${failed.stdout ?? ""}${failed.stderr ?? ""}${failed.message ?? ""}`,
    };
  }
}

/** `npm ci` of the pinned project, only when its lockfile changed since the last install (the stamp). */
export async function installProject(): Promise<void> {
  const lock = readFileSync(path.join(PINNED, "package-lock.json"));
  const stamp = createHash("sha256").update(lock).digest("hex");
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp) return;
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(PINNED, file), path.join(PROJECT, file));
  const result = await sh("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"]);
  if (result.code !== 0) throw new Error(`npm ci of the consumer project failed:\n${result.output}`);
  writeFileSync(STAMP, stamp);
}

/** Installs the packed tarball as `system-update` (not saved: the pinned files stay as they are). */
export async function installTarball(tarball: string): Promise<void> {
  const result = await sh("npm", ["install", "--no-save", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball]);
  if (result.code !== 0) throw new Error(`npm install of ${tarball} failed:\n${result.output}`);
}

/** Writes `files` (path → text) into the project; clears what an earlier run wrote first. */
export function writeProjectFiles(files: ReadonlyMap<string, string>): void {
  for (const dir of ["test", "dist", "dist-ts5"]) rmSync(path.join(PROJECT, dir), { recursive: true, force: true });
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(PROJECT, file)), { recursive: true });
    writeFileSync(path.join(PROJECT, file), text);
  }
}
