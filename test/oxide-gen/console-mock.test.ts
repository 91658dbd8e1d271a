// A drop-in for the Oxide console's mock: the handler list Oxide's generator makes (`makeHandlers`, the
// console's shape) with ours in front, the caller's fleet role read from the console's `msw-user` cookie
// (the `identity` option), driven through the generated client as the console's page drives it. Ours
// answer `/v1/system/update/*`, bad input included; every other path reaches the handlers after them.
// `makeHandlers` alone shows why ours go first: it answers bad input itself, not as the server does.
import { http, HttpResponse, type HttpHandler } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { FleetRole } from "../../mocks/index.js";
import { createMockHandlers } from "../../mocks/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { CallTally, checkSchema } from "./golden-client.js";
import type { ConsoleHandlers, GeneratedResult } from "./sdk.js";
import { generateEveryVersion } from "./versions.js";

// The console's pages fetch origin-relative paths, and so do its handlers: MSW resolves them against the page.
const PAGE = "http://console.test";
Object.defineProperty(globalThis, "location", { value: new URL(`${PAGE}/`), configurable: true });

const latest = (await generateEveryVersion()).at(-1);
if (latest === undefined) throw new Error("no API version in the manifest");
const { sdk } = latest;

/** The console's users (its `msw-user` cookie) and their fleet roles. */
const FLEET_ROLES: ReadonlyMap<string, FleetRole> = new Map([
  ["Hannah Arendt", "admin"],
  ["Hans Jonas", "viewer"],
  ["Jacob Klein", "none"],
]);
function cookie(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, value] = pair.trim().split("=");
    if (key === name && value !== undefined) return decodeURIComponent(value);
  }
  return undefined;
}
const identity = (request: Request): FleetRole | undefined => {
  const user = cookie(request, "msw-user");
  return user === undefined ? undefined : FLEET_ROLES.get(user);
};

/** The console's own handlers for these operations: what it answers when ours are not in front. */
const consoleCalls: string[] = [];
const consoleAnswer = (name: string, answer: unknown) => (): unknown => {
  consoleCalls.push(name);
  return answer;
};
const consoleHandlers: ConsoleHandlers = {
  systemUpdateStatus: consoleAnswer("systemUpdateStatus", {
    components_by_release_version: { console: 1 },
    contact_support: false,
    suspended: false,
    target_release: null,
    time_last_step_planned: "2026-01-01T00:00:00Z",
  }),
  targetReleaseUpdate: consoleAnswer("targetReleaseUpdate", 204),
  systemUpdateRecoveryFinish: consoleAnswer("systemUpdateRecoveryFinish", 501),
  systemUpdateRepositoryList: consoleAnswer("systemUpdateRepositoryList", { items: [], next_page: null }),
  systemUpdateRepositoryUpload: consoleAnswer("systemUpdateRepositoryUpload", 501),
  systemUpdateRepositoryView: consoleAnswer("systemUpdateRepositoryView", 501),
  systemUpdateTrustRootList: consoleAnswer("systemUpdateTrustRootList", { items: [], next_page: null }),
  systemUpdateTrustRootCreate: consoleAnswer("systemUpdateTrustRootCreate", 501),
  systemUpdateTrustRootView: consoleAnswer("systemUpdateTrustRootView", 501),
  systemUpdateTrustRootDelete: consoleAnswer("systemUpdateTrustRootDelete", 204),
};
/** A console handler for the rest of its API, after the generated ones. */
const otherConsoleApi = http.get("/v1/me", () => HttpResponse.json({ display_name: "Hannah Arendt" }));

const as = (user?: string) =>
  new sdk.Api({ host: PAGE, ...(user !== undefined && { baseParams: { headers: { cookie: `msw-user=${encodeURIComponent(user)}` } } }) });
const putRaw = (path: string, body: string) =>
  fetch(`${PAGE}/v1/system/update/${path}`, {
    method: "PUT",
    body,
    headers: { "content-type": "application/json", cookie: "msw-user=Hannah%20Arendt" },
  });

/** An error answer's status and body as the generated client read it, its body checked with the generated `Error` schema. */
function errorOf(result: GeneratedResult, tally: CallTally) {
  if (result.type !== "error") throw new Error(`expected an error answer, got ${result.type} ${result.response.status}`);
  checkSchema(sdk, tally, "Error", result.data, "error");
  return { status: result.response.status, ...result.data };
}

function listen(handlers: readonly HttpHandler[]): void {
  const server = setupServer(...handlers);
  beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
  afterAll(() => server.close());
}

describe("ours in front of makeHandlers(...), the caller from the msw-user cookie", () => {
  const ours = createMockHandlers({ scenario: "steady", identity });
  listen([...ours.handlers, ...sdk.makeHandlers(consoleHandlers), otherConsoleApi]);
  const tally = new CallTally();
  beforeEach(() => {
    ours.mock.reset();
    consoleCalls.length = 0;
  });
  afterAll(() => expect(tally.problems).toEqual([]));

  it("answers valid requests from the rack, whoever the cookie names", async () => {
    const status = await as("Hannah Arendt").methods.systemUpdateStatus({});
    if (status.type !== "success") throw new Error(`status answered ${status.response.status}`);
    checkSchema(sdk, tally, "UpdateStatus", status.data, "status");
    expect(status.data).toMatchObject({ targetRelease: { version: ours.mock.getState().target_release.version } });

    const next = "21.0.0-0.ci+git8f3e2d1c0ba";
    const update = await as("Hannah Arendt").methods.targetReleaseUpdate({ body: { systemVersion: next } });
    expect(update.response.status).toBe(204);
    expect(ours.mock.getState().target_release.version).toBe(next);
    expect((await as("Hans Jonas").methods.systemUpdateStatus({})).response.status).toBe(200);
    expect(consoleCalls).toEqual([]);
    expect(ours.mock.requests().map((entry) => entry.role)).toEqual(["admin", "admin", "viewer"]);
  });

  it("refuses by the cookie's role, as upstream: 403 without a fleet role or for a viewer's change, 401 without a user", async () => {
    const forbidden = { status: 403, errorCode: "Forbidden", message: "Forbidden" };
    expect(
      errorOf(await as("Hans Jonas").methods.targetReleaseUpdate({ body: { systemVersion: "21.0.0-0.ci+git8f3e2d1c0ba" } }), tally),
    ).toMatchObject(forbidden);
    expect(errorOf(await as("Jacob Klein").methods.systemUpdateStatus({}), tally)).toMatchObject(forbidden);
    for (const nobody of [as(), as("Nobody Known")]) {
      expect(errorOf(await nobody.methods.systemUpdateStatus({}), tally)).toMatchObject({
        status: 401,
        errorCode: "Unauthorized",
        message: "credentials missing or invalid",
      });
    }
    expect(ours.mock.getState().target_release.version).not.toBe("21.0.0-0.ci+git8f3e2d1c0ba");
  });

  it("answers bad input as the server does, request_id included, before the role check", async () => {
    const badVersion = errorOf(await as("Hans Jonas").methods.targetReleaseUpdate({ body: { systemVersion: "1.2" } }), tally);
    expect(badVersion).toEqual({
      status: 400,
      requestId: expect.any(String),
      message: "unable to parse JSON body: system_version: unexpected end of input while parsing minor version number at line 1 column 23",
    });
    const badPath = errorOf(await as("Hannah Arendt").methods.systemUpdateTrustRootView({ path: { trustRootId: "not-a-uuid" } }), tally);
    expect(badPath).toMatchObject({ status: 400, requestId: expect.any(String) });
    expect(badPath.message).toMatch(/^bad parameter in URL path: /);
    const notJson = await putRaw("target-release", "not json");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      request_id: notJson.headers.get("x-request-id"),
      message: "unable to parse JSON body: expected ident at line 1 column 2",
    });
    expect(consoleCalls).toEqual([]);
  });

  it("leaves every other path to the handlers after it", async () => {
    const me = await fetch(`${PAGE}/v1/me`);
    expect(await me.json()).toEqual({ display_name: "Hannah Arendt" });
  });
});

describe("makeHandlers(...) alone: bad input is answered before any handler, not as the server does", () => {
  listen(sdk.makeHandlers(consoleHandlers));

  it("a bad body: a zod error without request_id; a bad path parameter: 404; a body that is not JSON: 500", async () => {
    const badVersion = await as("Hannah Arendt").methods.targetReleaseUpdate({ body: { systemVersion: "1.2" } });
    expect(badVersion.response.status).toBe(400);
    expect(badVersion.type === "error" && badVersion.data).toMatchObject({ message: expect.stringMatching(/^Zod error for body/) });
    expect(badVersion.type === "error" && badVersion.data.requestId).toBeUndefined();
    const badPath = await as("Hannah Arendt").methods.systemUpdateTrustRootView({ path: { trustRootId: "not-a-uuid" } });
    expect(badPath.response.status).toBe(404);
    // MSW logs the handler's exception (a JSON.parse SyntaxError) and answers 500 with its stack.
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const notJson = await putRaw("target-release", "not json");
      expect(notJson.status).toBe(500);
      expect(await notJson.text()).toContain("SyntaxError");
    } finally {
      logged.mockRestore();
    }
    expect(consoleCalls).toEqual([]);
  });
});

describe("an identity that names no fleet role", () => {
  const { handlers } = createMockHandlers({ baseUrl: "http://typo.test", identity: () => "superuser" as FleetRole });
  listen(handlers);

  it("is the app's mistake, said plainly with the roles it may name", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = await fetch("http://typo.test/v1/system/update/status");
      expect(response.status).toBe(500);
      expect(await response.text()).toContain(
        'createMockHandlers: identity returned \\"superuser\\"; expected \\"admin\\", \\"collaborator\\", \\"viewer\\", \\"none\\" or undefined',
      );
    } finally {
      logged.mockRestore();
    }
  });
});
