/**
 * Recording an upload as upstream's datastore does (`insert_impl`, nexus/db-queries/src/db/datastore/update.rs):
 * every comparison it makes, with its exact 409 texts, through the upload handler.
 */
import { describe, expect, it } from "vitest";
import type { MockResponse } from "../../mocks/core/protocol/message.js";
import type { Session } from "../../mocks/core/sessions/session.js";
import { insertRepository } from "../../mocks/core/simulator/repository-insert.js";
import type { StoredArtifact } from "../../mocks/core/simulator/state.js";
import { sha256Hex } from "../../mocks/core/tuf/sha256.js";
import { buildRepositoryArchive, type ArchiveArtifact } from "../../mocks/core/tuf/archive-build.js";
import { bodyOf, makeContext, makeSession, minimalState, trustRoot, uploadThrough } from "../support/context.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const SP = bytes("sp image, same bytes everywhere\n");
const HOST = bytes("host image\n");

const upload = (session: Session, archive: Uint8Array, at?: Date) =>
  uploadThrough(makeContext({ session, query: { file_name: "repo.zip" }, now: at }), archive);
const repo = (systemVersion: string, artifacts: ArchiveArtifact[]) => buildRepositoryArchive({ systemVersion, artifacts });
const messageOf = (response: MockResponse) => (bodyOf(response) as { message: string }).message;
const fresh = () => makeSession({ trustRoots: [trustRoot("0b7e1d27-6c0f-4b8e-9d6a-1f0c2b3a4d5e")] });

describe("an upload against the artifacts of every other repository", () => {
  it("refuses an artifact whose SHA-256 is recorded with another version (409, upstream's lines)", async () => {
    const session = fresh();
    expect((await upload(session, await repo("1.0.0", [{ name: "sp", kind: "gimlet_sp", version: "1.0.0", data: SP }]))).status).toBe(200);
    const before = session.state;
    const response = await upload(session, await repo("2.0.0", [{ name: "sp", kind: "gimlet_sp", version: "2.0.0", data: SP }]));
    expect(response.status).toBe(409);
    expect(bodyOf(response)).toMatchObject({ error_code: "Conflict" });
    const hash = await sha256Hex(SP);
    expect(messageOf(response)).toBe(
      "Uploaded artifacts don't match existing artifacts:\n" +
        `- Uploaded artifact with SHA-256 checksum ${hash} has length ${SP.length} and version 2.0.0, ` +
        `but existing artifact with SHA-256 checksum ${hash} has length ${SP.length} and version 1.0.0.\n`,
    );
    expect(session.state).toBe(before);
    // The refused upload left nothing behind: a valid one after it is inserted.
    const valid = await upload(session, await repo("2.0.0", [{ name: "sp", kind: "gimlet_sp", version: "1.0.0", data: SP }]));
    expect(valid.status).toBe(200);
    expect(bodyOf(valid)).toMatchObject({ status: "inserted" });
  });

  it("compares with pruned repositories too (upstream keeps their artifact rows)", async () => {
    const session = fresh();
    await upload(session, await repo("1.0.0", [{ name: "sp", kind: "gimlet_sp", version: "1.0.0", data: SP }]));
    session.state = { ...session.state, repositories: session.state.repositories.map((r) => ({ ...r, pruned: true })) };
    expect((await upload(session, await repo("2.0.0", [{ name: "sp", kind: "gimlet_sp", version: "2.0.0", data: SP }]))).status).toBe(409);
  });

  it("refuses one SHA-256 listed twice in the same upload with two versions", async () => {
    const session = fresh();
    const response = await upload(
      session,
      await repo("1.0.0", [
        { name: "a", kind: "gimlet_sp", version: "1.0.0", data: SP },
        { name: "b", kind: "psc_sp", version: "1.0.1", data: SP },
      ]),
    );
    expect(response.status).toBe(409);
    const lines = messageOf(response).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/has length \d+ and version 1\.0\.1, but existing artifact .* version 1\.0\.0\.$/);
  });

  it("lists every mismatch, one line each", async () => {
    const session = fresh();
    await upload(
      session,
      await repo("1.0.0", [
        { name: "sp", kind: "gimlet_sp", version: "1.0.0", data: SP },
        { name: "host", kind: "host", version: "1.0.0", data: HOST },
      ]),
    );
    const response = await upload(
      session,
      await repo("2.0.0", [
        { name: "sp", kind: "gimlet_sp", version: "2.0.0", data: SP },
        { name: "host", kind: "host", version: "2.0.0", data: HOST },
      ]),
    );
    expect(
      messageOf(response)
        .split("\n")
        .filter((line) => line.startsWith("- ")),
    ).toHaveLength(2);
  });

  it("accepts the same bytes under the same version in another repository, and other tags on them", async () => {
    const session = fresh();
    await upload(session, await repo("1.0.0", [{ name: "sp", kind: "gimlet_sp", version: "1.0.0", data: SP }]));
    const response = await upload(session, await repo("2.0.0", [{ name: "sp-again", kind: "psc_sp", version: "1.0.0", data: SP }]));
    expect(response.status).toBe(200);
  });
});

describe("an upload of a version already recorded", () => {
  const artifact = (version: string): StoredArtifact => ({ name: "sp", version, kind: "gimlet_sp", hash: "a".repeat(64), length: 3 });

  it("compares artifacts as a set (order and repeats do not matter), then the archive hash", () => {
    const state = minimalState({
      repositories: [
        {
          system_version: "1.0.0",
          file_name: "x.zip",
          hash: "b".repeat(64),
          time_created: "2026-01-01T00:00:00Z",
          artifacts: [artifact("1.0.0")],
        },
      ],
    });
    const same = insertRepository(
      state,
      { systemVersion: "1.0.0", fileName: "y.zip", hash: "b".repeat(64), artifacts: [artifact("1.0.0"), artifact("1.0.0")] },
      "2026-02-01T00:00:00Z",
    );
    expect(same).toMatchObject({
      ok: true,
      status: "already_exists",
      repository: { file_name: "x.zip", time_created: "2026-02-01T00:00:00Z" },
    });
    const other = insertRepository(
      state,
      { systemVersion: "1.0.0", fileName: "y.zip", hash: "c".repeat(64), artifacts: [artifact("1.0.1")] },
      "2026-02-01T00:00:00Z",
    );
    expect(other).toEqual({
      ok: false,
      message:
        "Uploaded repository with system version 1.0.0 does not have the same artifacts as existing repository with same system version",
    });
  });

  it("brings a pruned repository back, keeping its record", () => {
    const state = minimalState({
      repositories: [
        { system_version: "1.0.0", file_name: "x.zip", hash: "b".repeat(64), time_created: "2026-01-01T00:00:00Z", pruned: true },
      ],
    });
    const result = insertRepository(
      state,
      { systemVersion: "1.0.0", fileName: "y.zip", hash: "b".repeat(64), artifacts: [artifact("1.0.0")] },
      "2026-02-01T00:00:00Z",
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.status).toBe("already_exists");
    expect(result.state.repositories[0]).toEqual({
      system_version: "1.0.0",
      file_name: "x.zip",
      hash: "b".repeat(64),
      time_created: "2026-02-01T00:00:00Z",
      artifacts: [artifact("1.0.0")],
    });
  });
});
