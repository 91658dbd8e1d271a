// The package page as read on the registry and in node_modules: the README's images are the published
// package's own files (the package names no repository, so a relative path would resolve nowhere on the
// registry), every relative link of the README and the shipped guides reaches a shipped file, and the
// shipped guides are written for installed users: they name no source file the package does not hold.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./consumer.js";

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string; repository?: unknown };

/** What `npm pack` would put in the tarball (without building: `dist/` is left out of the checks). */
async function shippedFiles(): Promise<Set<string>> {
  const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
  const [listing] = JSON.parse(stdout) as [{ files: { path: string }[] }];
  return new Set(listing.files.map((file) => file.path));
}
const shipped = await shippedFiles();
const guides = [...shipped].filter((file) => /^docs\/[\w.-]+\.md$/.test(file));

/** Markdown link and image targets of `text` (`[..](target)`), without titles and anchors. */
const targets = (text: string): string[] =>
  [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? "").filter((target) => !target.startsWith("#"));

const read = (file: string): string => readFileSync(path.join(ROOT, file), "utf8");
const CDN = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/`;

describe("the package page", () => {
  it("names no repository, so the README shows its images from this version of the published package", () => {
    expect(pkg.repository).toBeUndefined();
    const images = [...read("README.md").matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.startsWith(CDN), `${image} is not a file of ${pkg.name}@${pkg.version}`).toBe(true);
      expect(shipped.has(image.slice(CDN.length)), `${image}: not in the package`).toBe(true);
    }
  });

  it("leaves out the maintainers' design notes and layers, and ships the guides the README links to", () => {
    expect(shipped.has("docs/design.md")).toBe(false);
    expect(shipped.has("docs/layers.md")).toBe(false);
    expect(guides.length).toBeGreaterThanOrEqual(4);
  });

  it.each(["README.md", ...guides])("%s links only to files the package holds", (file) => {
    const broken = targets(read(file))
      .filter((target) => !/^[a-z]+:/i.test(target))
      .map((target) => path.posix.normalize(path.posix.join(path.posix.dirname(file), target.split("#")[0] ?? "")))
      .filter((target) => !shipped.has(target));
    expect(broken).toEqual([]);
  });

  it.each(guides)("%s names no source file of the repository", (file) => {
    // `system-update/mocks/...` are entry points and `node_modules/...` an installed path: both are fine.
    const sourcePaths = [...read(file).matchAll(/(?<![\w@/-])(?:src|mocks|test|scripts|bench|generated|examples)\/[\w./-]+/g)].map(
      (match) => match[0],
    );
    expect(sourcePaths).toEqual([]);
  });
});
