/**
 * `system-update verify` against Prism's static mock of our own latest document: a server that fits the
 * spec's shapes but knows none of the rules. Verify must tell it apart from the rack, probe by probe,
 * naming each difference (Prism answers examples, 422 for bodies it cannot validate, its own problem+json
 * for routes, and ignores api-version and page tokens).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LATEST_API_VERSION } from "../../generated/index.js";
import { differencesIn, verifyRack, type VerifyReport } from "../../mocks/verify/verify.js";
import { repoRoot } from "../support/repo-root.js";
import { PRISM_HOOK_TIMEOUT_MS, startPrism, type PrismProcess } from "./prism.js";

let prism: PrismProcess;
let report: VerifyReport;

beforeAll(async () => {
  prism = await startPrism({ command: "mock", spec: path.join(repoRoot, "spec", `system-update-${LATEST_API_VERSION}.json`) });
  // Prism names a next page on every page: a few pages are enough to see it never ends.
  report = await verifyRack({ url: prism.url, apiVersion: LATEST_API_VERSION, limits: { maxRps: 50, maxPages: 3 } });
}, PRISM_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await prism?.close();
});

const differencesOf = (id: string): readonly string[] =>
  report.results.find((result) => result.probe.id === id)?.differences ?? ["no such probe"];

describe("verify against Prism's static mock", () => {
  it("differs on nearly every probe, and names every difference", () => {
    expect(differencesIn(report)).toBeGreaterThanOrEqual(report.results.length - 2);
    for (const result of report.results) expect(result.match || result.differences.length > 0).toBe(true);
  });

  it("names the rules Prism does not know", () => {
    expect(differencesOf("api-version-future")).toContain("status: rack 200, predicted 400");
    expect(differencesOf("target-release-missing-field")).toContain("status: rack 422, predicted 400");
    expect(differencesOf("page-token-foreign")).toContain("status: rack 200, predicted 400");
    expect(differencesOf("upload-not-zip")).toContain("status: rack 200, predicted 400");
    expect(differencesOf("repository-missing")).toContain("status: rack 200, predicted 404");
  });

  it("names its own error bodies and its endless pages", () => {
    expect(differencesOf("unknown-path").some((difference) => difference.startsWith("body: not an error body"))).toBe(true);
    expect(differencesOf("repositories")).toContain("the listing did not end within 3 pages (--max-pages)");
    expect(differencesOf("status-oldest-api").some((difference) => difference.includes("contact_support is not in the schema"))).toBe(true);
  });
});
