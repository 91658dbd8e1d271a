/**
 * The first hour of a new user, on today's defaults: the packed tarball installed into a fresh project with
 * msw 3, vitest 5 and TypeScript 7 on Node 26 (this stage's Node; vitest.consumer.config.ts), the README's
 * setup and test files copied into it verbatim, type-checked under the `tsc --init` defaults
 * (`declaration: true`) by TypeScript 7 and 5.9, and run under jsdom and happy-dom. A test that calls a
 * mistyped host must fail.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, packTarball, tempRoot } from "../package/consumer.js";
import { readmeBlocks } from "../package/readme.js";
import { installProject, installTarball, sh, writeProjectFiles } from "./project.js";

const temp = tempRoot("system-update-consumer-");
const VITEST = ["node_modules/vitest/vitest.mjs", "run", "--reporter", "dot"];
const TSC7 = "node_modules/typescript/bin/tsc";
const TSC5 = path.join(ROOT, "node_modules/typescript/bin/tsc");

/** What the README gives a project on msw 3: its setup and test files, by the path each block names. */
function readmeFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const block of readmeBlocks()) {
    if (block.msw2) continue;
    if (["test/rack.ts", "test/update.test.ts", "vitest.config.ts", "tsconfig.json"].includes(block.file))
      files.set(block.file, block.code);
  }
  return files;
}

const ENTRIES = ["system-update", "system-update/rules", "system-update/mocks", "system-update/mocks/msw", "system-update/mocks/server"];

/**
 * A module that exports, for every function of every entry, a value of its (awaited) return type spread
 * one level: the declaration emit must name each property's type, as `export const { mock } = …` does.
 */
async function exportsProbe(): Promise<string> {
  const listing = await sh(process.execPath, [
    "--input-type=module",
    "-e",
    `const out = {}; for (const e of ${JSON.stringify(ENTRIES)}) { const m = await import(e); out[e] = Object.keys(m).filter((k) => typeof m[k] === "function" && !/^[A-Z]/.test(k)); } console.log(JSON.stringify(out));`,
  ]);
  if (listing.code !== 0) throw new Error(listing.output);
  const functions = JSON.parse(listing.output) as Record<string, string[]>;
  const lines = ["declare function spread<T>(f: (...args: never[]) => T): { [K in keyof Awaited<T>]: Awaited<T>[K] };"];
  ENTRIES.forEach((entry, i) => {
    lines.push(`import * as entry${i} from "${entry}";`);
    for (const name of functions[entry] ?? []) lines.push(`export const entry${i}_${name} = spread(entry${i}.${name});`);
  });
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  const [tarball] = await Promise.all([packTarball(temp.dir), installProject()]);
  await installTarball(tarball);
  writeProjectFiles(new Map([...readmeFiles(), ["test/exports.ts", await exportsProbe()]]));
}, 420_000);

afterAll(() => temp.remove());

describe("the README's setup in a fresh project (Node 26, msw 3, vitest 5, TypeScript 7)", () => {
  it("has every file the README promises", () => {
    expect([...readmeFiles().keys()].sort()).toEqual(["test/rack.ts", "test/update.test.ts", "tsconfig.json", "vitest.config.ts"]);
  });

  it("runs on the versions it claims", async () => {
    const versions = await sh(process.execPath, [
      "-e",
      `const r = (n) => require("./node_modules/" + n + "/package.json").version; console.log(JSON.stringify([process.version, r("msw"), r("vitest"), r("typescript")]))`,
    ]);
    const [node, msw, vitest, typescript] = JSON.parse(versions.output) as string[];
    expect(node).toMatch(/^v26\./);
    expect(msw).toMatch(/^3\./);
    expect(vitest).toMatch(/^5\./);
    expect(typescript).toMatch(/^7\./);
  });

  it.each([
    ["TypeScript 7", TSC7, "dist"],
    ["TypeScript 5.9", TSC5, "dist-ts5"],
  ])("compiles with the README's tsconfig (declaration: true) under %s, every entry's return types included", async (_, tsc, outDir) => {
    const result = await sh(process.execPath, [tsc, "-p", "tsconfig.json", "--outDir", outDir, "--pretty", "false"]);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it.each(["jsdom", "happy-dom"])("passes its tests under %s", async (environment) => {
    const result = await sh(process.execPath, [...VITEST, "--environment", environment]);
    expect(result.output).toMatch(/Tests\s+2 passed \(2\)/);
    expect(result.code).toBe(0);
  });

  it("fails a test that calls a mistyped host, naming the request, even when the test does not check the error", async () => {
    const test = `import { createClient } from "system-update";
import { it } from "vitest";
import "./rack.js";

it("reads the status from a mistyped host", async () => {
  await createClient({ baseUrl: "http://rakc.test" }).getStatus();
});
`;
    writeProjectFiles(new Map([...readmeFiles(), ["test/mistyped.test.ts", test]]));
    const result = await sh(process.execPath, [...VITEST, "test/mistyped.test.ts"]);
    expect(result.output).toContain("no handler took GET http://rakc.test/v1/system/update/status: is the host RACK_URL?");
    expect(result.output).toMatch(/Tests\s+1 failed \(1\)/);
    expect(result.code).toBe(1);
  });

  it("diff --base without --spec says that a project's own spec is what it compares", async () => {
    const result = await sh(process.execPath, ["node_modules/system-update/bin/system-update.js", "diff", "--base", "HEAD"]);
    expect(result.output).toContain(
      "system-update diff: --base compares your own spec with a commit: give its path, --spec <file.json> or --spec <dir with manifest.json>",
    );
    expect(result.code).toBe(2);
  });
});
