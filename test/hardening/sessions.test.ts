/**
 * Sessions are bounded: a refused request never creates one (only the default session exists from the
 * start), the store keeps at most `maxSessions` (the least recently used goes), and the planner clock leaves
 * settled racks alone.
 */
import { describe, expect, it } from "vitest";
import { createMockCore } from "../../mocks/core/mock.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";

const send = (core: ReturnType<typeof createMockCore>, method: string, url: string, headers: Record<string, string>, body?: string) =>
  core.handle({ method, url, headers: headersFrom(headers), body: body === undefined ? null : new TextEncoder().encode(body) });

describe("a refused request", () => {
  it("creates no session, whatever refused it", async () => {
    const core = createMockCore({ auth: { tokens: { admin: "admin" } }, limits: { maxJsonBodyBytes: 64 } });
    const refusals: [string, string, Record<string, string>, string?][] = [
      ["GET", "/v1/system/update/status", {}], // 401
      ["GET", "/v1/system/update/status", { "api-version": "2099010100.0.0" }], // 400 api-version
      ["GET", "/v1/system/update/nothing", {}], // 404
      ["POST", "/v1/system/update/status", {}], // 405
      ["PUT", "/v1/system/update/target-release", { authorization: "Bearer admin" }, "{}"], // 400 body
      ["PUT", "/v1/system/update/target-release", { authorization: "Bearer admin" }, `{"x":"${"a".repeat(100)}"}`], // over the cap
      ["PUT", "/v1/system/update/target-release", { authorization: "Bearer admin" }, '{"system_version":"99.0.0"}'], // 404 repo
      ["POST", "/__mock/reset", {}, '{"scenario":"nope"}'], // control: closed with auth on and no token
    ];
    for (const [i, [method, url, headers, body]] of refusals.entries()) {
      const answer = await send(core, method, url, { ...headers, "x-mock-session": `refused-${i}` }, body);
      expect(answer.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
    }
    expect(core.sessionNames()).toEqual(["default"]);
    // An accepted request creates its session.
    expect((await send(core, "GET", "/v1/system/update/status", { authorization: "Bearer admin", "x-mock-session": "kept" })).status).toBe(
      200,
    );
    expect(core.sessionNames()).toEqual(["default", "kept"]);
  });

  it("creates none after 10,000 refusals with new names, while the default session keeps working", async () => {
    const core = createMockCore({ auth: { tokens: { admin: "admin" } } });
    for (let i = 0; i < 10_000; i++) await send(core, "GET", "/v1/system/update/status", { "x-mock-session": `flood-${i}` });
    expect(core.sessionNames()).toEqual(["default"]);
    expect((await send(core, "GET", "/v1/system/update/status", { authorization: "Bearer admin" })).status).toBe(200);
  });
});

describe("the session cap (maxSessions, --max-sessions)", () => {
  it("evicts the least recently used session when a new one would go over it", async () => {
    const core = createMockCore({ scenario: "steady", limits: { maxSessions: 3 } });
    for (const name of ["a", "b", "c"]) core.reset("factory", name);
    // Using "a" makes "b" the least recently used.
    expect((await send(core, "GET", "/v1/system/update/status", { "x-mock-session": "a" })).status).toBe(200);
    core.reset("factory", "d");
    expect(core.sessionNames().sort()).toEqual(["a", "c", "d"]);
    // "b" comes back as a new rack from the starting scenario, not as it was.
    expect(core.getState("b").target_release.version).not.toBeNull();
    expect(core.sessionNames()).toHaveLength(3);
  });
});

describe("the planner clock", () => {
  it("moves racks that can move and leaves settled ones as they are", async () => {
    const core = createMockCore({ scenario: "steady" });
    core.reset("update-in-progress", "moving");
    core.reset("steady", "still");
    const still = core.getState("still");
    const moving = core.getState("moving");
    await core.tick();
    expect(core.getState("still")).toEqual(still);
    expect(core.getState("moving")).not.toEqual(moving);
    // Until the moving rack settles too; then ticks change nothing anywhere.
    for (let i = 0; i < 100; i++) await core.tick();
    const settled = core.getState("moving");
    await core.tick();
    expect(core.getState("moving")).toEqual(settled);
    expect(core.advance({ steps: 1 }, "moving")).toEqual({ steps: 0, settled: true });
  });
});
