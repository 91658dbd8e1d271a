/**
 * Scenario walks through the typed client against the MSW handlers (issue: the mock rack), each a
 * story an operator or a UI lives through, checked at every step against what upstream would answer.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildRepositoryArchive } from "../../mocks/index.js";
import { createClient } from "../../src/index.js";
import { createValidatedMockHandlers } from "../support/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";

const BASE = "http://walks.test";
const R19 = "19.0.0-0.ci+git44ac79d168b";
const R20 = "20.0.0-0.local+git553e6c0886a";
const R21 = "21.0.0-0.ci+git8f3e2d1c0ba";
const P = "Target release cannot be changed: ";

// Every answer is also checked against the spec of the requested version (test/support/msw.ts).
const { handlers, mock } = createValidatedMockHandlers({ baseUrl: BASE });
const server = setupServer(...handlers);
beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => server.close());
beforeEach(() => mock.reset());

const client = createClient({ baseUrl: BASE });
const status = () => client.throwing.getStatus();
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
async function refusal(call: Promise<{ error?: { message: string } | undefined }>): Promise<string | undefined> {
  return (await call).error?.message;
}

describe("walks", () => {
  it("factory: the first target release is the factory release, and the rack settles on it", async () => {
    const before = await status();
    expect(before).toMatchObject({ target_release: null, suspended: true });
    expect(Object.keys(before.components_by_release_version)).toEqual(expect.arrayContaining(["install dataset"]));

    await client.throwing.setTargetRelease(R19);
    expect((await status()).suspended).toBe(false);
    expect(mock.advance({ until: "settled" }).settled).toBe(true);

    const after = await status();
    expect(after.target_release?.version).toBe(R19);
    expect(Object.keys(after.components_by_release_version)).toEqual([R19]);
    expect(total(after.components_by_release_version)).toBe(total(before.components_by_release_version));
  });

  it("an update moves one component per planner step, and blocks a further update until it is planned", async () => {
    await client.throwing.setTargetRelease(R19);
    mock.advance({ until: "settled" });
    const components = total((await status()).components_by_release_version);

    await client.throwing.setTargetRelease(R20);
    let moved = 0;
    for (;;) {
      const counts = (await status()).components_by_release_version;
      expect(total(counts)).toBe(components);
      expect((counts[R20] ?? 0) + (counts[R19] ?? 0)).toBe(components);
      expect(counts[R20] ?? 0).toBe(moved);
      if (moved < components) {
        expect(await refusal(client.setTargetRelease(R21))).toBe(`${P}a previous update is still in progress`);
        expect(await refusal(client.finishRecovery(R20))).toBe(`${P}no evidence a mupdate has occurred - recovery not needed`);
      }
      const { steps } = mock.advance({ steps: 1 });
      if (steps === 0) break;
      moved += 1;
    }
    expect(moved).toBe(components);
    expect(await status()).toMatchObject({ suspended: false, components_by_release_version: { [R20]: components } });
    // Planned to the end: the next update may start (its repository is not uploaded, so 404 after validation).
    expect((await client.setTargetRelease(R21)).error?.message).toBe(`not found: tuf-repo with id "${R21}"`);
  });

  it("a whole-rack mupdate to an untargeted release: refused for update, recovery to the wrong version keeps waiting, the right one converts", async () => {
    mock.reset("steady");
    expect((await client.throwing.viewRepository(R21)).system_version).toBe(R21);

    mock.mupdate({ version: R21, sleds: "all" });
    // The planner has not looked yet: nothing shows in the blueprint.
    expect((await status()).suspended).toBe(false);
    mock.advance({ steps: 1 });
    expect((await status()).suspended).toBe(true);
    expect(await refusal(client.setTargetRelease(R21))).toBe(
      `${P}a support-driven recovery (mupdate) has occurred and must be cleared first`,
    );

    // Wrong version: accepted (there is evidence) but nothing converts; the rack keeps waiting.
    await client.throwing.finishRecovery(R20);
    mock.advance({ until: "settled" });
    const waiting = await status();
    expect(waiting.suspended).toBe(false);
    expect(Object.keys(waiting.components_by_release_version)).toContain("install dataset");
    expect(await refusal(client.setTargetRelease(R21))).toBe(
      `${P}a support-driven recovery (mupdate) has occurred and must be cleared first`,
    );

    // The right version: converted without reinstalling.
    await client.throwing.finishRecovery(R21);
    mock.advance({ until: "settled" });
    const recovered = await status();
    expect(recovered).toMatchObject({ suspended: false, target_release: { version: R21 } });
    expect(Object.keys(recovered.components_by_release_version)).toEqual([R21]);
    expect(await refusal(client.finishRecovery(R21))).toBe(`${P}no evidence a mupdate has occurred - recovery not needed`);
  });

  it("a single sled mupdated to the current release: only recovery to the current release is accepted", async () => {
    mock.reset("single-sled-mupdate-converted");
    const before = await status();
    expect(before.suspended).toBe(true);
    const current = before.target_release?.version as string;
    const message = await refusal(client.finishRecovery(R21));
    expect(message).toMatch(
      new RegExp(
        `^${P}mupdate recovery required, but specified version ${R21.replace(/[.+]/g, "\\$&")} does not match the version of components deployed on sled [0-9a-f-]{36} \\(version ${current.replace(/[.+]/g, "\\$&")}\\)$`,
      ),
    );
    await client.throwing.finishRecovery(current);
    expect((await status()).suspended).toBe(false);
  });

  it("a new release is uploaded, listed, viewed, and becomes the target", async () => {
    mock.reset("steady");
    const R22 = "21.1.0-0.ci+git0c1d2e3f4a5";
    const archive = await buildRepositoryArchive({ systemVersion: R22 });
    const uploaded = await client.throwing.uploadRepository(`repo-${R22}.zip`, archive);
    expect(uploaded).toMatchObject({ status: "inserted", repo: { system_version: R22, file_name: `repo-${R22}.zip` } });
    expect((await client.throwing.uploadRepository("again.zip", archive)).status).toBe("already_exists");
    const listed = [];
    for await (const page of client.repositoryPages({ limit: 2 })) listed.push(...page.items.map((repo) => repo.system_version));
    expect(listed[0]).toBe(R22);
    expect((await client.throwing.viewRepository(R22)).hash).toBe(uploaded.repo.hash);
    await client.throwing.setTargetRelease(R22);
    expect((await status()).target_release?.version).toBe(R22);
  });

  it("every built-in scenario answers status and settles through the endpoints", async () => {
    for (const { name } of mock.scenarios()) {
      const control = await fetch(`${BASE}/__mock/reset`, { method: "POST", body: JSON.stringify({ scenario: name }) });
      expect(control.status, name).toBe(204);
      const answer = await client.getStatus();
      expect(answer.error, name).toBeUndefined();
      const advanced = (await (await fetch(`${BASE}/__mock/advance`, { method: "POST", body: '{"until":"settled"}' })).json()) as {
        settled: boolean;
      };
      expect(advanced.settled, name).toBe(true);
      expect((await client.getStatus()).error, name).toBeUndefined();
    }
  });
});

describe("sessions", () => {
  it("two x-mock-session names never see each other's state", async () => {
    const alice = createClient({ baseUrl: BASE, headers: { "x-mock-session": "alice" } });
    const bob = createClient({ baseUrl: BASE, headers: { "x-mock-session": "bob" } });
    await alice.throwing.setTargetRelease(R19);
    expect((await alice.throwing.getStatus()).target_release?.version).toBe(R19);
    expect((await bob.throwing.getStatus()).target_release).toBeNull();
    expect((await client.throwing.getStatus()).target_release).toBeNull();
    mock.reset("steady", "bob");
    expect((await bob.throwing.getStatus()).target_release?.version).toBe(R20);
    expect((await alice.throwing.getStatus()).target_release?.version).toBe(R19);
    expect(mock.getState("alice").target_release.generation).toBe(2);
  });
});
