// `system-update diff <old> <new>` and `system-update diff --base <ref>`.
import { readFile, writeFile } from "node:fs/promises";
import { diffSpecs, parseAccepted, renderDiff, DIFF_FORMATS, type AcceptedChanges, type DiffFormat } from "../diff/index.js";
import { statSync } from "node:fs";
import { loadFileAtRef, loadLatest, loadLatestAtRef, loadSpec, parseDocumentText, type LoadedSpec } from "../diff/load.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, errorMessage, integerFlag, parseArgs, type CommandIo } from "./args.js";

export const DIFF_HELP = `Usage: system-update diff <old> <new> [--format markdown|text|json] [--output <file>] [--accept <file>]
       system-update diff --base <git-ref> [--spec <file or dir>] [options]

Compare two versions of an API document: every changed operation and component, judged for clients of
<old> (breaking, breaks generated SDKs, non-breaking, documentation), the generated TypeScript that changes,
and the full document diff. The Markdown always fits a GitHub comment (65,536 characters).

  <old>, <new>       an API version listed in spec/manifest.json (e.g. 2026022500.0.0), or a path to a
                     document (JSON, or YAML with the optional peer yaml installed)
  --base <git-ref>   compare the latest version at <git-ref> with the latest in the working tree
  --spec <path>      your spec, for --base in your own repository: one document (compared with itself
                     at <git-ref>), or a directory with a manifest.json listing versions as spec/ does
  --format <f>       markdown (default; for a PR comment), text (for a terminal), json (for tools)
  --output <file>    also write the full report, never cut, to <file>
  --accept <file>    accepted changes (JSON or YAML: accepted: [{fingerprint, reason}]); they are listed
                     as accepted and no longer fail the command
  --context <n>      unchanged lines around each change in the full diff (default 3)
  --color, --no-color  force colours in the text format on or off (default: on when stdout is a terminal)
  -h, --help         show this help

Exit status: 0 when nothing breaks clients of <old> (or every breaking change is accepted), 1 when
something does, 2 on a usage or read error. See docs/spec-diff.md.
`;

const FLAGS = {
  format: "string",
  base: "string",
  spec: "string",
  output: "string",
  accept: "string",
  context: "string",
  color: "boolean",
  "no-color": "boolean",
  help: "boolean",
} as const;

interface Parsed {
  positional: string[];
  format: DiffFormat;
  base?: string;
  spec?: string;
  output?: string;
  accept?: string;
  context?: number;
  color?: boolean;
  help: boolean;
}

function parseDiffArgs(args: readonly string[]): Parsed {
  const { flags, positional } = parseArgs(args, FLAGS, { "-h": "help", "-f": "format", "-o": "output" });
  const format = flags.format ?? "markdown";
  if (!DIFF_FORMATS.some((known) => known === format)) throw new UsageError(`unknown format ${format}: use ${DIFF_FORMATS.join(", ")}`);
  const parsed: Parsed = { positional, format: format as DiffFormat, help: flags.help === true };
  if (flags.base !== undefined) parsed.base = flags.base;
  if (flags.spec !== undefined) parsed.spec = flags.spec;
  if (flags.output !== undefined) parsed.output = flags.output;
  if (flags.accept !== undefined) parsed.accept = flags.accept;
  if (flags.context !== undefined) parsed.context = integerFlag("context", flags.context, 0, 1_000_000);
  if (flags.color) parsed.color = true;
  if (flags["no-color"]) parsed.color = false;
  return parsed;
}

async function loadPair(parsed: Parsed): Promise<[LoadedSpec, LoadedSpec]> {
  if (parsed.base !== undefined) {
    if (parsed.positional.length > 0) throw new UsageError("--base compares the latest versions: give no <old> <new>");
    const spec = parsed.spec;
    if (spec !== undefined && !isDirectory(spec)) return [await loadFileAtRef(parsed.base, spec), await loadSpec(spec)];
    const options = spec === undefined ? {} : { specDir: spec };
    return [await loadLatestAtRef(parsed.base, options), await loadLatest(options)];
  }
  if (parsed.spec !== undefined) throw new UsageError("--spec goes with --base (two documents need no spec)");
  const [older, newer, ...extra] = parsed.positional;
  if (older === undefined || newer === undefined || extra.length > 0) {
    throw new UsageError("expected two documents: <old> <new> (or --base <git-ref>)");
  }
  return [await loadSpec(older), await loadSpec(newer)];
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

async function loadAccepted(file: string): Promise<AcceptedChanges> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`--accept ${file}: ${errorMessage(error)}`);
  }
  return parseAccepted(await parseDocumentText(text, file), file);
}

export async function runDiffCommand(args: readonly string[], io: CommandIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseDiffArgs(args);
  } catch (error) {
    io.stderr(`system-update diff: ${errorMessage(error)}\n\n${DIFF_HELP}`);
    return EXIT_USAGE;
  }
  if (parsed.help) {
    io.stdout(DIFF_HELP);
    return EXIT_OK;
  }
  try {
    const [before, after] = await loadPair(parsed);
    const accepted = parsed.accept === undefined ? undefined : await loadAccepted(parsed.accept);
    const diff = diffSpecs(before.doc, after.doc, {
      labels: [before.label, after.label],
      ...(parsed.context === undefined ? {} : { context: parsed.context }),
      ...(accepted === undefined ? {} : { accepted }),
    });
    const hint = parsed.output === undefined ? `system-update diff ${args.join(" ")} --output report.md` : `see ${parsed.output}`;
    if (parsed.output !== undefined) await writeFile(parsed.output, renderDiff(diff, parsed.format, { maxChars: Infinity, color: false }));
    io.stdout(renderDiff(diff, parsed.format, { color: parsed.color ?? io.isTTY, fullReportHint: hint }));
    // A breaking change is the command failing its check (exit 1), as a linter does.
    return diff.breaking ? EXIT_FAILURE : EXIT_OK;
  } catch (error) {
    io.stderr(`system-update diff: ${errorMessage(error)}\n`);
    return EXIT_USAGE;
  }
}
