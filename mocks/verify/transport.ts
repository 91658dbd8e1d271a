/**
 * Sends probes to a rack: one at a time, at most `maxRps` a second, each bounded by `timeoutMs`, never
 * retried, never redirected (a redirect is an answer to compare, not a place to go), and reading at most
 * `maxAnswerBytes` of each answer.
 */
import { BAD_TOKEN, type Probe } from "./catalogue.js";
import { answerJson, fieldOf, nextPageTarget, type Exchange, type RackAnswer, type SentRequest } from "./exchange.js";
import type { VerifyLimits } from "./limits.js";

export type VerifyFetch = (request: Request) => Promise<Response>;

export interface RackConnection {
  /** The rack's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly apiVersion: string;
  readonly fetch: VerifyFetch;
  readonly limits: VerifyLimits;
}

/** Spaces request starts at least `1000 / maxRps` ms apart. */
class Pacer {
  private next = 0;
  constructor(private readonly intervalMs: number) {}
  async wait(): Promise<void> {
    const now = Date.now();
    const delay = this.next - now;
    this.next = Math.max(now, this.next) + this.intervalMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function headersFor(request: SentRequest, token: string | undefined): Headers {
  const headers = new Headers();
  if (request.apiVersion !== null) headers.set("api-version", request.apiVersion);
  if (request.contentType !== null) headers.set("content-type", request.contentType);
  if (request.auth === "token" && token !== undefined) headers.set("authorization", `Bearer ${token}`);
  if (request.auth === "bad") headers.set("authorization", `Bearer ${BAD_TOKEN}`);
  return headers;
}

async function readCapped(response: Response, cap: number): Promise<{ body: string; cut: boolean }> {
  const reader = response.body?.getReader();
  if (reader === undefined) return { body: "", cut: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, cap));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.max(0, bytes.length - offset));
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { body: new TextDecoder().decode(bytes), cut: size > cap };
}

async function sendOne(connection: RackConnection, request: SentRequest): Promise<RackAnswer> {
  const { limits } = connection;
  const init: RequestInit = {
    method: request.method,
    headers: headersFor(request, connection.token),
    redirect: "manual",
    signal: AbortSignal.timeout(limits.timeoutMs),
  };
  if (request.body !== null) init.body = request.body;
  try {
    const response = await connection.fetch(new Request(`${connection.baseUrl}${request.target}`, init));
    const { body, cut } = await readCapped(response, limits.maxAnswerBytes);
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      allow: response.headers.get("allow"),
      body,
      ...(cut && { cut }),
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const failure = timedOut ? `no answer within ${limits.timeoutMs} ms (--timeout)` : `request failed: ${describeFailure(error)}`;
    return { status: 0, contentType: null, allow: null, body: "", failure };
  }
}

/** fetch's own errors say "fetch failed"; the reason (refused, reset, TLS) is in `cause`. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

export function sentRequest(probe: Probe, runApiVersion: string, target = probe.request.target): SentRequest {
  const { method, apiVersion, auth, contentType, body } = probe.request;
  return {
    method,
    target,
    apiVersion: apiVersion === "run" ? runApiVersion : apiVersion,
    auth,
    contentType: contentType ?? null,
    body: body ?? null,
  };
}

/** The `next_page` of a listing page, when the answer is one and has it. */
export function nextPageToken(answer: RackAnswer): string | undefined {
  if (answer.status !== 200) return undefined;
  const page = answerJson(answer);
  const items = fieldOf(page, "items");
  const next = fieldOf(page, "next_page");
  return Array.isArray(items) && items.length > 0 && typeof next === "string" ? next : undefined;
}

/** Sends every probe in order, following listings page by page; resolves to what was sent and answered. */
export async function sendProbes(connection: RackConnection, probes: readonly Probe[]): Promise<Exchange[]> {
  const pacer = new Pacer(1000 / connection.limits.maxRps);
  const exchanges: Exchange[] = [];
  for (const probe of probes) {
    let request = sentRequest(probe, connection.apiVersion);
    for (let page = 1; ; page++) {
      await pacer.wait();
      const answer = await sendOne(connection, request);
      exchanges.push({ probe: probe.id, request, answer });
      const token = probe.kind === "pages" ? nextPageToken(answer) : undefined;
      if (token === undefined || page >= connection.limits.maxPages) break;
      request = sentRequest(probe, connection.apiVersion, nextPageTarget(probe.request.target, token));
    }
  }
  return exchanges;
}
