/**
 * The standalone server's HTTP layer under clients that misbehave: every error answer closes its
 * connection, slow clients are cut off, oversized header sets are refused (never truncated), a request
 * that was applied always gets its answer, absolute-form targets behave as origin-form ones, and refusals
 * that need no body come before it (`Expect: 100-continue` included).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { RELEASE_19 } from "../../mocks/core/simulator/scenario-rack.js";
import { openRaw } from "../support/raw-http.js";

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({
    port: 0,
    auth: { tokens: { admin: "admin" }, control: "control" },
    timeouts: { headersMs: 400, requestMs: 1500 },
    limits: { maxUploadBytes: 10_000 },
  });
});
afterAll(() => server.close());

const PUT_19 = (session: string, extra = "") =>
  `PUT /v1/system/update/target-release HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer admin\r\ncontent-type: application/json\r\n` +
  `x-mock-session: ${session}\r\ncontent-length: ${`{"system_version":"${RELEASE_19}"}`.length}\r\n${extra}\r\n{"system_version":"${RELEASE_19}"}`;

async function targetVersion(session: string): Promise<string | null> {
  const response = await fetch(`${server.url}/__mock/state`, { headers: { "x-mock-session": session, authorization: "Bearer control" } });
  return ((await response.json()) as { target_release: { version: string | null } }).target_release.version;
}

describe("connections that go wrong", () => {
  it("a parser error is answered 400 and the connection destroyed", async () => {
    const raw = await openRaw(server.port);
    await raw.write("GARBAGE / HTTP/1.1\r\n\r\n");
    expect((await raw.answers(1))[0]?.status).toBe(400);
    expect(await raw.closed()).toBe(true);
  });

  it("a client that is slow with its headers gets 408 and loses the connection", async () => {
    const raw = await openRaw(server.port);
    await raw.write("GET /v1/system/update/status HTTP/1.1\r\nhost: localhost\r\n");
    expect(await raw.closed(5_000)).toBe(true);
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(raw.received()).toContain(
      "\r\n\r\nthe request's headers took longer than the mock's limit headersMs of 400 ms (raise it with --headers-timeout-ms or the timeouts option)\n",
    );
  });

  it("refuses a timeout that is not a whole number of milliseconds >= 1 before listening", async () => {
    await expect(startMockServer({ port: 0, timeouts: { requestMs: 0 } })).rejects.toThrow(
      "timeout requestMs must be a whole number of milliseconds >= 1, got 0",
    );
  });

  it("a client that is slow with its body loses the connection", async () => {
    const raw = await openRaw(server.port);
    await raw.write("PUT /v1/system/update/target-release HTTP/1.1\r\nhost: localhost\r\ncontent-length: 100\r\n\r\n{");
    expect(await raw.closed(5_000)).toBe(true);
    expect(raw.received()).toContain(
      "the request took longer than the mock's limit requestMs of 1500 ms (raise it with --request-timeout-ms",
    );
  });

  it("headers over node's size limit are refused with 431", async () => {
    const raw = await openRaw(server.port);
    await raw.write(`GET /v1/system/update/status HTTP/1.1\r\nhost: localhost\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect((await raw.answers(1))[0]?.status).toBe(431);
    expect(await raw.closed()).toBe(true);
  });

  it("more header fields than upstream's 100 are refused with 431, never truncated (an authorization after them counts)", async () => {
    const fields = Array.from({ length: 1200 }, (_, i) => `x-h${i}: v\r\n`).join("");
    const raw = await openRaw(server.port);
    await raw.write(`GET /v1/system/update/status HTTP/1.1\r\nhost: localhost\r\n${fields}authorization: Bearer admin\r\n\r\n`);
    expect((await raw.answers(1))[0]?.status).toBe(431);
    expect(await raw.closed()).toBe(true);
  });
});

describe("pipelining", () => {
  it("answers a valid PUT that was applied before a malformed request on the same connection, then 400", async () => {
    const raw = await openRaw(server.port);
    await raw.write(PUT_19("pipelined") + "NOT HTTP AT ALL\r\n\r\n");
    const answers = await raw.answers(2);
    expect(answers.map((answer) => answer.status)).toEqual([204, 400]);
    expect(await raw.closed()).toBe(true);
    expect(await targetVersion("pipelined")).toBe(RELEASE_19);
  });
});

describe("HEAD pipelined before another request", () => {
  it("answers both: HEAD's answer declares a length and sends no body", async () => {
    const raw = await openRaw(server.port);
    await raw.write(
      "HEAD /v1/system/update/ HTTP/1.1\r\nhost: localhost\r\ncontent-length: 0\r\n\r\n" +
        "GET /v1/system/update/status HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer admin\r\nconnection: close\r\n\r\n",
    );
    const answers = await raw.answers(2);
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual([
      [404, ""],
      [200, expect.stringContaining('"target_release"')],
    ]);
    expect(Number(answers[0]?.headers.get("content-length"))).toBeGreaterThan(0);
  });
});

describe("absolute-form targets", () => {
  it("behave as origin-form ones: routing, body cap and the answer", async () => {
    const raw = await openRaw(server.port);
    const body = `{"system_version":"${"9".repeat(1_048_577)}"}`;
    await raw.write(
      `PUT http://rack.test/v1/system/update/target-release HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer admin\r\n` +
        `content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    const [answer] = await raw.answers(1);
    expect(answer?.status).toBe(400);
    expect(JSON.parse(answer?.body ?? "{}")).toMatchObject({ message: "request body exceeded maximum size of 1048576 bytes" });
    raw.destroy();
    const second = await openRaw(server.port);
    await second.write(PUT_19("absolute").replace("PUT /v1/", "PUT http://rack.test/v1/"));
    expect((await second.answers(1))[0]?.status).toBe(204);
    second.destroy();
    expect(await targetVersion("absolute")).toBe(RELEASE_19);
  });
});

describe("refusals before the body", () => {
  const upload = (headers: string) => `PUT /v1/system/update/repositories?file_name=r.zip HTTP/1.1\r\nhost: localhost\r\n${headers}\r\n`;

  it("answers an unauthenticated upload of 5 GiB with 401 at once, without waiting for the body", async () => {
    const raw = await openRaw(server.port);
    await raw.write(upload("content-length: 5368709120\r\n"));
    const [answer] = await raw.answers(1);
    expect(answer?.status).toBe(401);
    expect(JSON.parse(answer?.body ?? "{}")).toMatchObject({ error_code: "Unauthorized" });
    expect(await raw.closed()).toBe(true);
  });

  it("answers Expect: 100-continue with the refusal, not with 100, when the caller may not upload", async () => {
    const raw = await openRaw(server.port);
    await raw.write(upload("content-length: 1000\r\nexpect: 100-continue\r\n"));
    const answers = await raw.answers(1);
    expect(answers.map((answer) => answer.status)).toEqual([401]);
    raw.destroy();
  });

  it("answers Expect: 100-continue with 400 for a body announced over the cap, and with 100 for an acceptable one", async () => {
    const big = await openRaw(server.port);
    await big.write(upload("authorization: Bearer admin\r\ncontent-length: 20000\r\nexpect: 100-continue\r\n"));
    const [refused] = await big.answers(1);
    expect(refused?.status).toBe(400);
    expect(JSON.parse(refused?.body ?? "{}")).toMatchObject({ message: "request body exceeded maximum size of 10000 bytes" });
    big.destroy();
    const small = await openRaw(server.port);
    await small.write(upload("authorization: Bearer admin\r\ncontent-length: 5\r\nexpect: 100-continue\r\n"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(small.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    await small.write("hello");
    const answers = await small.answers(1);
    expect(answers.at(-1)?.status).toBe(400);
    expect(JSON.parse(answers.at(-1)?.body ?? "{}")).toMatchObject({
      message: expect.stringContaining("failed to read end of central directory"),
    });
    small.destroy();
  });
});
