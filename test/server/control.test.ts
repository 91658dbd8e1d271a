/**
 * The `/__mock/` control endpoints (docs/design.md, "Control endpoints") and `x-mock-session` isolation on the standalone
 * server process, driven with `createMockControl` and the typed client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/index.js";
import { MockControlRequestError, SCENARIOS, createMockControl } from "../../mocks/index.js";
import { allOn } from "../support/states.js";
import { startMock, type MockCommand } from "../support/mock-command.js";

const RELEASE_20 = "20.0.0-0.local+git553e6c0886a";
const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";

let server: MockCommand;
beforeAll(async () => {
  server = await startMock();
});
afterAll(async () => {
  await server?.stop();
});

/** Every test gets its own session: the tests share one server, as parallel suites would. */
let sessionCount = 0;
function session() {
  const name = `control-${++sessionCount}`;
  return {
    name,
    control: createMockControl({ baseUrl: server.url, session: name }),
    client: createClient({ baseUrl: server.url, headers: { "x-mock-session": name } }),
  };
}

async function controlError(action: Promise<unknown>): Promise<MockControlRequestError> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MockControlRequestError);
  return error as MockControlRequestError;
}

describe("state", () => {
  it("GET returns the starting scenario (factory) with every default written out", async () => {
    const { control } = session();
    const state = await control.getState();
    expect(state.target_release).toEqual({ generation: 1, version: null, time_requested: null, previous_version: null });
    expect(state.target_release_minimum_generation).toBe(2);
    expect(state.sleds.length).toBeGreaterThanOrEqual(4);
    expect(state.flags).toEqual({ contact_support: false });
  });

  it("PUT replaces the state (defaults filled in) and the API serves it", async () => {
    const { control, client } = session();
    await control.setState(allOn("1.0.0", { uploaded: ["1.0.0", "2.0.0"] }));
    const state = await control.getState();
    expect(state.target_release.version).toBe("1.0.0");
    expect(state.sleds[0]?.components).toBeDefined();
    expect((await client.throwing.getStatus()).target_release?.version).toBe("1.0.0");
    await client.throwing.setTargetRelease("2.0.0");
    expect((await control.getState()).target_release).toMatchObject({ generation: 3, version: "2.0.0" });
  });

  it("PUT of an invalid document answers 400 naming the first bad field and leaves the state alone", async () => {
    const { control } = session();
    await control.setState(allOn("1.0.0"));
    const before = await control.getState();
    const bad = { ...allOn("1.0.0"), target_release: { generation: 0, version: "1.0.0", time_requested: null } };
    const error = await controlError(control.setState(bad));
    expect(error.status).toBe(400);
    expect(error.message).toBe("invalid rack state: target_release.generation must be an integer >= 1");
    expect(await control.getState()).toEqual(before);
  });

  it("PUT with a body that is not JSON answers 400 and leaves the state alone", async () => {
    const { name, control } = session();
    const before = await control.getState();
    const response = await fetch(`${server.url}/__mock/state`, {
      method: "PUT",
      body: "{not json",
      headers: { "x-mock-session": name, "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^invalid JSON body: /);
    expect(await control.getState()).toEqual(before);
  });
});

describe("scenarios and reset", () => {
  it("lists the built-in scenarios with descriptions", async () => {
    const scenarios = await session().control.scenarios();
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "factory",
        "steady",
        "update-in-progress",
        "mupdate-waiting",
        "single-sled-mupdate-converted",
        "contact-support",
      ]),
    );
    for (const scenario of scenarios) expect(scenario.description.length).toBeGreaterThan(10);
  });

  it("reset loads a scenario, and without a body the starting one", async () => {
    const { control, client } = session();
    await control.reset("steady");
    expect((await control.getState()).target_release.version).toBe(RELEASE_20);
    await control.reset("contact-support");
    expect((await client.throwing.getStatus()).contact_support).toBe(true);
    await control.reset();
    expect((await control.getState()).target_release.version).toBeNull();
  });

  it("reset to an unknown scenario answers 404 and leaves the state alone", async () => {
    const { control } = session();
    await control.reset("steady");
    const before = await control.getState();
    const error = await controlError(control.reset("no-such-scenario"));
    expect(error.status).toBe(404);
    expect(error.message).toBe(`not found: scenario with id "no-such-scenario" (scenarios: ${SCENARIOS.map((s) => s.name).join(", ")})`);
    expect(await control.getState()).toEqual(before);
  });

  it("a misspelt scenario is answered with the closest name", async () => {
    const error = await controlError(session().control.reset("stedy"));
    expect(error.message).toMatch(/^not found: scenario with id "stedy"; did you mean "steady"\? \(scenarios: factory, steady, /);
  });

  it("unknown control paths answer 404, wrong methods 405 with Allow", async () => {
    const missing = await fetch(`${server.url}/__mock/nope`);
    expect(missing.status).toBe(404);
    const wrong = await fetch(`${server.url}/__mock/scenarios`, { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expect(wrong.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("mupdate and advance", () => {
  it("a mupdate changes the sleds, the planner notices on the next step, recovery then clears it", async () => {
    const { control, client } = session();
    await control.reset("steady");
    await control.mupdate({ version: RELEASE_21, sleds: "all" });
    const mupdated = await control.getState();
    for (const sled of mupdated.sleds) {
      expect(sled.install_dataset).toBe(RELEASE_21);
      expect(sled.mupdate_override).toMatch(/^[0-9a-f-]{36}$/);
      expect(sled.remove_mupdate_override).toBeNull();
    }
    // The blueprint is untouched until a planner step: an update is still accepted-or-refused on the old plan.
    expect((await client.throwing.getStatus()).suspended).toBe(false);

    expect(await control.advance({ steps: 1 })).toEqual({ steps: 1, settled: false });
    const noticed = await control.getState();
    for (const sled of noticed.sleds) expect(sled.remove_mupdate_override).toBe(sled.mupdate_override);
    expect((await client.throwing.getStatus()).suspended).toBe(true);

    await client.throwing.finishRecovery(RELEASE_21);
    const settled = await control.advance({ until: "settled" });
    expect(settled.settled).toBe(true);
    expect(settled.steps).toBeGreaterThan(0);
    const status = await client.throwing.getStatus();
    expect(status.suspended).toBe(false);
    expect(status.components_by_release_version).toEqual({ [RELEASE_21]: expect.any(Number) as number });
  });

  it("advance by steps, then until settled; a settled rack takes no steps", async () => {
    const { control } = session();
    await control.reset("update-in-progress");
    expect(await control.advance({ steps: 2 })).toEqual({ steps: 2, settled: false });
    const rest = await control.advance({ until: "settled" });
    expect(rest.settled).toBe(true);
    expect(rest.steps).toBeGreaterThan(0);
    expect(await control.advance({ until: "settled" })).toEqual({ steps: 0, settled: true });
    expect(await control.advance()).toEqual({ steps: 0, settled: true });
  });

  it("bad control bodies answer 400 with a message", async () => {
    const { control } = session();
    expect((await controlError(control.mupdate({ version: "not-semver", sleds: "all" }))).status).toBe(400);
    const advance = await fetch(`${server.url}/__mock/advance`, {
      method: "POST",
      body: '{"steps":-1}',
      headers: { "content-type": "application/json" },
    });
    expect(advance.status).toBe(400);
    expect(((await advance.json()) as { message: string }).message).toBe("steps must be a non-negative integer");
  });
});

describe("sessions (x-mock-session)", () => {
  it("each name is its own rack, for the API and the control endpoints alike", async () => {
    const a = session();
    const b = session();
    await a.control.reset("steady");
    await b.control.setState(allOn("1.0.0", { uploaded: ["1.0.0", "2.0.0"] }));

    await a.client.throwing.setTargetRelease(RELEASE_21);
    expect((await a.control.getState()).target_release.version).toBe(RELEASE_21);
    expect((await b.control.getState()).target_release.version).toBe("1.0.0");
    expect((await b.client.throwing.getStatus()).target_release?.version).toBe("1.0.0");

    await b.control.mupdate({ version: "2.0.0", sleds: "all" });
    await b.control.advance({ until: "settled" });
    expect((await a.control.getState()).sleds.every((sled) => sled.mupdate_override === null)).toBe(true);
  });

  it("a new session starts from the starting scenario; no header is the session 'default'", async () => {
    const fresh = session();
    expect((await fresh.client.throwing.getStatus()).target_release).toBeNull();
    const named = createMockControl({ baseUrl: server.url, session: "default" });
    const unnamed = createMockControl({ baseUrl: server.url });
    await named.reset("steady");
    expect((await unnamed.getState()).target_release.version).toBe(RELEASE_20);
    await unnamed.reset();
    expect((await named.getState()).target_release.version).toBeNull();
  });
});

describe("GET /__mock/verdicts", () => {
  it("says what the rules would answer now to an update and to a recovery, in the API's words", async () => {
    const { startMockServer } = await import("../../mocks/server.js");
    const running = await startMockServer({ port: 0, scenario: "mupdate-waiting" });
    try {
      const control = createMockControl({ baseUrl: running.url });
      const verdicts = await control.verdicts("21.0.0-0.ci+git8f3e2d1c0ba");
      expect(verdicts).toEqual({
        version: "21.0.0-0.ci+git8f3e2d1c0ba",
        update: {
          status: 400,
          errorCode: "InvalidRequest",
          message: "Target release cannot be changed: a support-driven recovery (mupdate) has occurred and must be cleared first",
        },
        recover: { status: 204, errorCode: null, message: null },
      });
      expect((await control.verdicts("1.2")).update).toEqual({
        status: 400,
        errorCode: null,
        message: "unexpected end of input while parsing minor version number",
      });
      await expect(fetch(`${running.url}/__mock/verdicts`).then((r) => r.status)).resolves.toBe(400);
    } finally {
      await running.close();
    }
  });
});
