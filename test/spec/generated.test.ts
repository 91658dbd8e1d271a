// generated/ is exactly what `npm run generate` produces from spec/ today.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../../scripts/generate-lib.js";
import { repoRoot } from "./support.js";

const STALE = "generated/ is stale: run `npm run generate` and commit the result";

const expected = await generateAll();

describe("generated types", () => {
  it.each([...expected.keys()])("%s is fresh", (file) => {
    const full = path.join(repoRoot, file);
    expect(existsSync(full), `${file} is missing: ${STALE}`).toBe(true);
    const actual = readFileSync(full, "utf8");
    // Compare without printing two whole files on failure.
    expect(actual === expected.get(file), `${file} differs: ${STALE}`).toBe(true);
  });

  it("holds no other files", () => {
    const onDisk = readdirSync(path.join(repoRoot, "generated")).map((name) => `generated/${name}`);
    expect(onDisk.sort(), `unexpected files in generated/: ${STALE}`).toEqual([...expected.keys()].sort());
  });

  it("is deterministic", async () => {
    expect(await generateAll()).toEqual(expected);
  });
});
