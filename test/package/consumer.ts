/**
 * A consumer project in a temporary directory, installed offline: the packed tarball of this package and
 * the same versions of msw, vitest, @types/node... this repository's lockfile pins (their tarballs are in
 * the npm cache after `npm ci`). The consumer gets a lockfile cut from ours, because `npm install --offline`
 * would need the registry's package documents, which `npm ci` never caches; `npm ci --offline` needs only
 * the tarballs.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const run = promisify(execFile);

interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly optional?: boolean;
  readonly [field: string]: unknown;
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>>;
  readonly license?: string;
}

const repoLock = (): Readonly<Record<string, LockEntry>> =>
  (JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> }).packages;

/** Where Node would find `name` from the package installed at `from` (both lockfile paths). */
function resolveFrom(lock: Readonly<Record<string, LockEntry>>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (dir === "") return undefined;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut < 0 ? "" : dir.slice(0, cut);
  }
}

/** Every lockfile path the roots need at run time (dependencies, optional ones, non-optional peers). */
function closure(lock: Readonly<Record<string, LockEntry>>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    if (seen.has(at)) continue;
    const entry = lock[at];
    if (!entry) throw new Error(`${at} is not in package-lock.json`);
    seen.add(at);
    const optionalPeers = new Set(Object.keys(entry.peerDependenciesMeta ?? {}).filter((n) => entry.peerDependenciesMeta?.[n]?.optional));
    const wanted = [
      ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
      ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
      ...Object.keys(entry.peerDependencies ?? {})
        .filter((name) => !optionalPeers.has(name))
        .map((name) => ({ name, optional: false })),
    ];
    for (const { name, optional } of wanted) {
      const found = resolveFrom(lock, at, name);
      if (found) pending.push(found);
      else if (!optional) throw new Error(`${at} needs ${name}, which package-lock.json does not have`);
    }
  }
  return seen;
}

/** A temporary directory, and the way to remove it. */
export function tempRoot(prefix: string): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `npm pack` of a copy of this repository (its own `prepack`: clean, then build), so the test neither
 * rebuilds nor empties the working tree's dist/ while other suites run. Returns the tarball's path.
 */
export async function packTarball(into: string): Promise<string> {
  const copy = path.join(into, "source");
  cpSync(ROOT, copy, {
    recursive: true,
    // No installs (test/node22 and test/node26 each hold a whole Node), no build output, no git.
    filter: (source) => {
      const parts = path.relative(ROOT, source).split(path.sep);
      return !parts.includes("node_modules") && !["dist", ".git", ".tmp"].includes(parts[0] ?? "");
    },
  });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", into], { cwd: copy });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return path.join(into, packed.filename);
}

export interface ConsumerOptions {
  /** The consumer's devDependencies, each by its path in our lockfile ("node_modules/msw3" installs as "msw"). */
  readonly packages: Readonly<Record<string, string>>;
  /** The packed tarball of this package, installed as `system-update`; without it, the project has not installed it yet. */
  readonly tarball?: string;
}

/** Creates and installs (`npm ci --offline`) a consumer project in `dir`. */
export async function installConsumer(dir: string, options: ConsumerOptions): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const lock = repoLock();
  const packages: Record<string, LockEntry> = {};
  const devDependencies: Record<string, string> = {};
  for (const [name, from] of Object.entries(options.packages)) {
    const entry = lock[from];
    if (!entry?.version) throw new Error(`${from} is not in package-lock.json`);
    devDependencies[name] = entry.version;
    for (const at of closure(lock, [from])) {
      // Installed under the consumer's name: msw3 (an npm alias in our lockfile) becomes plain msw.
      const to = at === from || at.startsWith(`${from}/`) ? `node_modules/${name}${at.slice(from.length)}` : at;
      const { name: _alias, ...rest } = lock[at] as LockEntry;
      packages[to] = at === from ? rest : (lock[at] as LockEntry);
    }
  }
  if (options.tarball !== undefined) {
    const manifest = JSON.parse(await readTarballManifest(options.tarball)) as PackageJson;
    const tarballName = path.relative(dir, options.tarball);
    devDependencies[manifest.name] = `file:${tarballName}`;
    packages[`node_modules/${manifest.name}`] = {
      version: manifest.version,
      resolved: `file:${tarballName}`,
      integrity: `sha512-${createHash("sha512").update(readFileSync(options.tarball)).digest("base64")}`,
      dev: true,
      ...pick(manifest, ["license", "dependencies", "peerDependencies", "peerDependenciesMeta", "bin", "engines"]),
    };
    const dependencies = Object.keys(manifest.dependencies ?? {}).map((name) => `node_modules/${name}`);
    for (const at of closure(lock, dependencies)) packages[at] = lock[at] as LockEntry;
  }
  const pkg = { name: "consumer", version: "1.0.0", private: true, type: "module", devDependencies };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const consumerLock = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: { "": pkg, ...packages } };
  writeFileSync(path.join(dir, "package-lock.json"), `${JSON.stringify(consumerLock, null, 2)}\n`);
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir });
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

async function readTarballManifest(tarball: string): Promise<string> {
  const { stdout } = await run("tar", ["-xzOf", tarball, "package/package.json"]);
  return stdout;
}
