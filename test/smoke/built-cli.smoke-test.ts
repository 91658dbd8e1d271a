/**
 * The Node 22 smoke stage's own file (vitest.node22.config.ts runs it; the default run does not): Node 22
 * is what runs, and the built command (`bin/system-update.js` over dist/, as installed) serves a rack,
 * answers a client command and stops cleanly on SIGINT.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { runCli, startMockProcess, type MockProcess } from "../server/harness.js";
import { repoRoot } from "../support/repo-root.js";

let server: MockProcess;
beforeAll(async () => {
  server = await startMockProcess(["--scenario", "update-in-progress"]);
});
afterAll(() => server?.stop());

it("runs on Node 22, against the build in dist/", () => {
  expect(process.versions.node).toMatch(/^22\./);
  expect(process.env["SYSTEM_UPDATE_TEST_CLI"]).toBe("built");
  expect(existsSync(path.join(repoRoot, "dist", "bin", "system-update.js"))).toBe(true);
});

it("prints its version", async () => {
  expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `system-update ${packageJson.version}\n`, stderr: "" });
});

it("serves a rack the client commands read", async () => {
  expect(server.lines[0]).toMatch(/^system-update mock listening on http:\/\/127\.0\.0\.1:\d+ \(scenario update-in-progress, /);
  const status = await runCli(["status", "--url", server.url, "--json"]);
  expect(status.code).toBe(0);
  const body = JSON.parse(status.stdout) as { components_by_release_version: Record<string, number>; suspended: boolean };
  expect(Object.keys(body.components_by_release_version).length).toBeGreaterThan(1);
  expect(await server.waitForLine(/^GET \/v1\/system\/update\/status 200 /)).toBeTruthy();
});

it("stops on SIGINT with exit 0", async () => {
  server.child.kill("SIGINT");
  expect(await server.exited).toEqual({ code: 0, signal: null });
  expect(server.lines.at(-1)).toBe("system-update mock: SIGINT, shutting down");
});
