/**
 * `system-update verify`, as functions: send the catalogue to a rack (or take a record's answers), set the
 * mock to what the rack's reads show, predict every answer and judge each probe.
 */
import { probesFor, type Probe } from "./catalogue.js";
import { answerJson, fieldOf, type Exchange } from "./exchange.js";
import { judgeProbe, listingKeys, type Judged, type ProbeResult } from "./judge.js";
import { DEFAULT_VERIFY_LIMITS, type VerifyLimits } from "./limits.js";
import { observe, predict, predictingMock } from "./predict.js";
import { RecordError, type VerifyRecord } from "./record.js";
import { sendProbes, type VerifyFetch } from "./transport.js";

export interface VerifyReport {
  /** The rack's URL (live) or the record file (replay). */
  readonly source: string;
  readonly mode: "live" | "replay";
  readonly apiVersion: string;
  readonly results: readonly ProbeResult[];
  /** Every request sent (or replayed), in order. */
  readonly exchanges: readonly Exchange[];
  /** What the status probe's answer says about the run itself (a version the rack lacks, missing credentials). */
  readonly notes: readonly string[];
}

const UNSUPPORTED_VERSION = "server does not support this API version: ";

/** Hints from the status probe: most differences of a run follow from these, so they are said first. */
function runNotes(exchanges: readonly Exchange[], withToken: boolean): string[] {
  const status = exchanges.find((exchange) => exchange.probe === "status");
  if (status === undefined) return [];
  const message = fieldOf(answerJson(status.answer), "message");
  if (typeof message === "string" && message.startsWith(UNSUPPORTED_VERSION))
    return [
      `the rack does not support api-version ${status.request.apiVersion ?? ""}: run again with --api-version set to a version it has`,
    ];
  if (status.answer.status === 401)
    return [withToken ? "the rack does not accept the token" : "the rack needs credentials: give --token (or $SYSTEM_UPDATE_TOKEN)"];
  return [];
}

export const differencesIn = (report: VerifyReport): number => report.results.filter((result) => !result.match).length;

/** Judges exchanges against the mock's predictions. */
export async function judgeExchanges(
  source: Pick<VerifyReport, "source" | "mode" | "apiVersion">,
  probes: readonly Probe[],
  exchanges: readonly Exchange[],
  withToken: boolean,
): Promise<VerifyReport> {
  const mock = predictingMock(observe(exchanges, withToken));
  const byProbe = new Map<string, Judged[]>();
  for (const exchange of exchanges) {
    const judged = byProbe.get(exchange.probe) ?? [];
    judged.push({ exchange, predicted: await predict(mock, exchange.request) });
    byProbe.set(exchange.probe, judged);
  }
  mock.close();
  const unpagedPath = (probe: Probe) => (probe.request.target.includes("?") ? probe.request.target.split("?", 1)[0] : undefined);
  const results = probes.map((probe) => {
    const unpaged = probes.find((other) => other.kind === "pages" && other.request.target === unpagedPath(probe));
    const baseline = probe.kind === "pages" && unpaged !== undefined ? listingKeys(byProbe.get(unpaged.id) ?? []) : undefined;
    return judgeProbe(probe, byProbe.get(probe.id) ?? [], baseline);
  });
  return { ...source, results, exchanges, notes: runNotes(exchanges, withToken) };
}

export interface LiveOptions {
  /** The rack's base URL (checked by the command: https, or loopback, or `--insecure`). */
  readonly url: string;
  readonly token?: string;
  readonly apiVersion: string;
  readonly limits?: Partial<VerifyLimits>;
  readonly fetch?: VerifyFetch;
}

/** Sends the catalogue to a rack and judges its answers. */
export async function verifyRack(options: LiveOptions): Promise<VerifyReport> {
  const probes = probesFor(options.token !== undefined);
  const exchanges = await sendProbes(
    {
      baseUrl: options.url.replace(/\/+$/, ""),
      token: options.token,
      apiVersion: options.apiVersion,
      fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
      limits: { ...DEFAULT_VERIFY_LIMITS, ...options.limits },
    },
    probes,
  );
  return judgeExchanges(
    { source: options.url, mode: "live", apiVersion: options.apiVersion },
    probes,
    exchanges,
    options.token !== undefined,
  );
}

/** Judges a record's answers again; a probe the record lacks is a difference, a probe it has that we do not is an error. */
export async function verifyRecord(record: VerifyRecord, file: string): Promise<VerifyReport> {
  const probes = probesFor(record.withToken);
  const known = new Set(probes.map((probe) => probe.id));
  const unknown = record.exchanges.find((exchange) => !known.has(exchange.probe));
  if (unknown !== undefined) throw new RecordError(`the record has a probe this version does not know: ${unknown.probe}`);
  return judgeExchanges({ source: file, mode: "replay", apiVersion: record.apiVersion }, probes, record.exchanges, record.withToken);
}
