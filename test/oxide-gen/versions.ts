/**
 * The generated SDK of every API version, for one test file: generated at collection time into a
 * temporary directory removed after the file, and the tally its golden cases fill, reported at the end.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ApiVersion } from "../../generated/index.js";
import { readManifest, specDir } from "../../src/spec/manifest.js";
import { describeGoldenCases, type GoldenTarget } from "../support/golden-cases.js";
import { CallTally, generatedGoldenClient } from "./golden-client.js";
import { generateSdk, loadSdk, makeOutputRoot, type GeneratedSdk } from "./sdk.js";

export interface VersionSdk {
  readonly version: ApiVersion;
  readonly dir: string;
  readonly sdk: GeneratedSdk;
}

/** Generates and loads the SDK of every version of the manifest; the output is removed after the file. */
export async function generateEveryVersion(): Promise<VersionSdk[]> {
  const output = makeOutputRoot();
  afterAll(() => output.remove());
  const out: VersionSdk[] = [];
  for (const { version, file } of readManifest().versions) {
    const dir = path.join(output.dir, version);
    await generateSdk(path.join(specDir(), file), dir);
    out.push({ version: version as ApiVersion, dir, sdk: await loadSdk(dir) });
  }
  return out;
}

/**
 * The golden cases through each version's generated client against `target`, then one check that every
 * answer was valid under the generated schemas, which prints the counts (`label` names the target).
 */
export function describeGeneratedGolden(label: string, sdks: readonly VersionSdk[], target: () => GoldenTarget): void {
  const tallies = new Map<ApiVersion, CallTally>();
  for (const { version, sdk } of sdks) {
    const tally = new CallTally();
    tallies.set(version, tally);
    describe(`oxide.ts client generated from ${version}, against ${label}`, () => {
      describeGoldenCases(target, { apiVersion: version, client: generatedGoldenClient(sdk, tally) });
    });
  }
  it(`every answer to the generated clients was valid under their generated zod schemas (${label})`, () => {
    const lines = [...tallies].map(([version, t]) => `${version}: ${t.calls} calls, ${t.schemaChecks} schema checks`);
    const calls = [...tallies.values()].reduce((sum, t) => sum + t.calls, 0);
    const checks = [...tallies.values()].reduce((sum, t) => sum + t.schemaChecks, 0);
    console.log(`oxide.ts generated clients against ${label}: ${calls} calls, ${checks} schema checks\n  ${lines.join("\n  ")}`);
    for (const [version, t] of tallies) {
      expect(t.problems, version).toEqual([]);
      expect(t.calls, `${version}: calls`).toBeGreaterThan(0);
      expect(t.schemaChecks, `${version}: schema checks`).toBeGreaterThan(0);
    }
    expect(tallies.size).toBe(sdks.length);
  });
}
