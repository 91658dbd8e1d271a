/**
 * `system-update mock`: the standalone mock server (the README, "Run the mock server"). The real API and the `/__mock/`
 * control endpoints on one port, one log line per request, a clean stop on SIGINT/SIGTERM.
 */
import { readFile } from "node:fs/promises";
import { LATEST_API_VERSION } from "../generated/index.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, errorMessage, integerFlag, parseArgs, type CommandIo } from "../src/cli/args.js";
import { tokenTable, type AuthConfig, type FleetRole } from "./core/http/auth.js";
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from "./core/simulator/scenarios.js";
import { DEFAULT_HOST, DEFAULT_PORT, startMockServer, type RunningMockServer } from "./server.js";

export const MOCK_HELP = `Usage: system-update mock [options]

Serve a mock Oxide rack: the system update API (/v1/system/update/...) and the mock's control
endpoints (/__mock/state, /__mock/scenarios, /__mock/reset, /__mock/mupdate, /__mock/advance) on one port.

  --port <n>            port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host <address>      address to bind (default ${DEFAULT_HOST})
  --scenario <name>     the rack every session starts from (default ${DEFAULT_SCENARIO}): ${SCENARIOS.map((s) => s.name).join(", ")}
  --advance-every <ms>  run one planner step in every session this often; without it the rack moves
                        only on POST /__mock/advance
  --auth <file>         JSON {"tokens": {"<token>": "admin" | "collaborator" | "viewer" | "none"}}: bearer
                        tokens and their fleet roles; without it every caller is a fleet admin
  --cors <origin>       allow browser requests from this origin ("*" for any)
  -h, --help            show this help

Requests may carry "x-mock-session: <name>": each name is its own rack.
`;

const FLAGS = {
  port: "string",
  host: "string",
  scenario: "string",
  "advance-every": "string",
  auth: "string",
  cors: "string",
  help: "boolean",
} as const;

const ROLES: readonly FleetRole[] = ["admin", "collaborator", "viewer", "none"];
/** setInterval's longest delay (about 24.8 days). */
const MAX_INTERVAL_MS = 2_147_483_647;

export interface MockCommandOptions {
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  readonly stopped?: Promise<unknown>;
}

interface MockSettings {
  readonly port: number;
  readonly host: string;
  readonly scenario: string;
  readonly advanceEveryMs: number | undefined;
  readonly authFile: string | undefined;
  readonly cors: string | undefined;
}

function settingsFrom(args: readonly string[]): MockSettings | "help" {
  const { flags, positional } = parseArgs(args, FLAGS, { "-h": "help" });
  if (flags.help) return "help";
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const scenario = flags.scenario ?? DEFAULT_SCENARIO;
  if (!findScenario(scenario))
    throw new UsageError(`unknown scenario "${scenario}": use one of ${SCENARIOS.map((s) => s.name).join(", ")}`);
  const cors = flags.cors;
  if (cors !== undefined && cors !== "*" && !isOrigin(cors)) {
    throw new UsageError(
      `--cors must be "*" or an origin such as http://localhost:3000 (scheme, host, optional port; no path), got "${cors}"`,
    );
  }
  return {
    port: flags.port === undefined ? DEFAULT_PORT : integerFlag("port", flags.port, 0, 65535),
    host: flags.host ?? DEFAULT_HOST,
    scenario,
    advanceEveryMs:
      flags["advance-every"] === undefined ? undefined : integerFlag("advance-every", flags["advance-every"], 1, MAX_INTERVAL_MS),
    authFile: flags.auth,
    cors,
  };
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text;
  } catch {
    return false;
  }
}

/** Reads and checks an `--auth` file; any problem is a usage error naming the file. */
async function readAuthFile(file: string): Promise<AuthConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --auth file ${file}: ${errorMessage(error)}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--auth file ${file} is not JSON: ${errorMessage(error)}`);
  }
  const shape = `expected {"tokens": {"<token>": "admin" | "collaborator" | "viewer" | "none"}}`;
  if (typeof document !== "object" || document === null || Array.isArray(document)) throw new UsageError(`--auth file ${file}: ${shape}`);
  const tokens = (document as { tokens?: unknown }).tokens;
  if (typeof tokens !== "object" || tokens === null || Array.isArray(tokens))
    throw new UsageError(`--auth file ${file}: "tokens" missing or not an object; ${shape}`);
  // A Map: a token named `__proto__` or `constructor` is a token like any other.
  const checked = new Map<string, FleetRole>();
  for (const [token, role] of Object.entries(tokens)) {
    if (token === "" || /\s/.test(token))
      throw new UsageError(`--auth file ${file}: token ${JSON.stringify(token)} is empty or has whitespace`);
    const known = ROLES.find((r) => r === role);
    if (known === undefined)
      throw new UsageError(
        `--auth file ${file}: token ${JSON.stringify(token)} has role ${JSON.stringify(role)}; use one of ${ROLES.join(", ")}`,
      );
    checked.set(token, known);
  }
  if (checked.size === 0) throw new UsageError(`--auth file ${file}: no tokens (every request would get 401)`);
  return { tokens: checked };
}

/**
 * Request log lines, written once per turn of the event loop: under load that is one write for many
 * requests instead of a write (a system call on a file or pipe) for each.
 */
function batchedLines(write: (text: string) => void): { line(text: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join("\n")}\n`;
    pending = [];
    write(text);
  };
  return {
    line(text) {
      pending.push(text);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

function firstSignal(): { promise: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    promise,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

function startupLine(server: RunningMockServer, settings: MockSettings, auth: AuthConfig | undefined): string {
  const notes = [`scenario ${settings.scenario}`, `api ${LATEST_API_VERSION}`];
  if (auth) notes.push(`auth on: ${tokenTable(auth).size} token(s)`);
  if (settings.cors !== undefined) notes.push(`cors ${settings.cors}`);
  const moves =
    settings.advanceEveryMs === undefined
      ? `advance the rack with: curl -X POST ${server.url}/__mock/advance -d '{"until":"settled"}'`
      : `the rack advances one planner step every ${settings.advanceEveryMs} ms (or: curl -X POST ${server.url}/__mock/advance -d '{"until":"settled"}')`;
  return `system-update mock listening on ${server.url} (${notes.join(", ")}); ${moves}\n`;
}

/** Runs the mock until SIGINT/SIGTERM (or `options.stopped`); resolves to the exit code. */
export async function runMockCommand(args: readonly string[], io: CommandIo, options: MockCommandOptions = {}): Promise<number> {
  let settings: MockSettings;
  let auth: AuthConfig | undefined;
  try {
    const parsed = settingsFrom(args);
    if (parsed === "help") {
      io.stdout(MOCK_HELP);
      return EXIT_OK;
    }
    settings = parsed;
    auth = settings.authFile === undefined ? undefined : await readAuthFile(settings.authFile);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`system-update mock: ${error.message}\nRun "system-update mock --help" for the options.\n`);
    return EXIT_USAGE;
  }

  // Listen for signals before listening on the port: a signal right after the startup line must stop us.
  const signal = options.stopped === undefined ? firstSignal() : undefined;
  const requests = batchedLines((text) => io.stdout(text));
  let server: RunningMockServer;
  try {
    server = await startMockServer({
      port: settings.port,
      host: settings.host,
      scenario: settings.scenario,
      ...(settings.advanceEveryMs !== undefined && { advanceEveryMs: settings.advanceEveryMs }),
      ...(auth !== undefined && { auth }),
      ...(settings.cors !== undefined && { cors: settings.cors }),
      log: requests.line,
    });
  } catch (error) {
    signal?.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      io.stderr(`system-update mock: port ${settings.port} on ${settings.host} is already in use (try --port 0 for any free port)\n`);
    } else if (code === "EACCES") {
      io.stderr(
        `system-update mock: not allowed to listen on port ${settings.port} on ${settings.host} (ports below 1024 need privileges; try --port 0)\n`,
      );
    } else if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
      io.stderr(`system-update mock: cannot bind to host ${settings.host}: not an address of this machine\n`);
    } else {
      io.stderr(`system-update mock: cannot listen on ${settings.host}:${settings.port}: ${errorMessage(error)}\n`);
    }
    return EXIT_FAILURE;
  }
  io.stdout(startupLine(server, settings, auth));

  const reason = await (options.stopped ?? signal?.promise);
  signal?.dispose();
  requests.flush();
  io.stdout(`system-update mock: ${typeof reason === "string" ? `${reason}, ` : ""}shutting down\n`);
  // Open keep-alive connections are closed by `close()`; never hang a shutdown on a stuck socket.
  await Promise.race([server.close(), new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
  // Requests that were finishing while the server closed.
  requests.flush();
  return EXIT_OK;
}
