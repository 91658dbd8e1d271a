/**
 * The operation table is tied to the spec by the compiler: generate the types of the latest spec with one
 * more operation, type-check the real `mocks/core/operations/table.ts` against them (in process; only the
 * generated files are swapped), and see it fail until the operation has an entry or is marked
 * `notImplemented`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { LATEST_API_VERSION } from "../../generated/index.js";
import { generateAll } from "../../scripts/generate-lib.js";
import { repoRoot } from "../support/repo-root.js";
import { readManifest } from "../../src/spec/manifest.js";

const TABLE = path.join(repoRoot, "mocks/core/operations/table.ts");
const ADDED = "system_update_added_for_test";

/** The latest document with one more GET operation, as a future spec version might add it. */
function withAddedOperation(text: string): string {
  const doc = JSON.parse(text) as { paths: Record<string, unknown> };
  doc.paths["/v1/system/update/added-for-test"] = {
    get: {
      operationId: ADDED,
      tags: ["system/update"],
      responses: { 204: { description: "resource updated" }, "4XX": { $ref: "#/components/responses/Error" } },
    },
  };
  return JSON.stringify(doc);
}

/** Type errors in `table.ts` when the generated files (by absolute path) read as given. */
function tableErrors(generated: ReadonlyMap<string, string>, tableText?: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(repoRoot, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("cannot read tsconfig.json");
  const host = ts.createCompilerHost(parsed.options);
  const override = (file: string): string | undefined => (file === TABLE && tableText !== undefined ? tableText : generated.get(file));
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => override(path.resolve(file)) ?? readFile(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError) => {
    const text = override(path.resolve(file));
    return text === undefined ? getSourceFile(file, language, onError) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram({ rootNames: [TABLE], options: { ...parsed.options, noEmit: true }, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === TABLE)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}

describe("the operation table and the spec", () => {
  const latestFile = readManifest().versions.find((entry) => entry.version === LATEST_API_VERSION)?.file ?? "";
  let extended: Map<string, string>;

  beforeAll(async () => {
    const files = await generateAll(async (file) => {
      const text = readFileSync(path.join(repoRoot, "spec", file), "utf8");
      return file === latestFile ? withAddedOperation(text) : text;
    });
    extended = new Map([...files].map(([file, text]) => [path.join(repoRoot, file), text]));
  });

  it("compiles against today's generated types", () => {
    expect(tableErrors(new Map())).toEqual([]);
  });

  it("does not compile once the spec has an operation the table lacks", () => {
    const errors = tableErrors(extended);
    expect(errors.join("\n")).toContain(`Property '${ADDED}' is missing`);
  });

  it("compiles again once the operation is marked not implemented", () => {
    const table = readFileSync(TABLE, "utf8");
    const marker = "export const OPERATION_TABLE: OperationTable = {";
    expect(table).toContain(marker);
    const patched = table.replace(marker, `${marker}\n  ${ADDED}: notImplemented("${ADDED}", "none"),`);
    expect(tableErrors(extended, patched)).toEqual([]);
  });
});
