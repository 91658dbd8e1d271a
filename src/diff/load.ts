// The inputs of `system-update diff`: the documents it compares (a file path, JSON or YAML; a version named
// in the manifest; or the latest version at a git ref, read with `git show`, so nothing is checked out),
// and the accepted-changes file.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parseManifest, readManifest, specDir as packageSpecDir } from "../spec/manifest.js";
import type * as Yaml from "yaml";
import { isObject, own, type JsonObject } from "./model/json.js";

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

const YAML_FILE = /\.ya?ml$/i;

/** YAML through the optional peer `yaml`, loaded only when a YAML file is read. */
async function parseYaml(text: string, where: string): Promise<unknown> {
  let yaml: typeof Yaml;
  try {
    yaml = await import("yaml");
  } catch {
    throw new Error(`${where} is YAML, which needs the optional peer dependency yaml: npm install --save-dev yaml`);
  }
  try {
    // Plain JSON values only (no custom tags, no anchors expanded past a sane count), like JSON.parse.
    return yaml.parse(text, { maxAliasCount: 1000, uniqueKeys: true }) as unknown;
  } catch (error) {
    throw new Error(`${where} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A parsed JSON or YAML file (YAML when the name says so, or when the text is not JSON and does not look like it). */
export async function parseDocumentText(text: string, where: string): Promise<unknown> {
  const trimmed = text.trimStart();
  // A `.json` file is JSON even when it is broken: its error is a JSON error, not a call for the YAML peer.
  const looksJson = /\.json$/i.test(where) || trimmed.startsWith("{") || trimmed.startsWith("[");
  if (YAML_FILE.test(where) || !looksJson) return parseYaml(text, where);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${where} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function parseDoc(text: string, where: string): Promise<JsonObject> {
  const value = await parseDocumentText(text, where);
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
    return { doc: await parseDoc(await readFile(full, "utf8"), full), label: `spec/${entry.file}` };
  }
  if (!existsSync(file)) throw new Error(`${arg}: no such file, and not an API version`);
  return { doc: await parseDoc(await readFile(file, "utf8"), arg), label: arg };
}

/** The latest version in the working tree's spec directory. */
export async function loadLatest(options: LoadOptions = {}): Promise<LoadedSpec> {
  const manifest = readManifest(options.specDir ?? packageSpecDir());
  return loadSpec(manifest.latest, options);
}

/** `git <args>` in `cwd`; an Error that says what is wrong in the terms of `--base`. */
async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      throw new Error("--base needs git, and git is not installed here (or not on PATH); compare two versions or files instead");
    }
    const stderr = error instanceof Error && "stderr" in error ? String(error.stderr).trim() : String(error);
    throw Object.assign(new Error(stderr), { gitFailed: true });
  }
}

/** Refuses what `--base` cannot read: no git checkout at `cwd`, or no commit named `ref`. */
async function checkRef(ref: string, cwd: string): Promise<void> {
  try {
    await git(["rev-parse", "--is-inside-work-tree"], cwd);
  } catch (error) {
    if (!(error instanceof Error && "gitFailed" in error)) throw error;
    throw new Error(`--base needs a git checkout: ${cwd} is not inside a git repository`);
  }
  if (ref.startsWith("-")) throw new Error(`--base: ${ref} is not a git ref`);
  try {
    await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], cwd);
  } catch (error) {
    if (!(error instanceof Error && "gitFailed" in error)) throw error;
    throw new Error(`--base: no commit named ${ref} in this repository (try a branch, a tag or a commit: --base origin/main)`);
  }
}

/** `<ref>:./<file>` read from `cwd` (relative to it, so a spec inside a larger repository works too). */
async function showAtRef(ref: string, cwd: string, file: string, missing: string): Promise<string> {
  try {
    return await git(["show", `${ref}:./${file}`], cwd);
  } catch (error) {
    if (!(error instanceof Error && "gitFailed" in error)) throw error;
    throw new Error(`--base: ${missing}`);
  }
}

/** One document as committed at `ref` (the `--spec <file>` of a consumer's repository). */
export async function loadFileAtRef(ref: string, file: string): Promise<LoadedSpec> {
  const full = path.resolve(file);
  if (!existsSync(full)) throw new Error(`--spec ${file}: no such file in the working tree`);
  const cwd = path.dirname(full);
  await checkRef(ref, cwd);
  const name = path.basename(full);
  const text = await showAtRef(ref, cwd, name, `${file} is not in ${ref} (new since then? Compare with a commit that has it)`);
  const label = `${ref}:${file}`;
  return { doc: await parseDoc(text, label), label };
}

/** The latest version as the manifest at a git ref names it. */
export async function loadLatestAtRef(ref: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const cwd = options.specDir ?? packageSpecDir();
  if (!existsSync(cwd)) throw new Error(`--base: the spec directory ${cwd} does not exist`);
  if (options.specDir === undefined && cwd.split(path.sep).includes("node_modules")) {
    // The installed package's own spec/ has no history in the consumer's repository.
    throw new Error("--base compares your own spec with a commit: give its path, --spec <file.json> or --spec <dir with manifest.json>");
  }
  await checkRef(ref, cwd);
  const where = path.basename(cwd);
  const read = (file: string, what: string): Promise<string> =>
    showAtRef(ref, cwd, file, `${ref} has no ${what} (cannot read ${where}/${file} at ${ref})`);
  const manifest = parseManifest(await read("manifest.json", `${where}/manifest.json`), `${ref}:${where}/manifest.json`);
  const entry = manifest.versions.find((candidate) => candidate.version === manifest.latest);
  const file = entry?.file ?? `system-update-${manifest.latest}.json`;
  const label = `${ref}:${where}/${file}`;
  return { doc: await parseDoc(await read(file, `${where}/${file}, the latest version its manifest names`), label), label };
}

// The accepted-changes file: breaking changes a team has decided to ship, each with a reason. Accepted
// changes are listed as accepted and no longer fail the command. Keyed by fingerprint (judge/judge.ts).
//
//   accepted:
//     - fingerprint: 3f2a9c01b7d4
//       reason: "recovery-finish was never released; nobody calls it yet"
//       change: "optional: what the change was, for readers of this file"

/** Fingerprint -> reason. */
export type AcceptedChanges = ReadonlyMap<string, string>;

const FINGERPRINT = /^[0-9a-f]{12}$/;

/** The accepted changes in a parsed file (JSON or YAML); throws an Error naming `where` and the entry at fault. */
export function parseAccepted(value: unknown, where: string): Map<string, string> {
  const list = Array.isArray(value) ? value : isObject(value) ? own(value, "accepted") : undefined;
  if (!Array.isArray(list)) throw new Error(`${where}: expected a list \`accepted\` of { fingerprint, reason }`);
  const out = new Map<string, string>();
  list.forEach((entry, i) => {
    const fingerprint = isObject(entry) ? own(entry, "fingerprint") : undefined;
    const reason = isObject(entry) ? own(entry, "reason") : undefined;
    if (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint)) {
      throw new Error(`${where}: accepted[${i}] needs a fingerprint of 12 hex digits (as \`system-update diff\` prints it)`);
    }
    if (typeof reason !== "string" || reason.trim() === "") throw new Error(`${where}: accepted[${i}] (${fingerprint}) needs a reason`);
    out.set(fingerprint, reason.trim());
  });
  return out;
}
