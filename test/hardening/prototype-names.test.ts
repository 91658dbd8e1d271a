/**
 * Every lookup keyed by request data ignores the prototype chain: the names of `Object.prototype`'s
 * members (and `__proto__`) as tokens, methods, paths, session names, scenario names, query keys and JSON
 * keys get the answer any other unknown name gets, never an inherited value and never a 500.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockCore, type MockCore } from "../../mocks/core/mock.js";
import { createMockHandlers } from "../../mocks/msw.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";
import { runClientCommand } from "../../src/cli/commands.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { tempDir, writeJson } from "../server/harness.js";
import { startMock } from "../support/mock-command.js";

const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype"])];
const STATUS = "/v1/system/update/status";

async function ask(core: MockCore, method: string, url: string, headers: Record<string, string> = {}, body?: string) {
  const answer = await core.handle({
    method,
    url,
    headers: headersFrom(headers),
    body: body === undefined ? null : new TextEncoder().encode(body),
  });
  const parsed = answer.body?.startsWith("{") ? (JSON.parse(answer.body) as { message?: string; error_code?: string }) : undefined;
  return { status: answer.status, message: parsed?.message, errorCode: parsed?.error_code, allow: answer.headers["allow"] };
}

describe("Object.prototype member names through the core", () => {
  const authed = createMockCore({ auth: { tokens: { "real-token": "admin" } } });
  const open = createMockCore();

  it("are unknown bearer tokens: 401", async () => {
    for (const name of NAMES) {
      expect(await ask(authed, "GET", STATUS, { authorization: `Bearer ${name}` }), name).toMatchObject({
        status: 401,
        errorCode: "Unauthorized",
      });
    }
    expect((await ask(authed, "GET", STATUS, { authorization: "Bearer real-token" })).status).toBe(200);
  });

  it("are unknown methods: 405 with the path's methods, on the API and on the control endpoints", async () => {
    for (const name of NAMES) {
      expect(await ask(open, name, STATUS), name).toMatchObject({ status: 405, message: "Method Not Allowed", allow: "GET" });
      expect(await ask(open, name, "/__mock/state"), name).toMatchObject({ status: 405, message: "Method Not Allowed", allow: "GET, PUT" });
    }
  });

  it("are unknown paths: 404", async () => {
    for (const name of NAMES) {
      expect(await ask(open, "GET", `/v1/system/update/${name}`), name).toMatchObject({ status: 404, message: "Not Found" });
      expect(await ask(open, "GET", `/__mock/${name}`), name).toMatchObject({ status: 404, message: "Not Found" });
    }
  });

  it("are session names like any other: each its own rack", async () => {
    const core = createMockCore({ scenario: "steady" });
    for (const name of NAMES) {
      core.reset("factory", name);
      expect(core.getState(name).target_release.version, name).toBeNull();
      expect((await ask(core, "GET", STATUS, { "x-mock-session": name })).status).toBe(200);
    }
    expect(core.getState().target_release.version).not.toBeNull();
    expect(core.sessionNames()).toEqual(expect.arrayContaining(NAMES));
  });

  it("are unknown scenario names: 404", async () => {
    for (const name of NAMES) {
      expect(await ask(open, "POST", "/__mock/reset", {}, JSON.stringify({ scenario: name })), name).toMatchObject({
        status: 404,
        errorCode: "ObjectNotFound",
        message: expect.stringMatching(new RegExp(`^not found: scenario with id "${name}"(; did you mean "[^"]+"\\?)? \\(scenarios: `)),
      });
    }
  });

  it("are query keys the lists ignore, and JSON keys the bodies ignore", async () => {
    for (const name of NAMES) {
      const key = encodeURIComponent(name);
      expect((await ask(open, "GET", `/v1/system/update/repositories?${key}=1`)).status, name).toBe(200);
      expect((await ask(open, "GET", `/v1/system/update/trust-roots?${key}=1`)).status, name).toBe(200);
      const advance = await ask(open, "POST", "/__mock/advance", {}, JSON.stringify({ [name]: 1 }));
      expect(advance, name).toMatchObject({ status: 400, message: 'body must be {"steps": n} or {"until": "settled"}' });
    }
    // `{"__proto__": …}` written out: JSON.stringify of an object would not carry it.
    const proto = await ask(open, "POST", "/__mock/mupdate", {}, '{"__proto__": {"version": "1.0.0"}}');
    expect(proto).toMatchObject({ status: 400, message: 'body must be {"version": semver, "sleds": "all" | [uuid, ...]}' });
  });
});

describe("Object.prototype member names as methods through the MSW adapter", () => {
  const { handlers } = createMockHandlers({ baseUrl: "http://proto.test" });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
  afterAll(() => server.close());

  it("answer 405 on the control endpoints, never 500", async () => {
    // fetch refuses some names as methods (CONNECT-like tokens are fine; `__proto__` has no forbidden characters).
    for (const name of NAMES) {
      const response = await fetch("http://proto.test/__mock/state", { method: name });
      expect(response.status, name).toBe(405);
    }
  });
});

describe("Object.prototype member names in an --auth file", () => {
  let server: Awaited<ReturnType<typeof startMock>>;
  beforeAll(async () => {
    // Written out: `__proto__` as a JSON key is a key like any other for JSON.parse.
    const tokens = NAMES.map((name, i) => `${JSON.stringify(name)}: "${i % 2 === 0 ? "admin" : "viewer"}"`).join(", ");
    const dir = tempDir();
    const file = writeJson(dir, "auth.json", {});
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, `{"tokens": {${tokens}}}`);
    server = await startMock(["--auth", file]);
  }, 30_000);
  afterAll(() => server?.stop());

  it("are tokens like any other: none is dropped, each has its role", async () => {
    expect(server.lines[0]).toContain(`auth on: ${NAMES.length} token(s)`);
    for (const [i, name] of NAMES.entries()) {
      const status = await fetch(`${server.url}${STATUS}`, { headers: { authorization: `Bearer ${name}` } });
      expect(status.status, name).toBe(200);
      const put = await fetch(`${server.url}/v1/system/update/target-release`, {
        method: "PUT",
        headers: { authorization: `Bearer ${name}`, "content-type": "application/json" },
        body: '{"system_version":"19.0.0-0.ci+git44ac79d168b"}',
      });
      expect(put.status, name).toBe(i % 2 === 0 ? 204 : 403);
      if (put.status === 204) break;
    }
    const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false };
    expect(await runClientCommand(["status", "--url", server.url, "--token", "toString", "--json"], io)).toBe(0);
  });
});
