/**
 * A request answers for the session that holds its result, even when the session was reset while the
 * request was in flight; and every state the API can produce reads back through `GET`/`PUT /__mock/state`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMockCore, type MockCore } from "../../mocks/core/mock.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";
import { RELEASE_19, RELEASE_20, RELEASE_21 } from "../../mocks/core/simulator/scenario-rack.js";
import { buildRepositoryArchive } from "../../mocks/core/tuf/archive-build.js";

async function call(core: MockCore, method: string, url: string, body?: string | Uint8Array) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : (body ?? null);
  const answer = await core.handle({ method, url, headers: headersFrom({ "content-type": "application/json" }), body: bytes });
  return {
    status: answer.status,
    json: answer.body?.startsWith("{") || answer.body?.startsWith("[") ? (JSON.parse(answer.body) as unknown) : undefined,
  };
}

describe("an upload racing a reset", () => {
  it("lands in the session that holds the name when it finishes, and its answer describes that rack", async () => {
    const core = createMockCore({ scenario: "steady" });
    // A target large enough that reading the archive takes several turns of the event loop.
    const big = new Uint8Array(8 * 1_048_576).map((_, i) => i & 0xff);
    const archive = await buildRepositoryArchive({
      systemVersion: "30.0.0",
      artifacts: [{ name: "host", version: "30.0.0", kind: "host", data: big }],
    });
    const upload = call(core, "PUT", "/v1/system/update/repositories?file_name=big.zip", archive);
    core.reset("factory");
    const answer = await upload;
    expect(answer).toMatchObject({ status: 200, json: { status: "inserted", repo: { system_version: "30.0.0", file_name: "big.zip" } } });
    const state = core.getState();
    expect(state.target_release.version).toBeNull(); // the factory rack, after the reset
    expect(state.repositories.map((repo) => repo.system_version)).toContain("30.0.0");
  });
});

describe("round trips through the state document", () => {
  const operation = fc.oneof(
    fc.record({
      kind: fc.constant("upload" as const),
      version: fc.constantFrom("22.0.0", "22.1.0-rc.1+b", "23.0.0"),
      fileName: fc.string({ maxLength: 12 }),
    }),
    fc.record({
      kind: fc.constantFrom("update" as const, "recover" as const),
      version: fc.constantFrom(RELEASE_19, RELEASE_20, RELEASE_21, "22.0.0", "23.0.0"),
    }),
    fc.record({ kind: fc.constant("mupdate" as const), version: fc.constantFrom(RELEASE_21, "22.0.0"), all: fc.boolean() }),
    fc.record({ kind: fc.constant("advance" as const), steps: fc.integer({ min: 1, max: 40 }) }),
    fc.record({
      kind: fc.constant("reset" as const),
      scenario: fc.constantFrom("factory", "steady", "update-in-progress", "mupdate-waiting"),
    }),
  );

  it("reads back every state a sequence of API and control requests makes", async () => {
    const archives = new Map<string, Uint8Array>();
    for (const version of ["22.0.0", "22.1.0-rc.1+b", "23.0.0"])
      archives.set(version, await buildRepositoryArchive({ systemVersion: version }));
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 12 }), async (operations) => {
        const core = createMockCore();
        for (const op of operations) {
          if (op.kind === "upload") {
            await call(
              core,
              "PUT",
              `/v1/system/update/repositories?file_name=${encodeURIComponent(op.fileName)}`,
              archives.get(op.version),
            );
          } else if (op.kind === "update" || op.kind === "recover") {
            const path = op.kind === "update" ? "target-release" : "recovery-finish";
            await call(core, "PUT", `/v1/system/update/${path}`, JSON.stringify({ system_version: op.version }));
          } else if (op.kind === "mupdate") {
            const sleds = op.all ? "all" : [core.getState().sleds[0]?.id];
            await call(core, "POST", "/__mock/mupdate", JSON.stringify({ version: op.version, sleds }));
          } else if (op.kind === "advance") {
            await call(core, "POST", "/__mock/advance", JSON.stringify({ steps: op.steps }));
          } else if (op.kind === "reset") {
            await call(core, "POST", "/__mock/reset", JSON.stringify({ scenario: op.scenario }));
          }
        }
        const written = await call(core, "GET", "/__mock/state");
        const put = await call(core, "PUT", "/__mock/state", JSON.stringify(written.json));
        expect(put.status, JSON.stringify(put.json)).toBe(204);
        expect((await call(core, "GET", "/__mock/state")).json).toEqual(written.json);
      }),
      { numRuns: 60 },
    );
  });
});
