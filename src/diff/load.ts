// Finds the documents `system-update diff` compares: a file path, a version named in the manifest, or
// the latest version at a git ref (read with `git show`, so nothing is checked out).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parseManifest, readManifest, specDir as packageSpecDir } from "../spec/manifest.js";
import { isObject, type JsonObject } from "./json.js";

const run = promisify(execFile);

export interface LoadedSpec {
  doc: JsonObject;
  /** For the full diff's header: `spec/system-update-<v>.json`, a path as given, or `<ref>:spec/...`. */
  label: string;
}

export interface LoadOptions {
  specDir?: string;
  cwd?: string;
}

function parseDoc(text: string, where: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(value)) throw new Error(`${where} is not a JSON object`);
  return value;
}

const VERSION = /^\d+\.\d+\.\d+$/;

/** A path to a document, or a version listed in the manifest (`2026022500.0.0`). */
export async function loadSpec(arg: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const specDir = options.specDir ?? packageSpecDir();
  const file = path.resolve(options.cwd ?? process.cwd(), arg);
  if (VERSION.test(arg) && !existsSync(file)) {
    const manifest = readManifest(specDir);
    const entry = manifest.versions.find((candidate) => candidate.version === arg);
    if (!entry) {
      const known = manifest.versions.map((candidate) => candidate.version).join(", ");
      throw new Error(`no API version ${arg} in spec/manifest.json (known: ${known})`);
    }
    const full = path.join(specDir, entry.file);
    return { doc: parseDoc(await readFile(full, "utf8"), full), label: `spec/${entry.file}` };
  }
  if (!existsSync(file)) throw new Error(`${arg}: no such file, and not an API version`);
  return { doc: parseDoc(await readFile(file, "utf8"), arg), label: arg };
}

/** The latest version in the working tree's spec directory. */
export async function loadLatest(options: LoadOptions = {}): Promise<LoadedSpec> {
  const manifest = readManifest(options.specDir ?? packageSpecDir());
  return loadSpec(manifest.latest, options);
}

async function gitShow(ref: string, file: string, cwd: string): Promise<string> {
  try {
    // `<ref>:./path` is relative to cwd, so this works when the package sits inside a larger repository.
    const { stdout } = await run("git", ["show", `${ref}:./${file}`], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const detail = error instanceof Error && "stderr" in error ? String(error.stderr).trim() : String(error);
    throw new Error(`cannot read spec/${file} at ${ref}: ${detail}`);
  }
}

/** The latest version as the manifest at a git ref names it. */
export async function loadLatestAtRef(ref: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const cwd = options.specDir ?? packageSpecDir();
  const manifest = parseManifest(await gitShow(ref, "manifest.json", cwd), `${ref}:spec/manifest.json`);
  const entry = manifest.versions.find((candidate) => candidate.version === manifest.latest);
  const file = entry?.file ?? `system-update-${manifest.latest}.json`;
  const label = `${ref}:spec/${file}`;
  return { doc: parseDoc(await gitShow(ref, file, cwd), label), label };
}
