/** docs/verify.md lists the catalogue as `verify --list --format markdown` prints it. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { renderCatalogue } from "../../mocks/verify/report.js";

it("docs/verify.md holds the current probe catalogue", () => {
  const doc = readFileSync(new URL("../../docs/verify.md", import.meta.url), "utf8");
  const listed = /<!-- catalogue:start -->\n([\s\S]*?)<!-- catalogue:end -->/.exec(doc)?.[1];
  expect(listed).toBe(renderCatalogue("markdown"));
});
