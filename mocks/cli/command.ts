/**
 * `system-update mock`: the standalone mock server (the README, "Run the mock server"). The real API and
 * the `/__mock/` control endpoints on one port, one log line per request, a clean stop on SIGINT/SIGTERM.
 */
import { LATEST_API_VERSION } from "../../generated/index.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, errorMessage, type CommandIo } from "../../src/cli/args.js";
import { tokenTable, type AuthConfig } from "../core/auth/auth.js";
import { createMockCore, type MockCore, type MockOptions } from "../core/mock.js";
import { MockControlError } from "../core/protocol/control-errors.js";
import { StateDirError } from "../node/state-dir.js";
import { startMockServer, type RunningMockServer } from "../server.js";
import { readAuthFile, readJsonFile } from "./files.js";
import { batchedLines } from "./log.js";
import { isLoopbackHost } from "./loopback.js";
import { MOCK_HELP, settingsFrom, type MockSettings } from "./settings.js";

export { MOCK_HELP };

export interface MockCommandOptions {
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  readonly stopped?: Promise<unknown>;
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

/** Who may rewrite the racks, said on start-up: an open control plane on a network address is a warning. */
/** Who may call the control endpoints (the core's rule, `denyControl`): "closed" when auth is on without a control token. */
function controlAccess(settings: MockSettings, auth: AuthConfig | undefined): "token" | "closed" | "open" {
  if (settings.controlToken !== undefined || auth?.control !== undefined) return "token";
  return auth !== undefined ? "closed" : "open";
}

function controlPlaneNote(settings: MockSettings, auth: AuthConfig | undefined): string {
  const access = controlAccess(settings, auth);
  if (access === "token") return "control endpoints need the control token";
  if (access === "closed") return "control endpoints closed (auth is on and no control token is set)";
  if (isLoopbackHost(settings.host)) return "control endpoints open to local clients (no auth)";
  return `WARNING: the control endpoints are open to anyone who can reach ${settings.host}; protect them with --control-token or --auth`;
}

/** `--cors '*'` lets every website the user opens call the API (and, behind a control token, the control endpoints). */
function corsWarning(settings: MockSettings, auth: AuthConfig | undefined): string {
  if (!settings.cors?.includes("*")) return "";
  const control =
    controlAccess(settings, auth) === "token"
      ? "and the control endpoints to any page that has the control token"
      : "but not the control endpoints (they need --control-token for that)";
  const api = auth === undefined ? "the API to every website open in your browser" : "the API (behind --auth tokens) to every website";
  return `WARNING: --cors '*' opens ${api}, ${control}; name your app's origin instead (--cors http://localhost:5173)\n`;
}

/** How the rack moves, with a curl that works under the control endpoints' guard (none when they are closed). */
function movesHint(url: string, everyMs: number | undefined, access: "token" | "closed" | "open"): string {
  const header = access === "token" ? ` -H 'authorization: Bearer <control token>'` : "";
  const curl = `curl -X POST ${url}/__mock/advance${header} -H 'content-type: application/json' -d '{"until":"settled"}'`;
  if (access === "closed") {
    const how = 'set a control token (--control-token, or "control" in the --auth file) to drive it';
    return everyMs === undefined
      ? `the rack moves only when told, and nobody may tell it: ${how}`
      : `the rack advances one planner step every ${everyMs} ms; ${how}`;
  }
  return everyMs === undefined ? `advance the rack with: ${curl}` : `the rack advances one planner step every ${everyMs} ms (or: ${curl})`;
}

function startupLine(server: RunningMockServer, settings: MockSettings, auth: AuthConfig | undefined): string {
  const start = settings.stateFile === undefined ? `scenario ${settings.scenario}` : `state ${settings.stateFile}`;
  const notes = [start, `api ${LATEST_API_VERSION}`];
  if (auth) notes.push(`auth on: ${tokenTable(auth).size} token(s)`);
  if (settings.cors !== undefined) notes.push(`cors ${settings.cors.join(", ")}`);
  if (settings.stateDir !== undefined) notes.push(`racks kept in ${settings.stateDir.dir}`);
  if (settings.latency !== undefined)
    notes.push(`latency ${"ms" in settings.latency ? `${settings.latency.ms}` : `${settings.latency.min}-${settings.latency.max}`} ms`);
  if (settings.chaosPercent !== undefined) notes.push(`chaos ${settings.chaosPercent}% (seed ${settings.seed ?? 1})`);
  notes.push(controlPlaneNote(settings, auth));
  const moves = movesHint(server.url, settings.advanceEveryMs, controlAccess(settings, auth));
  // The page is served wherever the control endpoints are reachable (mocks/node/devtools.ts). One write
  // with the first line, so a reader of that line has this one too.
  const page = controlAccess(settings, auth) === "closed" ? "" : `devtools page: ${server.url}/__mock/ (open it in a browser)\n`;
  return `system-update mock listening on ${server.url} (${notes.join(", ")}); ${moves}\n${page}${corsWarning(settings, auth)}`;
}

/** The core the flags describe; a bad state file or limit is a usage error naming it. */
async function coreFrom(settings: MockSettings): Promise<{ core: MockCore; auth: AuthConfig | undefined }> {
  const auth = settings.authFile === undefined ? undefined : await readAuthFile(settings.authFile);
  const state = settings.stateFile === undefined ? undefined : await readJsonFile(settings.stateFile, "--state");
  const options: MockOptions = {
    scenario: settings.scenario,
    limits: settings.limits,
    ...(state !== undefined && { state }),
    ...(auth !== undefined && { auth }),
    ...(settings.controlToken !== undefined && { controlToken: settings.controlToken }),
    ...(settings.latency !== undefined && { latency: settings.latency }),
    ...(settings.chaosPercent !== undefined && { chaos: { percent: settings.chaosPercent } }),
    ...(settings.seed !== undefined && { seed: settings.seed }),
  };
  try {
    return { core: createMockCore(options), auth };
  } catch (error) {
    if (error instanceof MockControlError || error instanceof RangeError) {
      throw new UsageError(settings.stateFile === undefined ? error.message : `--state file ${settings.stateFile}: ${error.message}`);
    }
    throw error;
  }
}

function listenError(settings: MockSettings, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${settings.host}:${settings.port}`;
  if (code === "EADDRINUSE") return `port ${settings.port} on ${settings.host} is already in use (try --port 0 for any free port)`;
  if (code === "EACCES") return `not allowed to listen on ${where} (ports below 1024 need privileges; try --port 0)`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `cannot bind to host ${settings.host}: not an address of this machine`;
  return `cannot listen on ${where}: ${errorMessage(error)}`;
}

/** Runs the mock until SIGINT/SIGTERM (or `options.stopped`); resolves to the exit code. */
export async function runMockCommand(args: readonly string[], io: CommandIo, options: MockCommandOptions = {}): Promise<number> {
  let settings: MockSettings;
  let built: { core: MockCore; auth: AuthConfig | undefined };
  try {
    const parsed = settingsFrom(args);
    if (parsed === "help") {
      io.stdout(MOCK_HELP);
      return EXIT_OK;
    }
    settings = parsed;
    built = await coreFrom(settings);
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
      core: built.core,
      ...(settings.advanceEveryMs !== undefined && { advanceEveryMs: settings.advanceEveryMs }),
      ...(settings.cors !== undefined && { cors: settings.cors }),
      // The guard reads it: with auth on, the API's tokens guard it, not the caller's origin.
      ...(built.auth !== undefined && { auth: built.auth }),
      allowedHosts: settings.allowedHosts,
      log: requests.line,
      timeouts: settings.timeouts,
      eventStreams: settings.eventStreams,
      ...(settings.stateDir !== undefined && { stateDir: settings.stateDir }),
    });
  } catch (error) {
    signal?.dispose();
    io.stderr(`system-update mock: ${error instanceof StateDirError ? error.message : listenError(settings, error)}\n`);
    return EXIT_FAILURE;
  }
  io.stdout(startupLine(server, settings, built.auth));

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
