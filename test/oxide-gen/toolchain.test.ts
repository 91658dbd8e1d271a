// Oxide's generator on our documents, as a new user runs it: every version generates and compiles under
// `strict`, and where the generator reads our text it reads upstream's: the zod schemas and types it
// writes for our schemas and operations are the ones it writes from Nexus's own documents (published in
// omicron; test/fixtures/nexus), doc comments aside (those carry our prose).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nexusText, type NexusVersion } from "../diff/support.js";
import { compileStrict, generateSdk } from "./sdk.js";
import { generateEveryVersion } from "./versions.js";

const sdks = await generateEveryVersion();

// One TypeScript program over the four outputs (msw's and zod's types included): tens of seconds on a busy machine.
it("generates from every version, and the output compiles under strict", { timeout: 180_000 }, () => {
  expect(sdks.map((s) => s.version)).toEqual(["2026021301.0.0", "2026022500.0.0", "2026052000.0.0", "2026081901.0.0"]);
  expect(compileStrict(sdks.map((s) => s.dir))).toEqual([]);
});

/**
 * Each `export const|type|interface <Name>` of a generated file, by name, without doc comments and
 * whitespace (the generator's prettier breaks lines by how long the comments made them), up to the next
 * declaration of its own (`type EmptyObj` follows the last parameter type).
 */
function declarations(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of text.split(/^(?=export (?:const|type|interface|class) )/m)) {
    const name = /^export (?:const|type|interface|class) (\w+)/.exec(block)?.[1];
    if (name === undefined) continue;
    const code = block
      .replace(/\/\*\*[\s\S]*?\*\//g, "")
      .split(/^type \w+ =/m)[0]
      ?.replace(/\s+/g, "");
    out.set(name, code ?? "");
  }
  return out;
}

/** The declarations of `file` in our output that differ from, or are missing in, Nexus's output. */
function drift(ours: string, nexus: string, keep: (name: string) => boolean): string[] {
  const theirs = declarations(nexus);
  return [...declarations(ours)]
    .filter(([name]) => keep(name))
    .filter(([name, code]) => theirs.get(name) !== code)
    .map(([name, code]) => `${name}:\n${code}\n--- Nexus:\n${theirs.get(name) ?? "(absent)"}`);
}

/** The Nexus documents of our versions (test/fixtures/nexus has no 2026052000.0.0). */
const NEXUS_OF: ReadonlyMap<string, NexusVersion> = new Map([
  ["2026021301.0.0", "2026021301.0.0-6e51ab"],
  ["2026022500.0.0", "2026022500.0.0-3651d5"],
  ["2026081901.0.0", "2026081901.0.0-e5e4f5"],
]);

describe.each(sdks.filter((s) => NEXUS_OF.has(s.version)))("what the generator reads of $version", ({ version, dir }) => {
  it("is upstream's text: the same zod schemas and types as from Nexus's own document", async () => {
    const nexusDir = path.join(dir, "..", `nexus-${version}`);
    mkdirSync(nexusDir, { recursive: true });
    const nexusFile = path.join(nexusDir, "nexus.json");
    writeFileSync(nexusFile, nexusText(NEXUS_OF.get(version) as NexusVersion));
    await generateSdk(nexusFile, path.join(nexusDir, "out"));
    const read = (base: string, file: string) => readFileSync(path.join(base, file), "utf8");
    const nexusOut = path.join(nexusDir, "out");

    const zod = declarations(read(dir, "validate.ts"));
    expect(zod.size).toBeGreaterThan(10);
    expect(drift(read(dir, "validate.ts"), read(nexusOut, "validate.ts"), () => true)).toEqual([]);
    // Api.ts: the types of our schemas and of our operations' parameters (its class holds Nexus's 300 operations).
    const types = (name: string) => name !== "Api" && name !== "ApiConfig";
    expect(drift(read(dir, "Api.ts"), read(nexusOut, "Api.ts"), types)).toEqual([]);
  });
});
