// `npm run spec:new-version -- <version>`: start the next API version as a copy of the latest one.
// Released versions never change (their hashes are in the manifest), so a change to the API begins
// here: copy, record in the manifest as a draft (sha256 null), point `latest` at it, regenerate the
// types; then edit the copy, and `npm run spec:release` records its hash once the change is merged.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { compareSemver, parseSemver } from "../src/rules/index.js";
import { readManifest, type Manifest } from "../src/spec/manifest.js";
import { repoRoot } from "./generate-lib.js";

/** `YYYYMMDDNN.0.0`: the date the version was made and a two-digit counter, as upstream names them. */
const FORM = /^(\d{4})(\d{2})(\d{2})(\d{2})\.0\.0$/;

export interface NewVersionOptions {
  version: string;
  /** The directory holding manifest.json and the documents (spec/ by default). */
  specDir?: string;
  /** Rewrites generated/ after the spec changed; `npm run generate` by default. */
  regenerate?: () => Promise<void>;
}

export interface NewVersionResult {
  file: string;
  manifest: Manifest;
  /** What to do next, one step a line. */
  nextSteps: string[];
}

/** API versions are semver (YYYYMMDDNN.0.0): order them as the server does. */
function compareVersions(a: string, b: string): number {
  const [pa, pb] = [parseSemver(a), parseSemver(b)];
  if (!pa.ok || !pb.ok) throw new Error(`not a version: ${pa.ok ? b : a}`);
  return compareSemver(pa.version, pb.version);
}

/** Why `version` cannot follow `latest`, or undefined when it can. */
export function refusal(version: string, latest: string): string | undefined {
  const match = FORM.exec(version);
  if (!match) return `${version} is not of the form YYYYMMDDNN.0.0 (e.g. 2026092100.0.0)`;
  const [, year = "", month = "", day = ""] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) {
    return `${version} does not start with a real date (YYYYMMDD)`;
  }
  if (compareVersions(version, latest) <= 0) return `${version} is not greater than the latest version ${latest}`;
  return undefined;
}

async function runGenerate(): Promise<void> {
  await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "generate.ts")], {
    cwd: repoRoot,
  });
}

export async function createNewVersion(options: NewVersionOptions): Promise<NewVersionResult> {
  const specDir = options.specDir ?? path.join(repoRoot, "spec");
  const manifestFile = path.join(specDir, "manifest.json");
  const manifest = readManifest(specDir);
  const why = refusal(options.version, manifest.latest);
  if (why !== undefined) throw new Error(why);

  const latest = manifest.versions.find((entry) => entry.version === manifest.latest);
  if (!latest) throw new Error(`manifest.json names latest ${manifest.latest} but does not list it`);
  const draft = manifest.versions.find((entry) => entry.sha256 === null);
  if (draft) {
    throw new Error(`${draft.version} is still a draft: release it first (npm run spec:release) before starting ${options.version}`);
  }
  const file = `system-update-${options.version}.json`;
  if (existsSync(path.join(specDir, file))) throw new Error(`${file} already exists`);

  const doc = JSON.parse(await readFile(path.join(specDir, latest.file), "utf8")) as {
    info: { version: string; description?: string };
  };
  doc.info.version = options.version;
  // Our descriptions say which version they describe; keep that sentence true.
  if (doc.info.description !== undefined) {
    doc.info.description = doc.info.description.replaceAll(
      `describes API version ${manifest.latest}`,
      `describes API version ${options.version}`,
    );
  }
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  await writeFile(path.join(specDir, file), text);

  const next: Manifest = {
    latest: options.version,
    versions: [...manifest.versions, { version: options.version, file, sha256: null }],
  };
  await writeFile(manifestFile, `${JSON.stringify(next, null, 2)}\n`);
  await (options.regenerate ?? runGenerate)();
  return { file, manifest: next, nextSteps: nextSteps(manifest.latest, options.version, file) };
}

/** The rest of the workflow once `version` exists as a draft following `previous`. */
export function nextSteps(previous: string, version: string, file: string): string[] {
  return [
    `1. Edit spec/${file} (a draft: it may change until it is released).`,
    "2. npm run generate   (rewrite generated/ from the edited document)",
    `3. npm run diff -- ${previous} ${version}   (review the change; Markdown for the pull request)`,
    "4. npm run spec:release   (once the change is merged: records its sha256; it never changes again)",
  ];
}

const USAGE = `Usage: npm run spec:new-version -- <YYYYMMDDNN.0.0> [--spec-dir <dir>]

Copies the latest spec document to a new version, adds it to spec/manifest.json as a draft (sha256 null),
points \`latest\` at it and runs \`npm run generate\` (skipped with --spec-dir, which only the real spec/
feeds). Refused while the latest version is still a draft: release it first (npm run spec:release).`;

async function main(args: string[]): Promise<number> {
  const specIndex = args.indexOf("--spec-dir");
  const specDir = specIndex >= 0 ? args[specIndex + 1] : undefined;
  const rest = specIndex >= 0 ? args.filter((_, i) => i !== specIndex && i !== specIndex + 1) : args;
  const [version, ...extra] = rest;
  if (version === undefined || extra.length > 0 || version.startsWith("-") || (specIndex >= 0 && !specDir)) {
    console.error(USAGE);
    return 2;
  }
  try {
    const {
      file,
      manifest,
      nextSteps: steps,
    } = await createNewVersion({
      version,
      ...(specDir === undefined ? {} : { specDir: path.resolve(specDir), regenerate: async () => {} }),
    });
    console.log(`created spec/${file} as a draft; manifest latest is now ${manifest.latest}`);
    if (specDir === undefined) console.log("regenerated generated/.");
    console.log(["Next:", ...steps.map((step) => `  ${step}`)].join("\n"));
    return 0;
  } catch (error) {
    console.error(`spec:new-version: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
