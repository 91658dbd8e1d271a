/**
 * The msw 3 stage's own check (vitest.msw3.config.ts runs it; the default run does not): without it a
 * broken alias or runtime would quietly test msw 2 on Node 20 again.
 */
import { expect, it } from "vitest";
import mswPackage from "msw/package.json" with { type: "json" };
import { bundlePageScript, mswWorkerScript } from "../support/bundle.js";

it("runs on Node 26 with msw 3 in the test process, the page bundles and the worker script", async () => {
  expect(process.versions.node).toMatch(/^26\./);
  expect(mswPackage.version).toMatch(/^3\./);
  expect(mswWorkerScript()).toContain(`const PACKAGE_VERSION = '${mswPackage.version}'`);
  // The bundle is one script with no imports or exports: run it here to read what it recorded.
  const bundle = await bundlePageScript("test/msw3/msw-version-page.ts");
  const scope: { bundledMswVersion?: string } = {};
  new Function("globalThis", bundle)(scope);
  expect(scope.bundledMswVersion).toBe(mswPackage.version);
});
