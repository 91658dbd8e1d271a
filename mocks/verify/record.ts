/**
 * `--record <file>` and `--replay <file>`: the rack's answers as a JSON document a team can commit, and
 * read back to judge again without a rack (a golden test in its own CI). Request ids and times are
 * redacted on the way in, so a record is the same from run to run while the rack is; the token was never
 * part of an exchange.
 */
import { isJsonObject } from "../../src/shared/json.js";
import type { ProbeAuth } from "./catalogue.js";
import { fieldOf, type Exchange, type RackAnswer, type SentRequest } from "./exchange.js";

export const RECORD_FORMAT = "system-update-verify-record";
const RECORD_VERSION = 1;
/** What a redacted time reads as: still a date-time, so the answer keeps its schema. */
export const REDACTED_TIME = "2000-01-01T00:00:00Z";
export const REDACTED_ID = "redacted";

export interface VerifyRecord {
  readonly format: typeof RECORD_FORMAT;
  readonly version: typeof RECORD_VERSION;
  /** The run's api-version. */
  readonly apiVersion: string;
  /** Whether the run carried a token (the token itself is never recorded). */
  readonly withToken: boolean;
  readonly exchanges: readonly Exchange[];
}

/** Request ids and `time_*` fields replaced, recursively, in a JSON body; other bodies unchanged. */
function redactBody(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  const redact = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => redact(item, ""));
    if (isJsonObject(node)) return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, redact(child, name)]));
    if (key === "request_id" && typeof node === "string") return REDACTED_ID;
    if (key.startsWith("time_") && typeof node === "string") return REDACTED_TIME;
    return node;
  };
  return JSON.stringify(redact(value, ""), null, 2);
}

export function toRecord(apiVersion: string, withToken: boolean, exchanges: readonly Exchange[]): VerifyRecord {
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    apiVersion,
    withToken,
    exchanges: exchanges.map(({ probe, request, answer }) => ({ probe, request, answer: { ...answer, body: redactBody(answer.body) } })),
  };
}

/** A record file that does not fit: the message names the first bad field. */
export class RecordError extends Error {
  override readonly name = "RecordError";
}

const AUTHS: readonly ProbeAuth[] = ["token", "none", "bad"];

function text(value: unknown, at: string): string {
  if (typeof value === "string") return value;
  throw new RecordError(`${at} must be a string`);
}

function textOrNull(value: unknown, at: string): string | null {
  return value === null ? null : text(value, `${at} (or null)`);
}

function readRequest(value: unknown, at: string): SentRequest {
  const auth = fieldOf(value, "auth");
  if (!AUTHS.some((known) => known === auth)) throw new RecordError(`${at}.auth must be one of ${AUTHS.join(", ")}`);
  return {
    method: text(fieldOf(value, "method"), `${at}.method`),
    target: text(fieldOf(value, "target"), `${at}.target`),
    apiVersion: textOrNull(fieldOf(value, "apiVersion"), `${at}.apiVersion`),
    auth: auth as ProbeAuth,
    contentType: textOrNull(fieldOf(value, "contentType"), `${at}.contentType`),
    body: textOrNull(fieldOf(value, "body"), `${at}.body`),
  };
}

function readAnswer(value: unknown, at: string): RackAnswer {
  const status = fieldOf(value, "status");
  if (typeof status !== "number" || !Number.isInteger(status) || status < 0 || status > 999)
    throw new RecordError(`${at}.status must be an HTTP status`);
  const failure = fieldOf(value, "failure");
  return {
    status,
    contentType: textOrNull(fieldOf(value, "contentType"), `${at}.contentType`),
    allow: textOrNull(fieldOf(value, "allow"), `${at}.allow`),
    body: text(fieldOf(value, "body"), `${at}.body`),
    ...(fieldOf(value, "cut") === true && { cut: true }),
    ...(typeof failure === "string" && { failure }),
  };
}

/** A record from its text; throws `RecordError` naming the first field that does not fit. */
export function parseRecord(source: string): VerifyRecord {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new RecordError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (fieldOf(value, "format") !== RECORD_FORMAT) throw new RecordError(`format must be "${RECORD_FORMAT}"`);
  if (fieldOf(value, "version") !== RECORD_VERSION) throw new RecordError(`version must be ${RECORD_VERSION}`);
  const withToken = fieldOf(value, "withToken");
  if (typeof withToken !== "boolean") throw new RecordError("withToken must be a boolean");
  const exchanges = fieldOf(value, "exchanges");
  if (!Array.isArray(exchanges)) throw new RecordError("exchanges must be an array");
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    apiVersion: text(fieldOf(value, "apiVersion"), "apiVersion"),
    withToken,
    exchanges: exchanges.map((exchange: unknown, index) => ({
      probe: text(fieldOf(exchange, "probe"), `exchanges[${index}].probe`),
      request: readRequest(fieldOf(exchange, "request"), `exchanges[${index}].request`),
      answer: readAnswer(fieldOf(exchange, "answer"), `exchanges[${index}].answer`),
    })),
  };
}
