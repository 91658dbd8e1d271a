/**
 * The package as a consumer gets it: `npm run build` output behind the `exports` map. Builds dist/,
 * then imports every entry point by its public name from a separate Node process.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
};

function runNode(source: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", source], { cwd: root, encoding: "utf8" });
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root });
}, 120_000);

describe("the published package", () => {
  it("lists types first in every conditional export", () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      expect(Object.keys(target)[0], entry).toBe("types");
    }
  });

  it("resolves every export by its public name", () => {
    const out = runNode(`
      const main = await import("system-update");
      const rules = await import("system-update/rules");
      const mocks = await import("system-update/mocks");
      const msw = await import("system-update/mocks/msw");
      const server = await import("system-update/mocks/server");
      const manifest = (await import("system-update/spec/manifest.json", { with: { type: "json" } })).default;
      console.log(JSON.stringify({
        client: typeof main.createClient, latest: main.LATEST_API_VERSION,
        rules: typeof rules.decideTargetRelease, core: typeof mocks.createMockCore, handlers: typeof msw.createMockHandlers,
        server: typeof server.startMockServer, manifestLatest: manifest.latest,
      }));
    `);
    expect(JSON.parse(out)).toEqual({
      client: "function",
      latest: "2026081901.0.0",
      rules: "function",
      core: "function",
      handlers: "function",
      server: "function",
      manifestLatest: "2026081901.0.0",
    });
  });

  it("answers through the built mock core like the source does", () => {
    const out = runNode(`
      const { createMockCore } = await import("system-update/mocks");
      const core = createMockCore({ scenario: "steady" });
      const answer = await core.handle({ method: "PUT", url: "/v1/system/update/target-release",
        headers: new Headers({ "content-type": "application/json" }), body: new TextEncoder().encode("{}") });
      console.log(answer.status, JSON.parse(answer.body).message);
    `);
    expect(out.trim()).toBe("400 unable to parse JSON body: missing field `system_version` at line 1 column 2");
  });

  it("ships the command line, the built code and the spec documents, but no tests", () => {
    const listing = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
    const files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]?.files.map((file) => file.path) ?? [];
    expect(files).toEqual(
      expect.arrayContaining(["bin/system-update.js", "dist/src/index.js", "dist/src/index.d.ts", "spec/manifest.json", "README.md"]),
    );
    expect(files.some((file) => file.startsWith("test/"))).toBe(false);
  });
});
