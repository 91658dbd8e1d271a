/**
 * The standalone server's guard against browsers (mocks/node/guard.ts; the README, "Security"): the
 * `Host` allow-list, requests from other origins, `--cors '*'` and the control plane, JSON-only control
 * bodies. Requests go out through node:http, which sends whatever `Host`, `Origin` and `Sec-Fetch-*` a
 * test names, as a rebinding or cross-origin browser would.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServerOptions, type RunningMockServer } from "../../mocks/server.js";
import { runCli, startMockProcess } from "./harness.js";

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

function send(
  server: RunningMockServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}${path}`, { method, headers, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** The mock's refusal: 403 Forbidden in dropshot's shape, the request id in body and header alike. */
function expectForbidden(reply: Reply, message: RegExp): void {
  expect(reply.status).toBe(403);
  const body = JSON.parse(reply.body) as { request_id: string; error_code: string; message: string };
  expect(body).toEqual({ request_id: reply.headers["x-request-id"], error_code: "Forbidden", message: expect.stringMatching(message) });
}

const servers: RunningMockServer[] = [];
async function serve(options: MockServerOptions = {}): Promise<RunningMockServer> {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

/** The default session's rack as the control plane reports it, asked as a local tool asks. */
const stateOf = async (server: RunningMockServer): Promise<string> => (await send(server, "GET", "/__mock/state")).body;
const JSON_BODY = { "content-type": "application/json" };

describe("Host allow-list (DNS rebinding)", () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await serve({ allowedHosts: ["dev.test", ".example.test"] });
    expect((await send(server, "POST", "/__mock/advance", JSON_BODY, '{"steps": 1}')).status).toBe(200);
  });

  it.each(["/__mock/", "/__mock/state", "/__mock/events", "/__mock/requests", "/v1/system/update/status"])(
    "refuses GET %s for a foreign Host, naming the flag",
    async (path) => {
      const reply = await send(server, "GET", path, { host: `attacker.example:${server.port}`, accept: "text/html" });
      expectForbidden(
        reply,
        /^the Host header "attacker\.example:\d+" is not a name of this mock server.*--allowed-hosts attacker\.example /,
      );
    },
  );

  it("a rebound reset and state PUT change nothing", async () => {
    const before = await stateOf(server);
    const host = { host: `attacker.example:${server.port}`, ...JSON_BODY };
    expectForbidden(await send(server, "POST", "/__mock/reset", host, "{}"), /--allowed-hosts/);
    expectForbidden(await send(server, "PUT", "/__mock/state", host, before), /--allowed-hosts/);
    expect(await stateOf(server)).toBe(before);
  });

  it.each(["localhost", "127.0.0.1", "[::1]", "app.localhost", "dev.test", "example.test", "a.b.example.test", "LOCALHOST."])(
    "answers Host %s",
    async (name) => {
      const reply = await send(server, "GET", "/v1/system/update/status", { host: `${name}:${server.port}` });
      expect(reply.status).toBe(200);
    },
  );

  it.each(["dev.test.attacker.example", "notexample.test", "localhost.attacker.example"])("refuses Host %s", async (name) => {
    expectForbidden(await send(server, "GET", "/v1/system/update/status", { host: name }), /--allowed-hosts/);
  });
});

describe("requests from other origins", () => {
  let server: RunningMockServer;
  let withCors: RunningMockServer;
  beforeAll(async () => {
    server = await serve();
    withCors = await serve({ cors: "http://localhost:5173" });
  });

  it("a text/plain POST from another origin (no preflight) to reset or faults is refused and changes nothing", async () => {
    await send(server, "POST", "/__mock/advance", JSON_BODY, '{"steps": 1}');
    const before = await stateOf(server);
    const foreign = { origin: "https://attacker.example", "content-type": "text/plain" };
    expectForbidden(
      await send(server, "POST", "/__mock/reset", foreign, "{}"),
      /^request from origin https:\/\/attacker\.example refused: .*--cors$/,
    );
    const fault = '{"operation":"*","kind":"http","status":503}';
    expectForbidden(await send(server, "POST", "/__mock/faults", foreign, fault), /--cors/);
    expect(await stateOf(server)).toBe(before);
    expect(JSON.parse((await send(server, "GET", "/__mock/faults")).body)).toEqual([]);
  });

  it("a cross-site fetch without Origin is refused; a top-level navigation to the page is not", async () => {
    const site = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" };
    expectForbidden(await send(server, "GET", "/__mock/requests", site), /^request from a cross-site page refused/);
    const navigation = await send(server, "GET", "/__mock/", {
      "sec-fetch-site": "cross-site",
      "sec-fetch-mode": "navigate",
      accept: "text/html",
    });
    expect(navigation.status).toBe(200);
  });

  it("without --auth, an API write from another origin is refused and stores nothing", async () => {
    const trustRoots = "/v1/system/update/trust-roots";
    const before = JSON.parse((await send(server, "GET", trustRoots)).body) as { items: unknown[] };
    const reply = await send(server, "POST", trustRoots, { origin: "null" }, "{}");
    expectForbidden(reply, /^request from origin null refused: without --auth, the API answers only .*--cors$/);
    expect(JSON.parse((await send(server, "GET", trustRoots)).body)).toEqual(before);
  });

  it("the server's own origin and the --cors origin are answered", async () => {
    const own = await send(server, "POST", "/__mock/advance", { origin: server.url, ...JSON_BODY }, '{"steps": 1}');
    expect(own.status).toBe(200);
    const named = await send(withCors, "GET", "/__mock/state", { origin: "http://localhost:5173" });
    expect(named.status).toBe(200);
    expect(named.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expectForbidden(await send(withCors, "GET", "/__mock/state", { origin: "http://localhost:5174" }), /--cors/);
  });

  it("a preflight from another origin is refused (a browser then sends nothing)", async () => {
    const reply = await send(withCors, "OPTIONS", "/__mock/state", {
      origin: "https://attacker.example",
      "access-control-request-method": "PUT",
    });
    expect(reply.status).toBe(403);
    expect(reply.headers["access-control-allow-origin"]).not.toBe("https://attacker.example");
  });

  it("with --auth the API follows upstream whatever the origin: the tokens guard it", async () => {
    const guarded = await serve({ auth: { tokens: { admin: "admin" } } });
    const anonymous = await send(guarded, "GET", "/v1/system/update/status", { origin: "https://attacker.example" });
    expect(anonymous.status).toBe(401);
    const admin = await send(guarded, "GET", "/v1/system/update/status", {
      origin: "https://attacker.example",
      authorization: "Bearer admin",
    });
    expect(admin.status).toBe(200);
  });
});

describe("--cors '*'", () => {
  it("opens the API but never the control endpoints without a control token", async () => {
    const open = await serve({ cors: "*" });
    const page = { origin: "https://anyone.example" };
    expect((await send(open, "GET", "/v1/system/update/status", page)).status).toBe(200);
    for (const [method, path] of [
      ["GET", "/__mock/state"],
      ["GET", "/__mock/requests"],
      ["GET", "/__mock/events"],
      ["PUT", "/__mock/state"],
    ] as const)
      expectForbidden(
        await send(open, method, path, { ...page, ...JSON_BODY }, method === "PUT" ? "{}" : undefined),
        /--cors '\*' does not open .* --control-token/,
      );
  });

  it("with a control token, the token guards the control endpoints", async () => {
    const tokened = await serve({ cors: "*", controlToken: "s3cret" });
    const page = { origin: "https://anyone.example" };
    expect((await send(tokened, "GET", "/__mock/state", page)).status).toBe(401);
    expect((await send(tokened, "GET", "/__mock/state", { ...page, authorization: "Bearer s3cret" })).status).toBe(200);
    expect((await send(tokened, "GET", "/__mock/state", { ...page, authorization: "Bearer s3cres" })).status).toBe(401);
    expect((await send(tokened, "GET", "/__mock/state", { ...page, authorization: "Bearer s3cret0" })).status).toBe(401);
  });

  it("start-up warns, and names an origin to use instead", async () => {
    const mock = await startMockProcess(["--cors", "*"]);
    const warning = await mock.waitForLine(/WARNING/).finally(() => mock.stop());
    expect(warning).toMatch(
      /WARNING: --cors '\*' opens the API to every website open in your browser, but not the control endpoints .*--cors http:\/\/localhost:5173/,
    );
  });
});

it("--allowed-hosts takes host names only, and says so", async () => {
  const result = await runCli(["mock", "--allowed-hosts", "dev.test,http://x.test"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(
    '--allowed-hosts must be host names separated by commas (dev.test, .example.test, [fd00::1]), got "http://x.test"',
  );
});

describe("control bodies are JSON only", () => {
  it.each([["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=x"], [undefined]])(
    "refuses a body typed %s, even without Origin, and changes nothing",
    async (contentType) => {
      const server = await serve();
      const before = await stateOf(server);
      const reply = await send(
        server,
        "POST",
        "/__mock/reset",
        contentType === undefined ? {} : { "content-type": contentType },
        '{"scenario":"steady"}',
      );
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({
        message: expect.stringMatching(/^the mock's control endpoints take JSON bodies only: content-type must be application\/json/),
      });
      expect(await stateOf(server)).toBe(before);
    },
  );

  it("a bodiless POST needs no content type; application/json with parameters is JSON", async () => {
    const server = await serve();
    expect((await send(server, "POST", "/__mock/reset")).status).toBe(204);
    expect(
      (await send(server, "POST", "/__mock/advance", { "content-type": "Application/JSON; charset=utf-8" }, '{"steps":1}')).status,
    ).toBe(200);
  });
});
