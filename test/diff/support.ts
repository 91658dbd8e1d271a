// Helpers for the spec diff suites: our documents, deep copies to edit, and the command with captured io.
import { readFileSync } from "node:fs";
import path from "node:path";
import { runDiffCommand } from "../../src/cli/diff-command.js";
import type { Json, JsonObject } from "../../src/diff/index.js";
import { repoRoot } from "../../scripts/generate-lib.js";

export const specDir = path.join(repoRoot, "spec");

export function loadVersion(version: string): JsonObject {
  return JSON.parse(readFileSync(path.join(specDir, `system-update-${version}.json`), "utf8")) as JsonObject;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object at `keys` inside `value`; throws when the path does not lead to an object. */
export function at(value: JsonObject, ...keys: string[]): JsonObject {
  let node: Json | undefined = value;
  for (const key of keys) node = isObject(node) ? node[key] : undefined;
  if (!isObject(node)) throw new Error(`no object at ${keys.join("/")}`);
  return node;
}

/** The string array at `keys`. */
export function stringsAt(value: JsonObject, ...keys: string[]): string[] {
  const parent = at(value, ...keys.slice(0, -1));
  const node = parent[keys.at(-1) ?? ""];
  if (!Array.isArray(node)) throw new Error(`no array at ${keys.join("/")}`);
  return node.filter((item): item is string => typeof item === "string");
}

/** A deep copy of `doc` changed by `edit`. */
export function edited(doc: JsonObject, edit: (copy: JsonObject) => void): JsonObject {
  const copy = structuredClone(doc);
  edit(copy);
  return copy;
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
