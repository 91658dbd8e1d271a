/**
 * A bounded fuzz of the standalone server at the socket: generated request lines, headers, chunked and
 * plain bodies, pipelined requests, invalid UTF-8 and absolute-form targets. Whatever arrives, the server
 * answers no 5xx, keeps serving, and a connection that got no 2xx answer changed no rack.
 */
import fc from "fast-check";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { RELEASE_19 } from "../../mocks/core/simulator/scenario-rack.js";
import { parseAnswers } from "../support/raw-http.js";

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, timeouts: { headersMs: 500, requestMs: 1000 }, limits: { maxUploadBytes: 50_000 } });
});
afterAll(() => server.close());

/**
 * Writes the bytes and collects what comes back until the server closes the connection, or until it has
 * been quiet for a while (a request left incomplete on purpose waits for bytes that never come). Our side
 * is not half-closed: after a FIN, node answers only the first of several pipelined requests.
 */
function exchange(bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port: server.port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    let quiet: NodeJS.Timeout | undefined;
    const waitForQuiet = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => socket.destroy(), 150);
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      waitForQuiet();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(quiet);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    socket.on("connect", () => socket.write(bytes, waitForQuiet));
  });
}

const text = (value: string) => Buffer.from(value, "latin1");

const method = fc.oneof(fc.constantFrom("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "get", "PATCH"), fc.string({ maxLength: 8 }));
const path = fc.oneof(
  fc.constantFrom(
    "/v1/system/update/status",
    "/v1/system/update/target-release",
    "/v1/system/update/recovery-finish",
    "/v1/system/update/repositories?file_name=a.zip",
    "/v1/system/update/repositories?limit=0",
    "/v1/system/update/repositories/%ff%fe",
    "/v1/system/update/trust-roots/not-a-uuid",
    "/__mock/state",
    "/__mock/advance",
    "/__mock/mupdate",
    "/__mock/reset",
    "*",
    "",
  ),
  fc.string({ maxLength: 40 }).map((tail) => `/v1/system/update/${tail}`),
);
const target = fc.tuple(fc.boolean(), path).map(([absolute, p]) => (absolute ? `http://rack.test${p}` : p));
const version = fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "HTTP/1.1 extra", "");
const headerValue = fc.oneof(
  fc.constantFrom("application/json", "text/plain", "2026081901.0.0", "2099010100.0.0", "1.2", "\xff\xfe", "chunked", "100-continue"),
  fc.string({ maxLength: 20 }),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);
const headerName = fc.constantFrom(
  "content-type",
  "api-version",
  "x-mock-session",
  "authorization",
  "expect",
  "x-other",
  "transfer-encoding",
);
const bodyText = fc.oneof(
  fc.constantFrom(
    `{"system_version":"${RELEASE_19}"}`,
    '{"steps":3}',
    '{"until":"settled"}',
    '{"version":"21.0.0","sleds":"all"}',
    "{}",
    "[",
    "",
  ),
  fc.string({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);

/** One request's bytes: sometimes right, often not (lengths that lie, chunks that are not chunks, stray bytes). */
const request = fc
  .record({
    method,
    target,
    version,
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
    body: bodyText,
    framing: fc.constantFrom("length", "wrong-length", "chunked", "bad-chunked", "none"),
  })
  .map(({ method: m, target: t, version: v, headers, body, framing }) => {
    const lines = [`${m} ${t} ${v}`, "host: localhost", "x-mock-session: fuzz", ...headers.map(([name, value]) => `${name}: ${value}`)];
    const bytes = Buffer.byteLength(body, "latin1");
    if (framing === "length") lines.push(`content-length: ${bytes}`);
    if (framing === "wrong-length") lines.push(`content-length: ${bytes + 3}`);
    if (framing === "chunked" || framing === "bad-chunked") lines.push("transfer-encoding: chunked");
    const payload =
      framing === "chunked"
        ? `${bytes.toString(16)}\r\n${body}\r\n0\r\n\r\n`
        : framing === "bad-chunked"
          ? `zz\r\n${body}`
          : framing === "none"
            ? ""
            : body;
    return `${lines.join("\r\n")}\r\n\r\n${payload}`;
  });

const connectionBytes = fc.oneof(
  // The last request asks the server to close the connection after its answer, so a case ends as soon as it can.
  fc
    .array(request, { minLength: 1, maxLength: 3 })
    .map((requests) =>
      text(requests.join("").replace(/host: rack\.test\r\n(?![\s\S]*host: rack\.test)/, "host: localhost\r\nconnection: close\r\n")),
    ),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

describe("socket-level fuzz of the standalone server", () => {
  it("never answers 5xx, keeps serving, and changes no rack without a 2xx answer", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(connectionBytes, async (bytes) => {
        const before = server.core.sessionNames().map((name) => [name, server.core.getState(name)] as const);
        const answers = parseAnswers(await exchange(bytes));
        answered += answers.length;
        for (const answer of answers) expect(answer.status, JSON.stringify(bytes.toString("latin1"))).toBeLessThan(500);
        if (!answers.some((answer) => answer.status >= 200 && answer.status < 300)) {
          const after = server.core.sessionNames().map((name) => [name, server.core.getState(name)] as const);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
    // The generated requests are mostly answered, not lost: otherwise the property would say little.
    expect(answered).toBeGreaterThan(100);
    const status = await fetch(`${server.url}/v1/system/update/status`);
    expect(status.status).toBe(200);
  }, 120_000);
});
