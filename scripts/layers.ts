/**
 * The import rules and the layer diagram, from dependency-cruiser's API (its CLI refuses Node 20).
 *
 *   node --import tsx scripts/layers.ts check   every import against scripts/layers/rules.ts; exit 1 on a violation
 *   node --import tsx scripts/layers.ts         (`npm run layers`) also writes docs/layers.md
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./generate-lib.js";
import { cruiseRepository, LAYERS_DOC, layersDocument, violationsOf } from "./layers/cruise.js";

process.chdir(repoRoot);
const result = await cruiseRepository();
const violations = violationsOf(result);
for (const line of violations) console.error(line);
if (process.argv[2] !== "check") {
  writeFileSync(path.join(repoRoot, LAYERS_DOC), await layersDocument());
  console.log(`wrote ${LAYERS_DOC}`);
}
console.log(`${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports, ${violations.length} violations`);
process.exitCode = violations.length > 0 ? 1 : 0;
