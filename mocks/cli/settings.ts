/** The flags of `system-update mock`, turned into server options; every mistake is a usage error naming its flag. */
import { UsageError, integerFlag, parseArgs } from "../../src/cli/args.js";
import { MAX_LATENCY_MS, type LatencySpec } from "../core/faults/rules.js";
import { DEFAULT_LIMITS, LIMIT_FLAGS, UPSTREAM_UPLOAD_CAP, type MockLimits } from "../core/protocol/limits.js";
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from "../core/simulator/scenarios.js";
import { didYouMean } from "../../src/shared/suggest.js";
import { DEFAULT_TIMEOUTS, TIMEOUT_FLAGS, type ConnectionTimeouts } from "../node/connections.js";
import { ORIGIN_FORM, isOrigin } from "../node/cors.js";
import { DEFAULT_MAX_EVENT_STREAMS, MAX_EVENT_STREAMS_FLAG } from "../node/events.js";
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
  latency: "string",
  chaos: "string",
  seed: "string",
  help: "boolean",
  ...Object.fromEntries(LIMIT_KEYS.map((key) => [limitFlagName(key), "string" as const])),
  ...Object.fromEntries(TIMEOUT_KEYS.map((key) => [timeoutFlagName(key), "string" as const])),
  [MAX_EVENT_STREAMS_FLAG.slice(2)]: "string",
} as const;

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
  readonly limits: Partial<MockLimits>;
  readonly timeouts: ConnectionTimeouts;
  /** `--max-event-streams`: the devtools page's live streams open at once. */
  readonly maxEventStreams: number | undefined;
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
  const maxEventStreams = (flags as Readonly<Record<string, string | boolean | undefined>>)[MAX_EVENT_STREAMS_FLAG.slice(2)];
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
    limits,
    timeouts,
    maxEventStreams:
      typeof maxEventStreams === "string"
        ? integerFlag(MAX_EVENT_STREAMS_FLAG.slice(2), maxEventStreams, 1, Number.MAX_SAFE_INTEGER)
        : undefined,
    latency: flags.latency === undefined ? undefined : parseLatencyFlag(flags.latency),
    chaosPercent: chaos === undefined ? undefined : Number(chaos),
    seed: flags.seed === undefined ? undefined : integerFlag("seed", flags.seed, 0, 0xffffffff),
  };
}

const limitLines = [
  ...LIMIT_KEYS.map((key) => `  ${`${LIMIT_FLAGS[key]} <n>`.padEnd(31)}default ${DEFAULT_LIMITS[key]}`),
  ...TIMEOUT_KEYS.map((key) => `  ${`${TIMEOUT_FLAGS[key]} <ms>`.padEnd(31)}default ${DEFAULT_TIMEOUTS[key]}`),
  `  ${`${MAX_EVENT_STREAMS_FLAG} <n>`.padEnd(31)}default ${DEFAULT_MAX_EVENT_STREAMS}`,
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
