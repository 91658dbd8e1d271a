/**
 * Prism for the contract suites: start and stop `prism mock` / `prism proxy --errors` processes, and a
 * fetch "gate" that sends the tests' API traffic through the proxy and reads Prism's verdict on every
 * exchange.
 *
 * How Prism 5.14 reports (read from @stoplight/prism-http-server's server.js and prism-core's factory.js,
 * and seen on the wire):
 * - a response that breaks the document, with `--errors`: Prism drops the upstream answer and answers
 *   500 `application/problem+json` `{ type: "https://stoplight.io/prism/errors#VIOLATIONS", title:
 *   "Request/Response not valid", validation: [{ location: ["response", "body"], severity: "Error",
 *   code, message }] }`; the same list, JSON-encoded, is in the `sl-violations` header;
 * - a request that breaks the document, with `--errors`: nothing is forwarded; 422 problem+json
 *   `#UNPROCESSABLE_ENTITY` with the same `validation` list (no `sl-violations` header);
 * - a path or method the document lacks, with `--errors`: nothing is forwarded; 404 `#NO_PATH_MATCHED_ERROR`
 *   or 405 `#NO_METHOD_MATCHED_ERROR`, the reason in `detail`;
 * - violations of lesser severity (warnings): the upstream answer passes, with `sl-violations`.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { expect } from "vitest";
import { validateResponse } from "../support/contract.js";
import { repoRoot } from "../support/repo-root.js";

export const PRISM_BIN = path.join(repoRoot, "node_modules", ".bin", "prism");
const PRISM_ERRORS = "https://stoplight.io/prism/errors#";
const LISTENING = /Prism is listening on (http:\/\/\S+)/;
const LOG_LIMIT = 64 * 1024;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PrismProcess {
  readonly url: string;
  readonly pid: number;
  /** The tail of Prism's log (stdout and stderr). */
  log(): string;
  close(): Promise<void>;
}

export interface PrismStart {
  readonly command: "proxy" | "mock";
  readonly spec: string;
  /** For `proxy`: where to forward. */
  readonly upstream?: string;
  readonly errors?: boolean;
  readonly timeoutMs?: number;
}

/**
 * How long Prism may take to start listening. It usually needs a few seconds, but under load it has taken
 * 80: generous by default, and `SYSTEM_UPDATE_PRISM_STARTUP_MS` sets it for slower machines.
 */
export const PRISM_STARTUP_MS = Number(process.env["SYSTEM_UPDATE_PRISM_STARTUP_MS"] ?? 180_000);
/** For the hooks that start Prism: its start-up and some work of their own. */
export const PRISM_HOOK_TIMEOUT_MS = PRISM_STARTUP_MS + 60_000;

/** `node_modules/.bin/prism <command> [--errors] -h 127.0.0.1 -p <free port> <spec> [upstream]`, once it listens. */
export async function startPrism(options: PrismStart): Promise<PrismProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      // Another process may take the free port between our check and Prism's bind.
      if (attempt >= 3 || !String(error).includes("EADDRINUSE")) throw error;
    }
  }
}

function startOnce(options: PrismStart, port: number): Promise<PrismProcess> {
  const args = [
    PRISM_BIN,
    options.command,
    ...(options.errors ? ["--errors"] : []),
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    options.spec,
    ...(options.upstream === undefined ? [] : [options.upstream]),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-LOG_LIMIT);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Never leave Prism behind if the test process goes away without afterAll.
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);

  const close = async () => {
    process.off("exit", reap);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<PrismProcess>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? PRISM_STARTUP_MS;
    const fail = (why: string) => {
      cleanup();
      void close().then(() => reject(new Error(`prism ${options.command} ${path.basename(options.spec)}: ${why}\n${log}`)));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    const onData = () => {
      const match = LISTENING.exec(log);
      if (!match) return;
      cleanup();
      resolve({ url: (match[1] ?? "").replace(/\/+$/, ""), pid: child.pid ?? -1, log: () => log, close });
    };
    const onExit = (code: number | null) => fail(`exited (${code}) before listening`);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout.on("data", onData);
    child.once("exit", onExit);
  });
}

/** What Prism said about one exchange. */
export interface PrismFlag {
  /** The problem type after `#` (`VIOLATIONS`, `UNPROCESSABLE_ENTITY`, `NO_PATH_MATCHED_ERROR`, …) or `sl-violations`. */
  readonly kind: string;
  /** Prism's violation messages (or the problem's `detail`). */
  readonly texts: readonly string[];
}

interface ProblemJson {
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly validation?: readonly { readonly message: string; readonly severity?: string }[];
}

/** Prism's verdict on an answer it gave, or undefined when it passed the upstream answer unremarked. */
export function prismFlag(response: Response, text: string): PrismFlag | undefined {
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("application/problem+json")) {
    let problem: ProblemJson = {};
    try {
      problem = JSON.parse(text) as ProblemJson;
    } catch {
      // not Prism's
    }
    if (problem.type?.startsWith(PRISM_ERRORS)) {
      const texts = problem.validation?.map((v) => v.message) ?? [problem.detail || problem.title || ""];
      return { kind: problem.type.slice(PRISM_ERRORS.length), texts };
    }
  }
  const header = response.headers.get("sl-violations");
  if (header) {
    let texts = [header];
    try {
      texts = (JSON.parse(header) as { severity: string; message: string }[]).map((v) => `${v.severity}: ${v.message}`);
    } catch {
      // "Too many violations! …": keep it whole
    }
    return { kind: "sl-violations", texts };
  }
  return undefined;
}

/** A violation Prism must report, on purpose: the request is sent directly to the mock afterwards. */
export interface ExpectedFlag {
  /** A word of the name of the test that sends it, e.g. `G37`. */
  readonly test: string;
  readonly method: string;
  readonly path: string;
  readonly kind: string;
  readonly texts: readonly string[];
}

export interface GateRoute {
  /** A made-up origin the tests use as base URL, e.g. `http://rack.contract`. */
  readonly origin: string;
  /** Headers added on the way (e.g. which rack of the mock answers). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface GateOptions {
  readonly prismUrl: string;
  readonly mockUrl: string;
  readonly routes: readonly GateRoute[];
  readonly expected: readonly ExpectedFlag[];
}

export interface GateStats {
  /** Requests Prism validated and forwarded (or refused). */
  throughPrism: number;
  /** Binary uploads sent to the mock directly (Prism reads non-JSON bodies as UTF-8 text and breaks them). */
  directUploads: number;
  /** Requests Prism flagged on purpose, sent again directly to the mock. */
  replayedDirect: number;
}

export interface Gate {
  /** Install with `vi.stubGlobal("fetch", gate.fetch)`; other origins pass through untouched. */
  readonly fetch: typeof globalThis.fetch;
  readonly stats: GateStats;
  /** The flags that were expected and seen, with the test that caused them. */
  readonly hits: { readonly expected: ExpectedFlag; readonly testName: string }[];
  /** Names of the tests that sent requests through the gate. */
  readonly testsSeen: Set<string>;
  /** Unexpected violations (Prism's or ajv's) since the last call, removed. */
  takeUnexpected(): string[];
}

const sameTexts = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((text, i) => text === b[i]);
export const mentions = (testName: string, word: string) => new RegExp(`(^|[^\\w])${word}([^\\w]|$)`).test(testName);

/**
 * A fetch that sends requests for the route origins through Prism (or, for uploads and deliberate
 * violations, directly to the mock) and records every violation: Prism's, and ajv's on every answer that
 * reaches the test (test/support/contract.ts, the same closed schemas).
 */
export function createGate(options: GateOptions): Gate {
  const passThrough = globalThis.fetch;
  const stats: GateStats = { throughPrism: 0, directUploads: 0, replayedDirect: 0 };
  const hits: { expected: ExpectedFlag; testName: string }[] = [];
  const testsSeen = new Set<string>();
  const unexpected: string[] = [];

  const send = async (base: string, request: Request, headers: Headers, body: Uint8Array<ArrayBuffer> | undefined) => {
    const url = new URL(request.url);
    const response = await passThrough(`${base}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      ...(body !== undefined && { body }),
    });
    const text = await response.text();
    return { response, text };
  };
  const rebuild = ({ response, text }: { response: Response; text: string }) =>
    new Response(text === "" ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });

  const gateFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const route = options.routes.find((r) => r.origin === url.origin);
    if (!route) return passThrough(request);

    const testName = expect.getState().currentTestName ?? "(outside a test)";
    testsSeen.add(testName);
    const method = request.method;
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(route.headers ?? {})) headers.set(name, value);
    const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await request.arrayBuffer());
    const apiVersion = headers.get("api-version");
    const where = `${testName}: ${method} ${url.pathname} (api-version ${apiVersion ?? "none"})`;
    const checkWithAjv = (answer: { response: Response; text: string }) => {
      for (const violation of validateResponse(
        apiVersion,
        method,
        url.pathname,
        answer.response.status,
        answer.text,
        answer.response.headers,
      )) {
        unexpected.push(`${testName}: ajv: ${violation}`);
      }
    };

    if ((headers.get("content-type") ?? "").startsWith("application/octet-stream")) {
      stats.directUploads += 1;
      const answer = await send(options.mockUrl, request, headers, body);
      checkWithAjv(answer);
      return rebuild(answer);
    }

    stats.throughPrism += 1;
    const answer = await send(options.prismUrl, request, headers, body);
    const flag = prismFlag(answer.response, answer.text);
    if (!flag) {
      checkWithAjv(answer);
      return rebuild(answer);
    }
    const expected = options.expected.find(
      (e) =>
        mentions(testName, e.test) &&
        e.method === method &&
        e.path === url.pathname &&
        e.kind === flag.kind &&
        sameTexts(e.texts, flag.texts),
    );
    if (!expected) {
      unexpected.push(`${where} → Prism ${flag.kind}:\n    ${flag.texts.join("\n    ")}`);
      return rebuild(answer);
    }
    // A response violation means the mock already acted on the request: only a GET may go again.
    if (flag.kind === "VIOLATIONS" && method !== "GET")
      throw new Error(`expected response violation on a ${method}: cannot replay ${where}`);
    hits.push({ expected, testName });
    stats.replayedDirect += 1;
    const direct = await send(options.mockUrl, request, headers, body);
    checkWithAjv(direct);
    return rebuild(direct);
  };

  return { fetch: gateFetch as typeof globalThis.fetch, stats, hits, testsSeen, takeUnexpected: () => unexpected.splice(0) };
}
