/**
 * The client commands of `system-update` against any base URL (the mock or a real rack), with the verbs
 * of the Oxide CLI's `system update` commands. Human output by default, `--json` for tools; a refusal
 * prints upstream's message on stderr and exits 1.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { createClient, type ApiResult, type LatestApiVersion, type SystemUpdateClient } from "../client/client.js";
import { ApiError, NetworkError } from "../client/errors.js";
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  errorMessage,
  integerFlag,
  parseArgs,
  type CommandIo,
  type FlagValues,
} from "./args.js";

export const DEFAULT_URL = "http://127.0.0.1:12220";

export const CLIENT_HELP = `Commands against a rack (or the mock):
  system-update target-release update --system-version <v>   start an update to release <v>
  system-update recovery-finish --system-version <v>         clear a support-driven recovery (mupdate) to <v>
  system-update status                                       the update status
  system-update repositories list [--limit <n>] [--sort-by version_ascending|version_descending]
  system-update repositories view <system-version>
  system-update repositories upload <file.zip>               upload a TUF repository archive
  system-update trust-roots list [--limit <n>]               the TUF trust roots repositories are checked against
  system-update trust-roots view <id>
  system-update trust-roots create <root.json>               add a trust root (a TUF root role document)
  system-update trust-roots delete <id>

Options for these commands:
  --url <url>           the API's base URL (default: $SYSTEM_UPDATE_URL, else ${DEFAULT_URL})
  --token <token>       a bearer token (default: $SYSTEM_UPDATE_TOKEN)
  --api-version <v>     the api-version header to send (default: the newest this package knows)
  --json                print the response body as JSON instead of text

Exit status: 0 on success, 1 when the server refused or could not be reached (its message on stderr),
2 on a usage error.
`;

const FLAGS = {
  url: "string",
  token: "string",
  "api-version": "string",
  json: "boolean",
  help: "boolean",
  "system-version": "string",
  limit: "string",
  "sort-by": "string",
  path: "string",
} as const;

type Flags = FlagValues<typeof FLAGS>;
type CommandFlag = "system-version" | "limit" | "sort-by" | "path";

interface Context {
  readonly client: SystemUpdateClient;
  /** The command's words, e.g. ["trust-roots", "view"]. */
  readonly words: readonly string[];
  readonly url: string;
  readonly flags: Flags;
  readonly operands: readonly string[];
  readonly io: CommandIo;
}

interface Command {
  readonly words: readonly string[];
  /** Command-specific flags it accepts (the connection flags and --json always apply). */
  readonly flags: readonly CommandFlag[];
  readonly operands: number;
  run(ctx: Context): Promise<number>;
}

const SORT_MODES = ["version_ascending", "version_descending"] as const;

function systemVersion(ctx: Context, allowOperand: boolean): string {
  const fromFlag = ctx.flags["system-version"];
  const fromOperand = allowOperand ? ctx.operands[0] : undefined;
  if (fromFlag !== undefined && fromOperand !== undefined)
    throw new UsageError("give the system version once: as --system-version or as an argument");
  const version = fromFlag ?? fromOperand;
  if (version === undefined) throw new UsageError("--system-version <v> is required");
  return version;
}

function printJson(io: CommandIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned columns; the last column is not padded. */
function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")).join("\n") + "\n";
}

/** Every item of every page, or the exit code after printing why a page could not be read. */
async function collectPages<T>(ctx: Context, pages: AsyncIterable<{ readonly items: readonly T[] }>): Promise<T[] | number> {
  const items: T[] = [];
  try {
    for await (const page of pages) items.push(...page.items);
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
    ctx.io.stderr(`error: ${describeError(error, ctx.url)}\n`);
    return EXIT_FAILURE;
  }
  return items;
}

const limitOf = (ctx: Context): number | undefined =>
  ctx.flags.limit === undefined ? undefined : integerFlag("limit", ctx.flags.limit, 1, 10_000);

/** The one operand a command needs, or a usage error naming it. */
function operand(ctx: Context, what: string): string {
  const value = ctx.operands[0];
  if (value === undefined) throw new UsageError(`give the ${what}: ${ctx.words.join(" ")} <${what}>`);
  return value;
}

/** A file the command was given; one it cannot read is a usage error. */
async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${errorMessage(error)}`);
  }
}

/** Prints the error of a failed call (stderr) and gives the exit code; undefined when it succeeded. */
function failed(ctx: Context, result: ApiResult<unknown>): number | undefined {
  if (!result.error) return undefined;
  ctx.io.stderr(`error: ${describeError(result.error, ctx.url)}\n`);
  return EXIT_FAILURE;
}

/** The innermost cause that says what went wrong on the network (e.g. `connect ECONNREFUSED 127.0.0.1:12220`). */
function rootCause(error: unknown): string {
  let current: unknown = error;
  let message = errorMessage(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  if (current !== undefined && !(current instanceof Error)) message = String(current);
  return message;
}

export function describeError(error: ApiError | NetworkError, url: string): string {
  if (error instanceof NetworkError) return `cannot reach ${url}: ${rootCause(error.cause)}`;
  const status = [String(error.status), error.errorCode].filter((part) => part !== undefined).join(" ");
  return `${error.message} (${status})`;
}

const COMMANDS: readonly Command[] = [
  {
    words: ["target-release", "update"],
    flags: ["system-version"],
    operands: 0,
    async run(ctx) {
      const version = systemVersion(ctx, false);
      const result = await ctx.client.setTargetRelease(version);
      const code = failed(ctx, result);
      if (code !== undefined) return code;
      if (!ctx.flags.json) ctx.io.stdout(`target release set to ${version}\n`);
      return EXIT_OK;
    },
  },
  {
    words: ["recovery-finish"],
    flags: ["system-version"],
    operands: 0,
    async run(ctx) {
      const version = systemVersion(ctx, false);
      const result = await ctx.client.finishRecovery(version);
      const code = failed(ctx, result);
      if (code !== undefined) return code;
      if (!ctx.flags.json) ctx.io.stdout(`recovery finished: target release set to ${version}\n`);
      return EXIT_OK;
    },
  },
  {
    words: ["status"],
    flags: [],
    operands: 0,
    async run(ctx) {
      const result = await ctx.client.getStatus();
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const status = result.data;
      if (ctx.flags.json) {
        printJson(ctx.io, status);
        return EXIT_OK;
      }
      const yesNo = (value: boolean) => (value ? "yes" : "no");
      const rows: string[][] = [
        [
          "target release",
          status.target_release
            ? `${status.target_release.version} (requested ${status.target_release.time_requested})`
            : "none (never set)",
        ],
        ["suspended", yesNo(status.suspended)],
      ];
      // Absent before API 2026052000.0.0.
      if (typeof status.contact_support === "boolean") rows.push(["contact support", yesNo(status.contact_support)]);
      rows.push(["last step planned", status.time_last_step_planned]);
      const counts = Object.entries(status.components_by_release_version);
      const components = counts.length === 0 ? "  (none)\n" : table(counts.map(([label, count]) => [`  ${label}`, String(count)]));
      ctx.io.stdout(`${table(rows)}components by release version:\n${components}`);
      return EXIT_OK;
    },
  },
  {
    words: ["repositories", "list"],
    flags: ["limit", "sort-by"],
    operands: 0,
    async run(ctx) {
      const limit = limitOf(ctx);
      const sortBy = ctx.flags["sort-by"];
      const mode = sortBy === undefined ? undefined : SORT_MODES.find((known) => known === sortBy);
      if (sortBy !== undefined && mode === undefined)
        throw new UsageError(`--sort-by must be one of ${SORT_MODES.join(", ")}, got "${sortBy}"`);
      const items = await collectPages(
        ctx,
        ctx.client.repositoryPages({ ...(limit !== undefined && { limit }), ...(mode !== undefined && { sortBy: mode }) }),
      );
      if (typeof items === "number") return items;
      if (ctx.flags.json) printJson(ctx.io, items);
      else if (items.length === 0) ctx.io.stdout("no repositories\n");
      else
        ctx.io.stdout(
          table([
            ["SYSTEM VERSION", "FILE NAME", "CREATED", "SHA-256"],
            ...items.map((r) => [r.system_version, r.file_name, r.time_created, r.hash]),
          ]),
        );
      return EXIT_OK;
    },
  },
  {
    words: ["repositories", "view"],
    flags: ["system-version"],
    operands: 1,
    async run(ctx) {
      const result = await ctx.client.viewRepository(systemVersion(ctx, true));
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const repo = result.data;
      if (ctx.flags.json) printJson(ctx.io, repo);
      else
        ctx.io.stdout(
          table([
            ["system version", repo.system_version],
            ["file name", repo.file_name],
            ["created", repo.time_created],
            ["sha-256", repo.hash],
          ]),
        );
      return EXIT_OK;
    },
  },
  {
    words: ["repositories", "upload"],
    flags: ["path"],
    operands: 1,
    async run(ctx) {
      const file = ctx.flags.path ?? ctx.operands[0];
      if (file === undefined) throw new UsageError("give the archive to upload: repositories upload <file.zip>");
      if (ctx.flags.path !== undefined && ctx.operands.length > 0)
        throw new UsageError("give the archive once: as --path or as an argument");
      const result = await ctx.client.uploadRepository(basename(file), await readInput(file));
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const { repo, status } = result.data;
      if (ctx.flags.json) printJson(ctx.io, result.data);
      else
        ctx.io.stdout(
          `${status === "inserted" ? "uploaded" : "already uploaded"}: ${repo.system_version} (${repo.file_name}, sha-256 ${repo.hash})\n`,
        );
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "list"],
    flags: ["limit"],
    operands: 0,
    async run(ctx) {
      const limit = limitOf(ctx);
      const items = await collectPages(ctx, ctx.client.trustRootPages(limit === undefined ? {} : { limit }));
      if (typeof items === "number") return items;
      if (ctx.flags.json) printJson(ctx.io, items);
      else if (items.length === 0) ctx.io.stdout("no trust roots\n");
      else ctx.io.stdout(table([["ID", "CREATED"], ...items.map((root) => [root.id, root.time_created])]));
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "view"],
    flags: [],
    operands: 1,
    async run(ctx) {
      const result = await ctx.client.viewTrustRoot(operand(ctx, "id"));
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      const root = result.data;
      if (ctx.flags.json) printJson(ctx.io, root);
      else
        ctx.io.stdout(
          `${table([
            ["id", root.id],
            ["created", root.time_created],
          ])}root role:\n${JSON.stringify(root.root_role, null, 2)}\n`,
        );
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "create"],
    flags: [],
    operands: 1,
    async run(ctx) {
      const file = operand(ctx, "root.json");
      const text = new TextDecoder().decode(await readInput(file));
      let rootRole: unknown;
      try {
        rootRole = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${file} is not JSON: ${errorMessage(error)}`);
      }
      const result = await ctx.client.createTrustRoot(rootRole);
      const code = failed(ctx, result);
      if (code !== undefined || !result.data) return code ?? EXIT_FAILURE;
      if (ctx.flags.json) printJson(ctx.io, result.data);
      else ctx.io.stdout(`created trust root ${result.data.id}\n`);
      return EXIT_OK;
    },
  },
  {
    words: ["trust-roots", "delete"],
    flags: [],
    operands: 1,
    async run(ctx) {
      const id = operand(ctx, "id");
      const code = failed(ctx, await ctx.client.deleteTrustRoot(id));
      if (code !== undefined) return code;
      if (!ctx.flags.json) ctx.io.stdout(`deleted trust root ${id}\n`);
      return EXIT_OK;
    },
  },
];

const ALIASES: Readonly<Record<string, string>> = { repo: "repositories", repos: "repositories", "trust-root": "trust-roots" };

function findCommand(positional: readonly string[]): { command: Command; operands: string[] } {
  const words = positional.map((word, i) => (i === 0 ? (ALIASES[word] ?? word) : word));
  const command = COMMANDS.find((candidate) => candidate.words.every((word, i) => words[i] === word));
  if (!command) {
    const group = COMMANDS.filter((candidate) => candidate.words.length > 1 && candidate.words[0] === words[0]);
    if (group.length > 0) {
      const verbs = group.map((candidate) => candidate.words[1]).join(", ");
      throw new UsageError(
        words[1] === undefined ? `${words[0]} needs a subcommand: ${verbs}` : `unknown subcommand ${words[0]} ${words[1]}: use ${verbs}`,
      );
    }
    throw new UsageError(`unknown command ${positional[0] ?? ""}`.trim());
  }
  const operands = positional.slice(command.words.length);
  if (operands.length > command.operands) throw new UsageError(`unexpected argument ${operands[command.operands]}`);
  return { command, operands };
}

function baseUrl(flags: Flags, env: Readonly<Record<string, string | undefined>>): string {
  const url = flags.url ?? (env.SYSTEM_UPDATE_URL || undefined) ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  return url.replace(/\/+$/, "");
}

export interface ClientCommandOptions {
  /** Where SYSTEM_UPDATE_URL and SYSTEM_UPDATE_TOKEN come from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A fetch to use instead of the global one (tests). */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/** Runs one client command; resolves to the exit code. */
export async function runClientCommand(args: readonly string[], io: CommandIo, options: ClientCommandOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  try {
    const { flags, positional } = parseArgs(args, FLAGS, { "-h": "help" });
    if (flags.help || positional.length === 0) {
      (flags.help ? io.stdout : io.stderr)(CLIENT_HELP);
      return flags.help ? EXIT_OK : EXIT_USAGE;
    }
    const { command, operands } = findCommand(positional);
    for (const name of ["system-version", "limit", "sort-by", "path"] as const) {
      if (flags[name] !== undefined && !command.flags.includes(name)) throw new UsageError(`${command.words.join(" ")} takes no --${name}`);
    }
    const url = baseUrl(flags, env);
    const token = flags.token ?? (env.SYSTEM_UPDATE_TOKEN || undefined);
    const client = createClient<LatestApiVersion>({
      baseUrl: url,
      ...(token !== undefined && { token }),
      // Any value is sent as given: the server decides (a newer or malformed version is its 400 to give).
      ...(flags["api-version"] !== undefined && { apiVersion: flags["api-version"] as LatestApiVersion }),
      ...(options.fetch !== undefined && { fetch: options.fetch }),
    });
    return await command.run({ client, words: command.words, url, flags, operands, io });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`system-update: ${error.message}\nRun "system-update --help" for the commands.\n`);
    return EXIT_USAGE;
  }
}
