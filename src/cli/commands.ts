/**
 * The client commands of `system-update` against any base URL (the mock or a real rack), with the verbs
 * of the Oxide CLI's `system update` commands. Human output by default, `--json` for tools; a refusal
 * prints upstream's message on stderr and exits 1.
 */
import { createClient, type LatestApiVersion } from "../client/client.js";
import { EXIT_OK, EXIT_USAGE, UsageError, httpUrlFlag, parseArgs, type CommandIo } from "./args.js";
import { didYouMean } from "../shared/suggest.js";
import { FLAGS, type Command, type Flags } from "./command-support.js";
import { COMMANDS } from "./verbs.js";

export const DEFAULT_URL = "http://127.0.0.1:12220";

const column = (left: string, right: string) => `  ${`system-update ${left}`.padEnd(58)} ${right}`;

const CLIENT_OPTIONS = `Options for these commands:
  --url <url>           the API's base URL (default: $SYSTEM_UPDATE_URL, else $OXIDE_HOST, else ${DEFAULT_URL})
  --token <token>       a bearer token (default: $SYSTEM_UPDATE_TOKEN, else $OXIDE_TOKEN)
  --api-version <v>     the api-version header to send (default: the newest this package knows)
  --json                print the response body as JSON instead of text
  -h, --help            show the help of a command

Exit status: 0 on success, 1 when the server refused or could not be reached (its message on stderr),
2 on a usage error.
`;

export const CLIENT_HELP = `Commands against a rack (or the mock):
${COMMANDS.map((command) => column(command.usage, command.summary)).join("\n")}

${CLIENT_OPTIONS}`;

/** One command's help: `system-update repositories list --help`. */
const commandHelp = (command: Command): string => `Usage: system-update ${command.usage}\n\n${command.summary}\n\n${CLIENT_OPTIONS}`;

/** The words bin/system-update.ts handles itself, for "did you mean". */
const OFFLINE_WORDS = ["mock", "diff", "verify", "help", "version"];

const ALIASES: ReadonlyMap<string, string> = new Map([
  ["repo", "repositories"],
  ["repos", "repositories"],
  ["trust-root", "trust-roots"],
]);

function findCommand(positional: readonly string[]): { command: Command; operands: string[] } {
  const words = positional.map((word, i) => (i === 0 ? (ALIASES.get(word) ?? word) : word));
  const command = COMMANDS.find((candidate) => candidate.words.every((word, i) => words[i] === word));
  if (!command) {
    const group = COMMANDS.filter((candidate) => candidate.words.length > 1 && candidate.words[0] === words[0]);
    if (group.length > 0) {
      const verbs = group.map((candidate) => candidate.words[1]).join(", ");
      throw new UsageError(
        words[1] === undefined
          ? `${words[0]} needs a subcommand: ${verbs}`
          : `unknown subcommand ${words[0]} ${words[1]}: use ${verbs}.${didYouMean(
              words[1],
              group.map((c) => c.words[1] ?? ""),
            )}`,
      );
    }
    const word = positional[0] ?? "";
    throw new UsageError(
      `unknown command ${word}.${didYouMean(word, [...new Set(COMMANDS.map((c) => c.words[0] ?? "")), ...OFFLINE_WORDS])}`,
    );
  }
  const operands = positional.slice(command.words.length);
  if (operands.length > command.operands) throw new UsageError(`unexpected argument ${operands[command.operands]}`);
  return { command, operands };
}

function baseUrl(flags: Flags, env: Readonly<Record<string, string | undefined>>): string {
  // Our own variables first, then the Oxide CLI's, as its users have them set.
  const url = flags.url ?? (env.SYSTEM_UPDATE_URL || undefined) ?? (env.OXIDE_HOST || undefined) ?? DEFAULT_URL;
  httpUrlFlag(url);
  return url.replace(/\/+$/, "");
}

export interface ClientCommandOptions {
  /** Where SYSTEM_UPDATE_URL, SYSTEM_UPDATE_TOKEN, OXIDE_HOST and OXIDE_TOKEN come from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A fetch to use instead of the global one (tests). */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/** Runs one client command; resolves to the exit code. */
export async function runClientCommand(args: readonly string[], io: CommandIo, options: ClientCommandOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  try {
    const { flags, positional } = parseArgs(args, FLAGS, { "-h": "help" });
    if (positional.length === 0) {
      (flags.help ? io.stdout : io.stderr)(CLIENT_HELP);
      return flags.help ? EXIT_OK : EXIT_USAGE;
    }
    const { command, operands } = findCommand(positional);
    if (flags.help) {
      io.stdout(commandHelp(command));
      return EXIT_OK;
    }
    for (const name of ["system-version", "limit", "sort-by", "path"] as const) {
      if (flags[name] !== undefined && !command.flags.includes(name)) throw new UsageError(`${command.words.join(" ")} takes no --${name}`);
    }
    const url = baseUrl(flags, env);
    const token = flags.token ?? (env.SYSTEM_UPDATE_TOKEN || undefined) ?? (env.OXIDE_TOKEN || undefined);
    const client = createClient<LatestApiVersion>({
      baseUrl: url,
      ...(token !== undefined && { token }),
      // Any value is sent as given: the server decides (a newer or malformed version is its 400 to give).
      ...(flags["api-version"] !== undefined && { apiVersion: flags["api-version"] as LatestApiVersion }),
      ...(options.fetch !== undefined && { fetch: options.fetch }),
    });
    return await command.run({ client, words: command.words, operation: command.operation, url, flags, operands, io });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`system-update: ${error.message}\nRun "system-update --help" for the commands.\n`);
    return EXIT_USAGE;
  }
}
