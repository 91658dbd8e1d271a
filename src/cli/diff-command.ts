// `system-update diff <old> <new>` and `system-update diff --base <ref>`.
import { diffSpecs, renderDiff, DIFF_FORMATS, type DiffFormat } from "../diff/index.js";
import { loadLatest, loadLatestAtRef, loadSpec, type LoadedSpec } from "../diff/load.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, errorMessage, integerFlag, parseArgs, type CommandIo } from "./args.js";

export const DIFF_HELP = `Usage: system-update diff <old> <new> [--format markdown|text|json]
       system-update diff --base <git-ref> [--format ...]

Compare two versions of the system update API: the operations that changed, whether each change breaks
clients of <old>, and the full document diff.

  <old>, <new>       an API version listed in spec/manifest.json (e.g. 2026022500.0.0) or a path to a document
  --base <git-ref>   compare the latest version at <git-ref> with the latest in the working tree
  --format <f>       markdown (default; for a PR comment), text (for a terminal), json (for tools)
  --context <n>      unchanged lines around each change in the full diff (default 3)
  --color, --no-color  force colours in the text format on or off (default: on when stdout is a terminal)
  -h, --help         show this help

Exit status: 0 when nothing breaks clients of <old>, 1 when something does, 2 on a usage or read error.
`;

const FLAGS = { format: "string", base: "string", context: "string", color: "boolean", "no-color": "boolean", help: "boolean" } as const;

interface Parsed {
  positional: string[];
  format: DiffFormat;
  base?: string;
  context?: number;
  color?: boolean;
  help: boolean;
}

function parseDiffArgs(args: readonly string[]): Parsed {
  const { flags, positional } = parseArgs(args, FLAGS, { "-h": "help", "-f": "format" });
  const format = flags.format ?? "markdown";
  if (!DIFF_FORMATS.some((known) => known === format)) throw new UsageError(`unknown format ${format}: use ${DIFF_FORMATS.join(", ")}`);
  const parsed: Parsed = { positional, format: format as DiffFormat, help: flags.help === true };
  if (flags.base !== undefined) parsed.base = flags.base;
  if (flags.context !== undefined) parsed.context = integerFlag("context", flags.context, 0, Number.MAX_SAFE_INTEGER);
  if (flags.color) parsed.color = true;
  if (flags["no-color"]) parsed.color = false;
  return parsed;
}

async function loadPair(parsed: Parsed): Promise<[LoadedSpec, LoadedSpec]> {
  if (parsed.base !== undefined) {
    if (parsed.positional.length > 0) throw new UsageError("--base compares the latest versions: give no <old> <new>");
    return [await loadLatestAtRef(parsed.base), await loadLatest()];
  }
  const [older, newer, ...extra] = parsed.positional;
  if (older === undefined || newer === undefined || extra.length > 0) {
    throw new UsageError("expected two documents: <old> <new> (or --base <git-ref>)");
  }
  return [await loadSpec(older), await loadSpec(newer)];
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
    const diff = diffSpecs(before.doc, after.doc, {
      labels: [before.label, after.label],
      ...(parsed.context === undefined ? {} : { context: parsed.context }),
    });
    io.stdout(renderDiff(diff, parsed.format, { color: parsed.color ?? io.isTTY }));
    // A breaking change is the command failing its check (exit 1), as a linter does.
    return diff.breaking ? EXIT_FAILURE : EXIT_OK;
  } catch (error) {
    io.stderr(`system-update diff: ${errorMessage(error)}\n`);
    return EXIT_USAGE;
  }
}
