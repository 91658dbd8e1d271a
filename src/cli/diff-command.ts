// `system-update diff <old> <new>` and `system-update diff --base <ref>`.
import { diffSpecs, renderDiff, DIFF_FORMATS, type DiffFormat } from "../diff/index.js";
import { loadLatest, loadLatestAtRef, loadSpec, type LoadedSpec } from "../diff/load.js";

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

/** Exit codes: no change breaks clients, a change does, the command could not run. */
export const EXIT = { ok: 0, breaking: 1, usage: 2 } as const;

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

interface Parsed {
  positional: string[];
  format: DiffFormat;
  base?: string;
  context?: number;
  color?: boolean;
  help: boolean;
}

function parseArgs(args: readonly string[]): Parsed {
  const parsed: Parsed = { positional: [], format: "markdown", help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    // `--format=json` as well as `--format json`.
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const [flag, inline] = equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === "") throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === "-h" || flag === "--help") parsed.help = true;
    else if (flag === "--format" || flag === "-f") {
      const format = value();
      if (!DIFF_FORMATS.some((known) => known === format)) {
        throw new Error(`unknown format ${format}: use ${DIFF_FORMATS.join(", ")}`);
      }
      parsed.format = format as DiffFormat;
    } else if (flag === "--base") parsed.base = value();
    else if (flag === "--context") {
      const context = Number(value());
      if (!Number.isInteger(context) || context < 0) throw new Error("--context needs a whole number >= 0");
      parsed.context = context;
    } else if (flag === "--color") parsed.color = true;
    else if (flag === "--no-color") parsed.color = false;
    else if (arg === "--") {
      parsed.positional.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith("-") && arg !== "-") throw new Error(`unknown option ${arg}`);
    else parsed.positional.push(arg);
  }
  return parsed;
}

async function loadPair(parsed: Parsed): Promise<[LoadedSpec, LoadedSpec]> {
  if (parsed.base !== undefined) {
    if (parsed.positional.length > 0) throw new Error("--base compares the latest versions: give no <old> <new>");
    return [await loadLatestAtRef(parsed.base), await loadLatest()];
  }
  const [older, newer, ...extra] = parsed.positional;
  if (older === undefined || newer === undefined || extra.length > 0) {
    throw new Error("expected two documents: <old> <new> (or --base <git-ref>)");
  }
  return [await loadSpec(older), await loadSpec(newer)];
}

export async function runDiffCommand(args: string[], io: CommandIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    io.stderr(`system-update diff: ${message(error)}\n\n${DIFF_HELP}`);
    return EXIT.usage;
  }
  if (parsed.help) {
    io.stdout(DIFF_HELP);
    return EXIT.ok;
  }
  try {
    const [before, after] = await loadPair(parsed);
    const diff = diffSpecs(before.doc, after.doc, {
      labels: [before.label, after.label],
      ...(parsed.context === undefined ? {} : { context: parsed.context }),
    });
    io.stdout(renderDiff(diff, parsed.format, { color: parsed.color ?? io.isTTY }));
    return diff.breaking ? EXIT.breaking : EXIT.ok;
  } catch (error) {
    io.stderr(`system-update diff: ${message(error)}\n`);
    return EXIT.usage;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
