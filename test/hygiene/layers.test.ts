// docs/layers.md is what `npm run layers` draws from the code today, and the code keeps its layers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cruiseRepository, LAYERS_DOC, layersDocument, violationsOf } from "../../scripts/layers/cruise.js";

const root = path.join(import.meta.dirname, "../..");

describe("layers", () => {
  it("docs/layers.md is fresh (else run `npm run layers` and commit it)", async () => {
    expect(readFileSync(path.join(root, LAYERS_DOC), "utf8")).toBe(await layersDocument());
  });

  // The whole repository is checked by `npm test`'s lint stage; here: that the check can fail at all.
  it("refuses a cycle made of type-only imports", async () => {
    expect(violationsOf(await cruiseRepository(["test/fixtures/layers-cycle"]))).toEqual([
      "no-cycle: test/fixtures/layers-cycle/a.ts → test/fixtures/layers-cycle/b.ts → test/fixtures/layers-cycle/a.ts",
    ]);
  });
});
