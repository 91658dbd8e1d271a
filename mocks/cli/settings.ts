/** The flags of `system-update mock`, turned into server options; every mistake is a usage error naming its flag. */
import { UsageError, integerFlag, parseArgs } from "../../src/cli/args.js";
import { MAX_LATENCY_MS, type LatencySpec } from "../core/faults/rules.js";
import { DEFAULT_LIMITS, LIMIT_FLAGS, UPSTREAM_UPLOAD_CAP, type MockLimits } from "../core/protocol/limits.js";
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from "../core/simulator/scenarios.js";
import { didYouMean } from "../../src/shared/suggest.js";
import { DEFAULT_TIMEOUTS, TIMEOUT_FLAGS, type ConnectionTimeouts } from "../node/connections.js";
import { ORIGIN_FORM, isOrigin } from "../node/cors.js";
import { EVENT_STREAM_LIMITS, type EventStreamLimit } from "../node/events.js";
import { ALLOWED_HOSTS_FLAG } from "../node/guard.js";
import { DEFAULT_WRITE_DELAY_MS, FRESH_STATE_FLAG, STATE_DIR_FLAG, type StateDirOptions } from "../node/state-dir.js";
import { DEFAULT_HOST, DEFAULT_PORT } from "../server.js";
import { MAX_TIMER_MS } from "../devtools/clock.js";

const LIMIT_KEYS = Object.keys(LIMIT_FLAGS) as (keyof MockLimits)[];
const limitFlagName = (key: keyof MockLimits): string => LIMIT_FLAGS[key].slice(2);
const TIMEOUT_KEYS = Object.keys(TIMEOUT_FLAGS) as (keyof ConnectionTimeouts)[];
const timeoutFlagName = (key: keyof ConnectionTimeouts): string => TIMEOUT_FLAGS[key].slice(2);

export const FLAGS = {
  port: "string",
  host: "string",
  scenario: "string",
  state: "string",
  "advance-every": "string",
  auth: "string",
  "control-token": "string",
  cors: "string",
  "allowed-hosts": "string",
  "state-dir": "string",
  "fresh-state": "boolean",
  "state-write-delay-ms": "string",
  latency: "string",
  chaos: "string",
  seed: "string",
  help: "boolean",
  ...Object.fromEntries(LIMIT_KEYS.map((key) => [limitFlagName(key), "string" as const])),
  ...Object.fromEntries(TIMEOUT_KEYS.map((key) => [timeoutFlagName(key), "string" as const])),
  ...Object.fromEntries(Object.values(EVENT_STREAM_LIMITS).map(({ flag }) => [flag.slice(2), "string" as const])),
} as const;

const STREAM_KEYS = Object.keys(EVENT_STREAM_LIMITS) as EventStreamLimit[];

export interface MockSettings {
  readonly port: number;
  readonly host: string;
  readonly scenario: string;
  readonly stateFile: string | undefined;
  readonly advanceEveryMs: number | undefined;
  readonly authFile: string | undefined;
  readonly controlToken: string | undefined;
  /** The origins of `--cors` (comma-separated), as given; the server adds each loopback origin's twins. */
  readonly cors: readonly string[] | undefined;
  /** `--allowed-hosts a,b`: `Host` names besides loopback and the bound address. */
  readonly allowedHosts: readonly string[];
  /** `--state-dir`, `--fresh-state`, `--state-write-delay-ms`: the racks kept across restarts. */
  readonly stateDir: StateDirOptions | undefined;
  readonly limits: Partial<MockLimits>;
  readonly timeouts: ConnectionTimeouts;
  /** `--max-event-streams` and its kin: the devtools page's live streams (mocks/node/events.ts). */
  readonly eventStreams: Partial<Record<EventStreamLimit, number>>;
  readonly latency: LatencySpec | undefined;
  readonly chaosPercent: number | undefined;
  readonly seed: number | undefined;
}

/** `--latency 300` or `--latency 200-400` (milliseconds). */
function parseLatencyFlag(text: string): LatencySpec {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  const min = Number(match?.[1]);
  const max = match?.[2] === undefined ? min : Number(match[2]);
  if (!match || min > max || max > MAX_LATENCY_MS) {
    throw new UsageError(`--latency must be milliseconds (300) or a range (200-400), at most ${MAX_LATENCY_MS}, got "${text}"`);
  }
  return match[2] === undefined ? { ms: min } : { min, max };
}

/** `--allowed-hosts dev.test,.example.test`: host names (no scheme, port or path); a leading dot takes subdomains too. */
function parseAllowedHosts(text: string | undefined): readonly string[] {
  if (text === undefined) return [];
  const names = text.split(",").map((name) => name.trim());
  const bad = names.find((name) => !/^\.?(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/i.test(name));
  if (bad !== undefined)
    throw new UsageError(`${ALLOWED_HOSTS_FLAG} must be host names separated by commas (dev.test, .example.test, [fd00::1]), got "${bad}"`);
  return names;
}

function stateDirFrom(flags: {
  "state-dir"?: string;
  "fresh-state"?: boolean;
  "state-write-delay-ms"?: string;
}): StateDirOptions | undefined {
  const dir = flags["state-dir"];
  if (dir === undefined) {
    if (flags["fresh-state"] || flags["state-write-delay-ms"] !== undefined)
      throw new UsageError(`${FRESH_STATE_FLAG} and --state-write-delay-ms need ${STATE_DIR_FLAG}`);
    return undefined;
  }
  const delay = flags["state-write-delay-ms"];
  return {
    dir,
    ...(flags["fresh-state"] && { fresh: true }),
    ...(delay !== undefined && { writeDelayMs: integerFlag("state-write-delay-ms", delay, 0, MAX_TIMER_MS) }),
  };
}

export function settingsFrom(args: readonly string[]): MockSettings | "help" {
  const { flags, positional } = parseArgs(args, FLAGS, { "-h": "help" });
  if (flags.help) return "help";
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const scenario = flags.scenario ?? DEFAULT_SCENARIO;
  if (!findScenario(scenario))
    throw new UsageError(
      `unknown scenario "${scenario}":${didYouMean(
        scenario,
        SCENARIOS.map((s) => s.name),
      )} Use one of ${SCENARIOS.map((s) => s.name).join(", ")}`,
    );
  if (flags.state !== undefined && flags.scenario !== undefined) throw new UsageError("give --scenario or --state, not both");
  const cors = flags.cors?.split(",").map((origin) => origin.trim());
  const notOrigin = cors?.find((origin) => origin !== "*" && !isOrigin(origin));
  if (notOrigin !== undefined) throw new UsageError(`--cors must list ${ORIGIN_FORM}, separated by commas; got "${notOrigin}"`);
  const allowedHosts = parseAllowedHosts(flags["allowed-hosts"]);
  const controlToken = flags["control-token"];
  if (controlToken !== undefined && /\s/.test(controlToken)) throw new UsageError("--control-token must have no whitespace");
  const limits: Partial<Record<keyof MockLimits, number>> = {};
  for (const key of LIMIT_KEYS) {
    const name = limitFlagName(key);
    const text = (flags as Readonly<Record<string, string | boolean | undefined>>)[name];
    if (typeof text !== "string") continue;
    limits[key] = integerFlag(
      name,
      text,
      key === "journalSize" ? 0 : 1,
      key === "maxUploadBytes" ? UPSTREAM_UPLOAD_CAP : Number.MAX_SAFE_INTEGER,
    );
  }
  const timeouts: { -readonly [K in keyof ConnectionTimeouts]: number } = {};
  for (const key of TIMEOUT_KEYS) {
    const name = timeoutFlagName(key);
    const text = (flags as Readonly<Record<string, string | boolean | undefined>>)[name];
    if (typeof text === "string") timeouts[key] = integerFlag(name, text, 1, MAX_TIMER_MS);
  }
  const eventStreams: Partial<Record<EventStreamLimit, number>> = {};
  for (const key of STREAM_KEYS) {
    const name = EVENT_STREAM_LIMITS[key].flag.slice(2);
    const text = (flags as Readonly<Record<string, string | boolean | undefined>>)[name];
    if (typeof text === "string") eventStreams[key] = integerFlag(name, text, 1, Number.MAX_SAFE_INTEGER);
  }
  const advanceEvery = flags["advance-every"];
  const chaos = flags.chaos;
  if (chaos !== undefined && !(/^\d+(\.\d+)?$/.test(chaos) && Number(chaos) <= 100))
    throw new UsageError(`--chaos must be a percentage from 0 to 100, got "${chaos}"`);
  return {
    port: flags.port === undefined ? DEFAULT_PORT : integerFlag("port", flags.port, 0, 65535),
    host: flags.host ?? DEFAULT_HOST,
    scenario,
    stateFile: flags.state,
    advanceEveryMs: advanceEvery === undefined ? undefined : integerFlag("advance-every", advanceEvery, 1, MAX_TIMER_MS),
    authFile: flags.auth,
    controlToken,
    cors,
    allowedHosts,
    stateDir: stateDirFrom(flags),
    limits,
    timeouts,
    eventStreams,
    latency: flags.latency === undefined ? undefined : parseLatencyFlag(flags.latency),
    chaosPercent: chaos === undefined ? undefined : Number(chaos),
    seed: flags.seed === undefined ? undefined : integerFlag("seed", flags.seed, 0, 0xffffffff),
  };
}

const limitLines = [
  ...LIMIT_KEYS.map((key) => `  ${`${LIMIT_FLAGS[key]} <n>`.padEnd(31)}default ${DEFAULT_LIMITS[key]}`),
  ...TIMEOUT_KEYS.map((key) => `  ${`${TIMEOUT_FLAGS[key]} <ms>`.padEnd(31)}default ${DEFAULT_TIMEOUTS[key]}`),
  ...STREAM_KEYS.map((key) => `  ${`${EVENT_STREAM_LIMITS[key].flag} <n>`.padEnd(31)}default ${EVENT_STREAM_LIMITS[key].default}`),
].join("\n");

export const MOCK_HELP = `Usage: system-update mock [options]

Serve a mock Oxide rack: the system update API (/v1/system/update/...) and the mock's control
endpoints on one port: /__mock/state, scenarios, reset, mupdate, advance (the rack), faults, latency
(unhappy paths), requests (the journal), sessions, verdicts, clock, events (the README's "Control
endpoints" lists them); browsers get a devtools page at /__mock/ (the rack, the status, the journal, live).

  --port <n>            port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host <address>      address to bind (default ${DEFAULT_HOST}; anything else exposes the control endpoints
                        to the network unless --auth or --control-token protects them)
  --scenario <name>     the rack every session starts from (default ${DEFAULT_SCENARIO}): ${SCENARIOS.map((s) => s.name).join(", ")}
  --state <file>        a rack state document (JSON) every session starts from, instead of a scenario
  --state-dir <dir>     keep every session's rack in this directory: loaded at start, written after each
                        change (atomically, ${DEFAULT_WRITE_DELAY_MS} ms later: --state-write-delay-ms <ms>); a file
                        that cannot be read stops the start-up and is left as it is
  --fresh-state         with --state-dir: start from the scenario and replace the racks stored there
  --advance-every <ms>  run one planner step in every session this often; without it the rack moves
                        only on POST /__mock/advance
  --auth <file>         JSON {"tokens": {"<token>": "admin" | "collaborator" | "viewer" | "none"},
                        "control": "<control token>"}: bearer tokens and their fleet roles (without it
                        every caller is a fleet admin); with auth on, the control endpoints need the
                        control token and are closed without one
  --control-token <t>   the token the control endpoints require (authorization: Bearer <t>)
  --cors <origins>      allow browser requests from these origins, comma-separated ("*" for any);
                        a loopback origin allows its twins: http://localhost:5173 also allows
                        http://127.0.0.1:5173 and http://[::1]:5173
                        ("*" opens the control endpoints only behind --control-token). Without it,
                        requests from other origins are refused on the control endpoints, and on the
                        API unless --auth
  --allowed-hosts <h,..>  Host names the server answers besides localhost, 127.0.0.1, [::1] and the
                        bound address (".example.test" takes its subdomains); any other Host gets 403
                        (the DNS rebinding guard)
  --latency <ms>        delay every API answer: 300, or a range 200-400 drawn per request
                        (per operation and per session: PUT /__mock/latency)
  --chaos <percent>     fail this share of API requests at random, as upstream can: 500, 503 or a
                        dropped connection (rules of your own: POST /__mock/faults)
  --seed <n>            seed of latency ranges, fault probabilities and chaos (default 1): runs repeat
  -h, --help            show this help

Limits (each refusal names its limit; the README's "Limits" table says what each bounds):
${limitLines}

Requests may carry "x-mock-session: <name>": each name is its own rack.
`;
