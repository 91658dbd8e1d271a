/**
 * The standalone server (`system-update mock`): startup line and flags, one log line per request, auth on
 * and off, CORS, body caps, bytes that are not HTTP, clients that leave mid-body, the planner clock, usage
 * errors; the command runs in-process. The process itself (a port that is taken, a clean stop on SIGTERM
 * and SIGINT, exit codes through the bin) runs as a real process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/index.js";
import { createMockControl } from "../../mocks/index.js";
import { allOn } from "../support/states.js";
import { runMockOnce, startMock, type MockCommand } from "../support/mock-command.js";
import { rawExchange, runCli, startMockProcess, tempDir, writeJson } from "./harness.js";

const CAP = 1_048_576;
const RELEASE_19 = "19.0.0-0.ci+git44ac79d168b";
const RELEASE_20 = "20.0.0-0.local+git553e6c0886a";

describe("the start-up hint follows the control endpoints' guard", () => {
  it.each([
    [
      "--control-token",
      () => ["--control-token", "rack-control"],
      "advance the rack with: curl -X POST URL/__mock/advance -H 'authorization: Bearer <control token>' -H 'content-type: application/json' -d '{\"until\":\"settled\"}'",
    ],
    [
      "--auth without a control token",
      () => ["--auth", writeJson(tempDir(), "auth.json", { tokens: { t: "admin" } })],
      'the rack moves only when told, and nobody may tell it: set a control token (--control-token, or "control" in the --auth file) to drive it',
    ],
  ] as const)(
    "%s",
    async (_, args, hint) => {
      const server = await startMockProcess(args());
      try {
        expect(server.lines[0]?.endsWith(`; ${hint.replace("URL", server.url)}`)).toBe(true);
      } finally {
        await server.stop();
      }
    },
    30_000,
  );
});

describe("a server with the defaults", () => {
  let server: MockCommand;
  beforeAll(async () => {
    server = await startMock();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("prints a startup line with the URL, the scenario, the API version and how to advance", () => {
    expect(server.lines[0]).toBe(
      `system-update mock listening on ${server.url} (scenario factory, api 2026081901.0.0, control endpoints open to local clients (no auth)); ` +
        `advance the rack with: curl -X POST ${server.url}/__mock/advance -H 'content-type: application/json' -d '{"until":"settled"}'`,
    );
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("logs one line per request: method, path, status, time, session", async () => {
    const before = server.lines.length;
    await fetch(`${server.url}/v1/system/update/status`);
    await fetch(`${server.url}/v1/system/update/repositories?limit=1`, { headers: { "x-mock-session": "logged" } });
    await fetch(`${server.url}/v1/system/update/nope`);
    await server.waitForLine(/^GET \/v1\/system\/update\/nope 404 /);
    const logged = server.lines.slice(before);
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatch(/^GET \/v1\/system\/update\/status 200 \d+\.\d\dms$/);
    expect(logged[1]).toMatch(/^GET \/v1\/system\/update\/repositories\?limit=1 200 \d+\.\d\dms session=logged$/);
  });

  it("auth off: every caller is a fleet admin, tokens or not", async () => {
    const control = createMockControl({ baseUrl: server.url, session: "auth-off" });
    await control.setState(allOn("1.0.0", { uploaded: ["1.0.0", "2.0.0"] }));
    const client = createClient({ baseUrl: server.url, token: "anything", headers: { "x-mock-session": "auth-off" } });
    expect((await client.getStatus()).error).toBeUndefined();
    expect((await client.setTargetRelease("2.0.0")).response?.status).toBe(204);
  });

  it("no CORS headers without --cors, and another origin is refused (the guard's 403, preflights included)", async () => {
    const response = await fetch(`${server.url}/v1/system/update/status`, { headers: { origin: "http://localhost:3000" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${server.url}/v1/system/update/target-release`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000" },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  describe("request bodies", () => {
    const session = "bodies";
    const control = () => createMockControl({ baseUrl: server.url, session });
    const client = () => createClient({ baseUrl: server.url, headers: { "x-mock-session": session } });

    it("a body over 1 MiB: 400 in upstream's words, state unchanged, and the server keeps serving", async () => {
      await control().reset();
      const before = await control().getState();
      // A version string long enough to push the JSON body over the cap, through the typed client.
      const huge = `1.0.0-${"a".repeat(CAP)}`;
      const { error, response } = await client().setTargetRelease(huge);
      expect(response?.status).toBe(400);
      expect(error?.message).toBe(`request body exceeded maximum size of ${CAP} bytes`);
      expect(error?.kind === "api" ? error.errorCode : "network").toBeUndefined();
      expect(await control().getState()).toEqual(before);
      expect((await client().getStatus()).error).toBeUndefined();
      // Many megabytes over (the server reads and drops the rest before answering).
      const raw = await fetch(`${server.url}/v1/system/update/target-release`, {
        method: "PUT",
        body: " ".repeat(5 * CAP),
        headers: { "content-type": "application/json" },
      });
      expect(raw.status).toBe(400);
      expect(((await raw.json()) as { message: string }).message).toBe(`request body exceeded maximum size of ${CAP} bytes`);
    });

    it("a body of exactly 1 MiB is read: a parse error, or the rules when it parses", async () => {
      await control().reset("steady");
      const unparsable = `{"system_version":"${"x".repeat(CAP - 21)}"}`;
      expect(unparsable.length).toBe(CAP);
      const parsed = await fetch(`${server.url}/v1/system/update/target-release`, {
        method: "PUT",
        body: unparsable,
        headers: { "x-mock-session": session, "content-type": "application/json" },
      });
      expect(parsed.status).toBe(400);
      expect(((await parsed.json()) as { message: string }).message).toMatch(/^unable to parse JSON body: system_version: /);

      const padded = `{"system_version":"${RELEASE_20}"}`;
      const valid = padded + " ".repeat(CAP - padded.length);
      expect(valid.length).toBe(CAP);
      const refused = await fetch(`${server.url}/v1/system/update/target-release`, {
        method: "PUT",
        body: valid,
        headers: { "x-mock-session": session, "content-type": "application/json" },
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toBe(
        `Target release cannot be changed: cannot update to target release ${RELEASE_20} (already targeting that version)`,
      );
    });

    it("garbage bytes on the socket: 400 or a closed connection, and the server keeps serving", async () => {
      const garbage = [
        "\x00\x01\x02\xff\xfe garbage\r\n\r\n",
        "GET /v1/system/update/status HTTP/9.9\r\n\r\n",
        "PUT / HTTP/1.1\r\ncontent-length: -5\r\n\r\n",
        // A good head, then a chunked body that is not chunked encoding.
        `PUT /v1/system/update/target-release HTTP/1.1\r\nhost: localhost\r\nx-mock-session: ${session}\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n`,
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      ];
      for (const bytes of garbage) {
        const { received, closedByServer } = await rawExchange(server.port, bytes);
        expect(closedByServer).toBe(true);
        if (received !== "") expect(received).toMatch(/^HTTP\/1\.1 400 /);
      }
      expect((await client().getStatus()).error).toBeUndefined();
    });

    it("a client that disconnects mid-body: nothing of the body counts, and the server keeps serving", async () => {
      await control().reset();
      const before = await control().getState();
      // The half we send is a complete, valid request body: dropshot would accept it (it ignores what follows).
      const half = `{"system_version":"${RELEASE_19}"}`;
      const head =
        `PUT /v1/system/update/target-release HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
        `x-mock-session: ${session}\r\ncontent-length: ${half.length * 2}\r\n\r\n`;
      const { received } = await rawExchange(server.port, head + half, { destroyAfterWrite: true });
      expect(received).toBe("");
      await server.waitForLine(/^PUT \/v1\/system\/update\/target-release aborted: the client closed the connection mid-body$/);
      expect(await control().getState()).toEqual(before);
      // The same body, complete, is accepted: the first target release of a factory rack.
      expect((await client().setTargetRelease(RELEASE_19)).response?.status).toBe(204);
    });

    it("control documents may be larger than 1 MiB (a big rack), with their own cap", async () => {
      const doc = allOn("1.0.0");
      const padded = { ...doc, sleds: doc.sleds.map((sled) => ({ ...sled, serial: "S".repeat(300_000) })) };
      expect(JSON.stringify(padded).length).toBeGreaterThan(CAP);
      await control().setState(padded);
      expect((await control().getState()).sleds[0]?.serial).toHaveLength(300_000);
    });
  });
});

describe("auth on (--auth <file>)", () => {
  let server: MockCommand;
  beforeAll(async () => {
    const file = writeJson(tempDir(), "auth.json", {
      tokens: { "admin-token": "admin", "viewer-token": "viewer", "collab-token": "collaborator", "nobody-token": "none" },
    });
    server = await startMock(["--auth", file]);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("says so in the startup line", () => {
    expect(server.lines[0]).toContain(
      "(scenario factory, api 2026081901.0.0, auth on: 4 token(s), control endpoints closed (auth is on and no control token is set))",
    );
  });

  it("401 without or with an unknown token, 403 without a fleet role, reads for viewers, writes for admins", async () => {
    const as = (token?: string) => createClient({ baseUrl: server.url, ...(token !== undefined && { token }) });
    const status = async (token?: string) => (await as(token).getStatus()).response?.status;
    expect(await status()).toBe(401);
    expect(await status("wrong")).toBe(401);
    expect(await status("nobody-token")).toBe(403);
    expect(await status("viewer-token")).toBe(200);
    expect(await status("collab-token")).toBe(200);

    const viewer = await as("viewer-token").setTargetRelease(RELEASE_19);
    expect(viewer.error?.kind === "api" && viewer.error.errorCode).toBe("Forbidden");
    const collaborator = await as("collab-token").setTargetRelease(RELEASE_19);
    expect(collaborator.response?.status).toBe(403);
    expect((await as("admin-token").setTargetRelease(RELEASE_19)).response?.status).toBe(204);
  });

  it("the control endpoints are closed when auth is on and no control token is set, even to fleet admins", async () => {
    const control = createMockControl({ baseUrl: server.url, session: "auth-control", controlToken: "admin-token" });
    const refused = await control.reset("steady").catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 403,
      message: "the mock's control endpoints are closed: auth is on and no control token is set (--control-token)",
    });
  });
});

describe("CORS (--cors <origins>)", () => {
  let server: MockCommand;
  const origin = "http://localhost:3000";
  beforeAll(async () => {
    server = await startMock(["--cors", `${origin}, https://app.example`]);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("answers a preflight with the origin, methods and requested headers", async () => {
    const response = await fetch(`${server.url}/v1/system/update/target-release`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type, api-version, authorization",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(response.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type, api-version, authorization");
    expect(response.headers.get("vary")).toBe("Origin");
    await server.waitForLine(/^OPTIONS \/v1\/system\/update\/target-release 204 /);
  });

  it("sends the origin and exposes x-request-id on real answers, errors included", async () => {
    const ok = await fetch(`${server.url}/v1/system/update/status`, { headers: { origin } });
    expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
    expect(ok.headers.get("access-control-expose-headers")).toBe("x-request-id");
    const refused = await fetch(`${server.url}/v1/system/update/target-release`, { method: "PUT", body: "{}", headers: { origin } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("access-control-allow-origin")).toBe(origin);
  });

  it("allows each listed origin and a loopback origin's twins, and no other origin", async () => {
    const allowOrigin = async (from: string) =>
      (await fetch(`${server.url}/v1/system/update/status`, { headers: { origin: from } })).headers.get("access-control-allow-origin");
    for (const allowed of ["https://app.example", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
      expect(await allowOrigin(allowed)).toBe(allowed);
    }
    for (const refused of ["http://localhost:3001", "https://localhost:3000", "http://app.example", "null"]) {
      expect(await allowOrigin(refused)).toBeNull();
    }
    expect(server.lines[0]).toContain("cors http://localhost:3000, https://app.example");
  });
});

describe("the planner clock (--advance-every)", () => {
  let server: MockCommand;
  beforeAll(async () => {
    server = await startMock(["--advance-every", "25", "--scenario", "update-in-progress"]);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("moves the rack by itself until it settles", async () => {
    expect(server.lines[0]).toContain(
      "(scenario update-in-progress, api 2026081901.0.0, control endpoints open to local clients (no auth)); the rack advances one planner step every 25 ms",
    );
    const control = createMockControl({ baseUrl: server.url });
    const first = await control.getState();
    const deadline = Date.now() + 10_000;
    let settled = false;
    while (!settled && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 50));
      settled = (await control.advance({ steps: 0 })).settled;
    }
    expect(settled).toBe(true);
    const last = await control.getState();
    expect(last.time_last_step_planned).not.toBe(first.time_last_step_planned);
    expect(last.sleds).not.toEqual(first.sleds);
  });
});

describe("without --advance-every the rack stays put", () => {
  it("moves only on POST /__mock/advance", async () => {
    const server = await startMock(["--scenario", "update-in-progress"]);
    try {
      const control = createMockControl({ baseUrl: server.url });
      const first = await control.getState();
      await new Promise((done) => setTimeout(done, 300));
      expect(await control.getState()).toEqual(first);
      expect((await control.advance({ steps: 1 })).steps).toBe(1);
      expect(await control.getState()).not.toEqual(first);
    } finally {
      await server.stop();
    }
  }, 30_000);
});

describe("process lifecycle and flags", () => {
  it("a taken port: a clear message and exit 1", async () => {
    const first = await startMock();
    try {
      const second = await runCli(["mock", "--port", String(first.port)]);
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(
        `system-update mock: port ${first.port} on 127.0.0.1 is already in use (try --port 0 for any free port)\n`,
      );
      expect(second.stdout).toBe("");
      // The first one is unharmed.
      expect((await fetch(`${first.url}/v1/system/update/status`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  }, 30_000);

  it("SIGTERM: stops quickly with exit 0, even with a keep-alive connection open", async () => {
    const server = await startMockProcess();
    const response = await fetch(`${server.url}/v1/system/update/status`);
    expect(response.status).toBe(200);
    const { code, signal, ms } = await server.stop();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(3_000);
    expect(server.lines.at(-1)).toBe("system-update mock: SIGTERM, shutting down");
    await expect(fetch(`${server.url}/v1/system/update/status`)).rejects.toThrow();
  }, 30_000);

  it("SIGINT: the same", async () => {
    const server = await startMockProcess();
    server.child.kill("SIGINT");
    const { code } = await server.stop();
    expect(code).toBe(0);
  }, 30_000);

  it.each<[string, string[], RegExp]>([
    ["an unknown flag", ["--bogus"], /unknown option --bogus/],
    ["a bad port", ["--port", "70000"], /--port must be between 0 and 65535, got 70000/],
    ["a port that is not a number", ["--port", "http"], /--port must be a whole number, got "http"/],
    ["a missing value", ["--port"], /--port needs a value/],
    ["an unknown scenario", ["--scenario", "nope"], /unknown scenario "nope": Use one of factory, steady, /],
    ["a misspelt scenario", ["--scenario", "stedy"], /unknown scenario "stedy": Did you mean "steady"\? Use one of factory, steady, /],
    ["a zero interval", ["--advance-every", "0"], /--advance-every must be between 1 and /],
    ["a zero timeout", ["--headers-timeout-ms", "0"], /--headers-timeout-ms must be between 1 and /],
    ["a negative journal", ["--journal-size", "-1"], /--journal-size must be /],
    ["a bad origin", ["--cors", "localhost:3000/app"], /--cors must list "\*" or an origin .*; got "localhost:3000\/app"/],
    ["a bad origin in a list", ["--cors", "http://localhost:3000,http://a.test/app"], /got "http:\/\/a.test\/app"/],
    ["a stray argument", ["extra"], /unexpected argument extra/],
    ["a missing auth file", ["--auth", "/nonexistent/auth.json"], /cannot read --auth file \/nonexistent\/auth.json/],
  ])(
    "usage error, exit 2: %s",
    async (_name, args, message) => {
      const result = await runMockOnce(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    },
    20_000,
  );

  it.each<[string, unknown, RegExp]>([
    ["not an object", [], /expected \{"tokens"/],
    ["no tokens", { users: {} }, /"tokens" missing or not an object/],
    ["a bad role", { tokens: { t: "root" } }, /token "t" has role "root"; use one of admin, collaborator, viewer, none/],
    ["empty", { tokens: {} }, /no tokens/],
  ])(
    "an --auth file that is wrong (%s): exit 2",
    async (_name, content, message) => {
      const file = writeJson(tempDir(), "auth.json", content);
      const result = await runMockOnce(["--auth", file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    },
    20_000,
  );

  it("a usage error through the bin: the message on stderr, exit 2", async () => {
    const result = await runCli(["mock", "--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('system-update mock: unknown option --bogus\nRun "system-update mock --help" for the options.\n');
    expect(result.stdout).toBe("");
  }, 20_000);

  it("--help lists the flags", async () => {
    const result = await runCli(["mock", "--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--port", "--host", "--scenario", "--advance-every", "--auth", "--cors"]) expect(result.stdout).toContain(flag);
  }, 20_000);
});

describe("the control token (--control-token, or control in the --auth file)", () => {
  let withAuth: MockCommand;
  let tokenOnly: MockCommand;
  beforeAll(async () => {
    const file = writeJson(tempDir(), "auth.json", { tokens: { "admin-token": "admin" }, control: "rack-control" });
    [withAuth, tokenOnly] = await Promise.all([startMock(["--auth", file]), startMock(["--control-token", "just-control"])]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([withAuth?.stop(), tokenOnly?.stop()]);
  });

  it("says who may use the control endpoints in the startup line", () => {
    expect(withAuth.lines[0]).toContain("auth on: 1 token(s), control endpoints need the control token)");
    expect(tokenOnly.lines[0]).toContain("(scenario factory, api 2026081901.0.0, control endpoints need the control token)");
  });

  it("answers 401 without the token (an API token is not enough) and works with it", async () => {
    for (const [server, token] of [
      [withAuth, "rack-control"],
      [tokenOnly, "just-control"],
    ] as const) {
      for (const wrong of [undefined, "admin-token"]) {
        const refused = await createMockControl({ baseUrl: server.url, ...(wrong !== undefined && { controlToken: wrong }) })
          .getState()
          .catch((error: unknown) => error);
        expect(refused).toMatchObject({
          status: 401,
          message: "the mock's control endpoints need the control token (authorization: Bearer <control token>)",
        });
      }
      const control = createMockControl({ baseUrl: server.url, controlToken: token, session: "controlled" });
      await control.reset("steady");
      expect((await control.getState()).target_release.version).toBe(RELEASE_20);
    }
  });

  it("leaves the API to its own tokens: the control token is not an API credential", async () => {
    const status = async (token: string) => (await createClient({ baseUrl: withAuth.url, token }).getStatus()).response?.status;
    expect(await status("rack-control")).toBe(401);
    expect(await status("admin-token")).toBe(200);
  });
});

describe("listening beyond loopback without auth (--host 0.0.0.0)", () => {
  let server: MockCommand;
  beforeAll(async () => {
    server = await startMock(["--host", "0.0.0.0"]);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("warns on start-up that the control endpoints are open to the network", () => {
    expect(server.lines[0]).toContain(
      "WARNING: the control endpoints are open to anyone who can reach 0.0.0.0; protect them with --control-token or --auth",
    );
  });
});
