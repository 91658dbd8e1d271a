// Helpers for the spec diff suites: our documents, the real Nexus documents kept compressed under
// test/fixtures/nexus, deep copies to edit, and the command with captured io.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { runDiffCommand } from "../../src/cli/diff-command.js";
import type { Json, JsonObject, SpecDiff } from "../../src/diff/index.js";
import { repoRoot } from "../support/repo-root.js";

export const specDir = path.join(repoRoot, "spec");
export const nexusDir = path.join(repoRoot, "test", "fixtures", "nexus");

export function loadVersion(version: string): JsonObject {
  return JSON.parse(readFileSync(path.join(specDir, `system-update-${version}.json`), "utf8")) as JsonObject;
}

/**
 * Nexus API documents of the Oxide control plane, as published in oxidecomputer/omicron under
 * openapi/nexus/ (the file names keep their upstream names; older ones were read at the commit their
 * `.gitstub` names):
 *   2026021301.0.0-6e51ab  4a456c997977e03d2e0c85fcb8c590514418b695
 *   2026021900.0.0-c4f8f3  1d6977056c6295c1ead0d7619861026d6297b3e7
 *   2026022500.0.0-3651d5  0f9cfadc7fdd9c4def675e60a6e2bf65f0d4b52a
 *   2026030200.0.0-745133  87880bc474f9b35152d64518b39df5cdbbba5855
 *   2026081901.0.0-e5e4f5  b848b6df85531e85aaaa6d434dfb5bfd45bb42ce
 */
export const NEXUS = [
  "2026021301.0.0-6e51ab",
  "2026021900.0.0-c4f8f3",
  "2026022500.0.0-3651d5",
  "2026030200.0.0-745133",
  "2026081901.0.0-e5e4f5",
] as const;
export type NexusVersion = (typeof NEXUS)[number];

export const nexusFile = (version: NexusVersion): string => path.join(nexusDir, `nexus-${version}.json.gz`);

export function nexusText(version: NexusVersion): string {
  return gunzipSync(readFileSync(nexusFile(version))).toString("utf8");
}

export function loadNexus(version: NexusVersion): JsonObject {
  return JSON.parse(nexusText(version)) as JsonObject;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object at `keys` inside `value`; throws when the path does not lead to an object. */
export function at(value: JsonObject, ...keys: string[]): JsonObject {
  let node: Json | undefined = value;
  for (const key of keys) node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  if (!isObject(node)) throw new Error(`no object at ${keys.join("/")}`);
  return node;
}

/** The array at `keys`. */
export function arrayAt(value: JsonObject, ...keys: string[]): Json[] {
  const parent = at(value, ...keys.slice(0, -1));
  const node = parent[keys.at(-1) ?? ""];
  if (!Array.isArray(node)) throw new Error(`no array at ${keys.join("/")}`);
  return node;
}

/** A deep copy of `doc` changed by `edit`. */
export function edited(doc: JsonObject, edit: (copy: JsonObject) => void): JsonObject {
  const copy = structuredClone(doc);
  edit(copy);
  return copy;
}

/**
 * Every change of a diff as one line, `scope · area · rule · severity` (scope: the operation, the component
 * or `document`), leaving out the `info` changes every new version has; sorted, for exact comparisons.
 */
export function verdicts(diff: SpecDiff): string[] {
  const lines = [
    ...diff.operations.flatMap((op) =>
      op.changes.map((change) => `${op.method} ${op.path} · ${change.area} · ${change.rule} · ${change.severity}`),
    ),
    ...diff.components.flatMap((component) =>
      component.changes.map((change) => `${component.name} · ${change.area} · ${change.rule} · ${change.severity}`),
    ),
    ...diff.document
      .filter((change) => change.area !== "info")
      .map((change) => `document · ${change.area} · ${change.rule} · ${change.severity}`),
  ];
  return lines.sort();
}

/** Each changed operation as `METHOD path: kind, severity`. */
export function operationVerdicts(diff: SpecDiff): string[] {
  return diff.operations.map((op) => `${op.method} ${op.path}: ${op.kind}, ${op.severity}`);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runDiff(args: string[], isTTY = false): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runDiffCommand(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    isTTY,
  });
  return { code, stdout, stderr };
}
