/** The spec diff behind `system-update diff`: what changed between two API versions, per operation. */
import { classify } from "./classify.js";
import { prettyJson, unifiedDiff } from "./diff-text.js";
import type { JsonObject } from "./json.js";
import type { SpecDiff } from "./types.js";

export { renderDiff, type RenderOptions } from "./render.js";
export { unifiedDiff } from "./diff-text.js";
export type { Json, JsonObject } from "./json.js";
export * from "./types.js";

export interface DiffOptions {
  /** Names of the two documents in the full diff; `system-update-<info.version>.json` by default. */
  labels?: [string, string];
  /** Unchanged lines around each change in the full diff (3). */
  context?: number;
}

function versionOf(doc: JsonObject): string {
  const info = doc["info"];
  const version = typeof info === "object" && info !== null && !Array.isArray(info) ? info["version"] : undefined;
  return typeof version === "string" ? version : "(unknown version)";
}

/** Compare two spec documents: changed operations classified for clients of `before`, and the full diff. */
export function diffSpecs(before: JsonObject, after: JsonObject, options: DiffOptions = {}): SpecDiff {
  const versions = [versionOf(before), versionOf(after)] as const;
  const labels = options.labels ?? [`system-update-${versions[0]}.json`, `system-update-${versions[1]}.json`];
  const { operations, document } = classify(before, after);
  return {
    before: { version: versions[0], label: labels[0] },
    after: { version: versions[1], label: labels[1] },
    breaking: operations.some((operation) => operation.severity === "breaking"),
    operations,
    document,
    documentDiff: unifiedDiff(prettyJson(before), prettyJson(after), [labels[0], labels[1]], options.context),
  };
}
