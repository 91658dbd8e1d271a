/**
 * The repository's root directory, for tests and the test runner (scripts/test.ts). Its own module, so a
 * test that needs only the root does not load the generator's dependencies (scripts/generate-lib.ts).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
