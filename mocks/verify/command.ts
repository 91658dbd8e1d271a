/**
 * `system-update verify`: checks a rack (or a record of one) against the mock's predictions (docs/verify.md).
 * Exit 0 when every probe matches, 1 when any differs or the run fails, 2 on a usage error.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { LATEST_API_VERSION } from "../../generated/index.js";
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  errorMessage,
  httpUrlFlag,
  integerFlag,
  parseArgs,
  type CommandIo,
} from "../../src/cli/args.js";
import { compareSemver, parseSemver } from "../../src/rules/index.js";
import { isLoopbackHost } from "../cli/loopback.js";
import { MockControlError } from "../core/protocol/control-errors.js";
import { DEFAULT_VERIFY_LIMITS, VERIFY_LIMIT_BOUNDS, type VerifyLimits } from "./limits.js";
import { RecordError, parseRecord, toRecord } from "./record.js";
import { REPORT_FORMATS, renderCatalogue, renderReport } from "./report.js";
import type { VerifyFetch } from "./transport.js";
import { differencesIn, verifyRack, verifyRecord, type VerifyReport } from "./verify.js";

export const VERIFY_HELP = `Usage: system-update verify --url <rack> [--token <t>] [--api-version <v>] [--format text|markdown|json]
       system-update verify --replay <file> [--format ...]
       system-update verify --list [--format ...]

Sends a fixed catalogue of probes that cannot change the rack (reads, and requests it must refuse before
changing anything), predicts every answer with the mock set to what the rack's own reads show, and reports
each probe as match or differ (docs/verify.md).

  --url <url>           the rack's API base URL; https, unless it is loopback or --insecure is given
  --token <token>       a bearer token (default: $SYSTEM_UPDATE_TOKEN); adds the credential probes; never printed
  --api-version <v>     the api-version to speak (default: ${LATEST_API_VERSION})
  --format <f>          text (default), markdown or json
  --list                print the probes and why each cannot change the rack; send nothing
  --record <file>       save the rack's answers (request ids and times redacted) to replay later
  --replay <file>       judge a recorded run again; send nothing
  --max-rps <n>         requests a second at most (default ${DEFAULT_VERIFY_LIMITS.maxRps}, at most ${VERIFY_LIMIT_BOUNDS.maxRps.max})
  --timeout <ms>        per request (default ${DEFAULT_VERIFY_LIMITS.timeoutMs}); no request is retried
  --max-pages <n>       pages one listing follows at most (default ${DEFAULT_VERIFY_LIMITS.maxPages})
  --insecure            allow plain http to a host that is not loopback

Exit status: 0 when every probe matches, 1 when any differs (or the rack cannot be reached), 2 on a usage error.
`;

const FLAGS = {
  url: "string",
  token: "string",
  "api-version": "string",
  format: "string",
  list: "boolean",
  record: "string",
  replay: "string",
  "max-rps": "string",
  timeout: "string",
  "max-pages": "string",
  insecure: "boolean",
  help: "boolean",
} as const;

export interface VerifyCommandOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A fetch to use instead of the global one (tests). */
  readonly fetch?: VerifyFetch;
}

/** The rack's URL, refused unless it is http(s), carries no credentials, and is https, loopback or allowed insecure. */
export function checkRackUrl(text: string, insecure: boolean): string {
  const url = httpUrlFlag(text);
  if (url.username !== "" || url.password !== "") throw new UsageError("--url must not carry credentials: give the token with --token");
  if (url.search !== "" || url.hash !== "") throw new UsageError("--url must be a base URL, without a query or fragment");
  if (url.protocol === "http:" && !insecure && !isLoopbackHost(url.hostname))
    throw new UsageError(
      `refusing plain http to ${url.hostname}: use https, or --insecure if you mean it (the token would cross the network in clear)`,
    );
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** A header-safe token, or a usage error that does not repeat it (a bad header value would, in fetch's error). */
function tokenFlag(token: string | undefined): string | undefined {
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token))
    throw new UsageError("the token must be printable ASCII without spaces (it is not shown here)");
  return token;
}

function apiVersionFlag(text: string | undefined): string {
  if (text === undefined) return LATEST_API_VERSION;
  const parsed = parseSemver(text);
  const latest = parseSemver(LATEST_API_VERSION);
  if (!parsed.ok) throw new UsageError(`--api-version must be a version such as ${LATEST_API_VERSION}, got "${text}"`);
  if (latest.ok && compareSemver(parsed.version, latest.version) > 0)
    throw new UsageError(`--api-version ${text} is newer than this package knows (${LATEST_API_VERSION}): update system-update`);
  return text;
}

function limitsFrom(flags: Readonly<Record<string, string | boolean | undefined>>): VerifyLimits {
  const read = (name: keyof typeof VERIFY_LIMIT_BOUNDS): number => {
    const { flag, min, max } = VERIFY_LIMIT_BOUNDS[name];
    const value = flags[flag];
    return typeof value === "string" ? integerFlag(flag, value, min, max) : DEFAULT_VERIFY_LIMITS[name];
  };
  return { ...DEFAULT_VERIFY_LIMITS, maxRps: read("maxRps"), timeoutMs: read("timeoutMs"), maxPages: read("maxPages") };
}

async function readRecordFile(file: string, maxBytes: number): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${errorMessage(error)}`);
  }
  if (size > maxBytes) throw new UsageError(`${file} is ${size} bytes, over the replay limit maxRecordBytes of ${maxBytes}`);
  return readFile(file, "utf8");
}

async function run(args: readonly string[], io: CommandIo, options: VerifyCommandOptions): Promise<number> {
  const { flags, positional } = parseArgs(args, FLAGS, { "-h": "help" });
  if (flags.help) {
    io.stdout(VERIFY_HELP);
    return EXIT_OK;
  }
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const format = REPORT_FORMATS.find((known) => known === (flags.format ?? "text"));
  if (format === undefined) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}, got "${flags.format}"`);
  if (flags.list) {
    io.stdout(renderCatalogue(format));
    return EXIT_OK;
  }
  const limits = limitsFrom(flags);
  let report: VerifyReport;
  if (flags.replay !== undefined) {
    if (flags.url !== undefined || flags.record !== undefined)
      throw new UsageError("--replay sends nothing: it takes no --url or --record");
    report = await verifyRecord(parseRecord(await readRecordFile(flags.replay, limits.maxRecordBytes)), flags.replay);
  } else {
    if (flags.url === undefined) throw new UsageError("give the rack with --url (or --replay a record, or --list the probes)");
    const url = checkRackUrl(flags.url, flags.insecure === true);
    const token = tokenFlag(flags.token ?? (options.env?.["SYSTEM_UPDATE_TOKEN"] || undefined));
    const apiVersion = apiVersionFlag(flags["api-version"]);
    report = await verifyRack({
      url,
      apiVersion,
      limits,
      ...(token !== undefined && { token }),
      ...(options.fetch && { fetch: options.fetch }),
    });
    if (flags.record !== undefined) {
      const record = toRecord(apiVersion, token !== undefined, report.exchanges);
      try {
        await writeFile(flags.record, `${JSON.stringify(record, null, 2)}\n`);
      } catch (error) {
        io.stderr(`system-update verify: cannot write the record ${flags.record}: ${errorMessage(error)}\n`);
        return EXIT_FAILURE;
      }
    }
  }
  io.stdout(renderReport(report, format));
  return differencesIn(report) === 0 ? EXIT_OK : EXIT_FAILURE;
}

/** Runs `system-update verify`; resolves to the exit code. */
export async function runVerifyCommand(args: readonly string[], io: CommandIo, options: VerifyCommandOptions = {}): Promise<number> {
  try {
    return await run(args, io, { env: process.env, ...options });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`system-update verify: ${error.message}\nRun "system-update verify --help" for the options.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof RecordError) {
      io.stderr(`system-update verify: the record does not fit: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof MockControlError) {
      io.stderr(`system-update verify: the rack's data is beyond the mock's limits: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}
