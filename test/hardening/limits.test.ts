/**
 * Every limit is enforced in the core, where it is stored or read, with a refusal in dropshot's error
 * shape that names the limit and its flag; nothing the API accepted can make a later request fail.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rackDocument } from "../../bench/racks.js";
import { createMockCore, type MockOptions } from "../../mocks/core/mock.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";
import { DEFAULT_LIMITS } from "../../mocks/core/protocol/limits.js";
import { buildRepositoryArchive } from "../../mocks/core/tuf/archive-build.js";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { createMockHandlers } from "../../mocks/msw.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { createClient } from "../../src/index.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { openRaw } from "../support/raw-http.js";

const over = (key: string, value: number, flag: string) =>
  `over the mock's limit ${key} of ${value} (raise it with ${flag} or the limits option)`;

async function ask(core: ReturnType<typeof createMockCore>, method: string, url: string, body?: string | Uint8Array) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : (body ?? null);
  const answer = await core.handle({ method, url, headers: headersFrom({ "content-type": "application/json" }), body: bytes });
  const parsed = answer.body?.startsWith("{") ? (JSON.parse(answer.body) as { message?: string; error_code?: string }) : {};
  return { message: parsed.message, error_code: parsed.error_code, status: answer.status };
}

describe("what a session may keep", () => {
  it("refuses a mupdate version over maxVersionLength before doing any work", async () => {
    const core = createMockCore({ scenario: "steady" });
    const version = `1.0.0-${"a".repeat(1000)}`;
    const answer = await ask(core, "POST", "/__mock/mupdate", JSON.stringify({ version, sleds: "all" }));
    expect(answer).toMatchObject({
      status: 400,
      message: `the version is 1006 characters long: ${over("maxVersionLength", 256, "--max-version-length")}`,
    });
    expect(() => core.mupdate({ version, sleds: "all" })).toThrow("maxVersionLength");
  });

  it("refuses a state document over maxSleds or with a version over maxVersionLength, and keeps the old state", async () => {
    const core = createMockCore({ scenario: "steady", limits: { maxSleds: 8 } });
    const before = core.getState();
    const big = await ask(core, "PUT", "/__mock/state", JSON.stringify(rackDocument(9)));
    expect(big).toMatchObject({ status: 400, message: `the rack has 9 sleds: ${over("maxSleds", 8, "--max-sleds")}` });
    const doc = rackDocument(2) as { sleds: { install_dataset: string }[] };
    (doc.sleds[1] as { install_dataset: string }).install_dataset = `2.0.0+${"b".repeat(300)}`;
    const long = await ask(core, "PUT", "/__mock/state", JSON.stringify(doc));
    expect(long).toMatchObject({
      status: 400,
      message: `sleds[1].install_dataset is 306 characters long: ${over("maxVersionLength", 256, "--max-version-length")}`,
    });
    expect(core.getState()).toEqual(before);
  });

  it("refuses a trust root once the session would keep more than maxStoredBytes; the list still answers", async () => {
    const core = createMockCore({ limits: { maxStoredBytes: 400_000 } });
    // Fields beside `signed` and `signatures` are ignored by `Signed<Root>`, and kept.
    const role = JSON.stringify({ ...seedRootRole(), padding: "x".repeat(100_000) });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await ask(core, "POST", "/v1/system/update/trust-roots", role)).status);
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    const refused = await ask(core, "POST", "/v1/system/update/trust-roots", role);
    expect(refused).toMatchObject({ status: 400, error_code: "InvalidRequest" });
    expect(refused.message).toMatch(
      /^the session would keep \d+ bytes: over the mock's limit maxStoredBytes of 400000 \(raise it with --max-stored-bytes/,
    );
    const list = await ask(core, "GET", "/v1/system/update/trust-roots");
    expect(list.status).toBe(200);
  });
});

describe("fault rules", () => {
  it("refuses a rule past maxFaultRules, through the endpoint and the method, and keeps the rules it has", async () => {
    const core = createMockCore({ scenario: "steady", limits: { maxFaultRules: 2 } });
    const rule = JSON.stringify({ operation: "system_update_status", kind: "http", status: 503 });
    expect((await ask(core, "POST", "/__mock/faults", rule)).status).toBe(201);
    expect((await ask(core, "POST", "/__mock/faults", rule)).status).toBe(201);
    expect(await ask(core, "POST", "/__mock/faults", rule)).toMatchObject({
      status: 400,
      message: `the session has 2 fault rules: ${over("maxFaultRules", 2, "--max-fault-rules")}`,
    });
    expect(() => core.addFault({ operation: "*", kind: "network" })).toThrow("maxFaultRules");
    expect(core.faults().map((f) => f.id)).toEqual(["f1", "f2"]);
    expect(DEFAULT_LIMITS.maxFaultRules).toBe(100);
  });
});

describe("uploads", () => {
  const admin = (core: ReturnType<typeof createMockCore>, archive: Uint8Array) =>
    ask(core, "PUT", "/v1/system/update/repositories?file_name=r.zip", archive);

  it("refuses TUF metadata larger than maxMetadataBytes, naming the file, before parsing it", async () => {
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    const refused = await admin(createMockCore({ limits: { maxMetadataBytes: 600 } }), archive);
    expect(refused).toMatchObject({
      status: 400,
      message: expect.stringMatching(
        /^the repository's timestamp\.json is \d+ bytes: over the mock's limit maxMetadataBytes of 600 \(raise it with --max-metadata-bytes/,
      ),
    });
  });

  it("refuses an archive with more entries than maxZipEntries, more artifacts than maxArtifacts, or that inflates past maxInflatedBytes", async () => {
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    const entries = await admin(createMockCore({ limits: { maxZipEntries: 5 } }), archive);
    expect(entries).toMatchObject({ status: 400 });
    expect(entries.message).toMatch(
      /^the zip archive has \d+ entries: over the mock's limit maxZipEntries of 5 \(raise it with --max-zip-entries/,
    );
    const artifacts = await admin(createMockCore({ limits: { maxArtifacts: 3 } }), archive);
    expect(artifacts).toMatchObject({
      status: 400,
      message: `the repository lists 14 artifacts: ${over("maxArtifacts", 3, "--max-artifacts")}`,
    });
    const inflated = await admin(createMockCore({ limits: { maxInflatedBytes: 100 } }), archive);
    expect(inflated.status).toBe(400);
    expect(inflated.message).toMatch(/^the zip archive's entries inflate to \d+ bytes: over the mock's limit maxInflatedBytes of 100/);
    expect((await admin(createMockCore(), archive)).status).toBe(200);
  });

  it("refuses a repository whose system version is over maxVersionLength", async () => {
    const archive = await buildRepositoryArchive({ systemVersion: `1.0.0-${"c".repeat(300)}` });
    const answer = await admin(createMockCore(), archive);
    expect(answer).toMatchObject({
      status: 400,
      error_code: "InvalidRequest",
      message: `the repository's system version is 306 characters long: ${over("maxVersionLength", 256, "--max-version-length")}`,
    });
  });

  it("refuses an upload past maxUploadsInFlight with 503 before its body, and frees the place when one ends or is abandoned", async () => {
    const core = createMockCore({ limits: { maxUploadsInFlight: 2 } });
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    const head = () => ({
      method: "PUT",
      url: "/v1/system/update/repositories?file_name=r.zip",
      headers: headersFrom({ "content-type": "application/octet-stream" }),
    });
    const first = core.receive(head());
    const second = core.receive(head());
    expect([first.kind, second.kind]).toEqual(["body", "body"]);
    const third = core.receive(head());
    if (third.kind !== "answer") throw new Error("expected the third upload refused");
    const refusal = await third.response;
    expect(refusal.status).toBe(503);
    expect(JSON.parse(refusal.body ?? "{}")).toMatchObject({
      error_code: "ServiceNotAvailable",
      message: `2 uploads are in flight: ${over("maxUploadsInFlight", 2, "--max-uploads-in-flight")}`,
    });
    // The client of the first went away; the second is answered: both places are free again.
    if (first.kind === "body") first.abandon();
    if (second.kind === "body") expect((await second.complete(archive)).status).toBe(200);
    const again = [core.receive(head()), core.receive(head())];
    expect(again.map((reception) => reception.kind)).toEqual(["body", "body"]);
    for (const reception of again) if (reception.kind === "body") reception.abandon();
  });

  it("frees the place of an upload whose client disconnects mid-body (standalone server)", async () => {
    const server = await startMockServer({ port: 0, limits: { maxUploadsInFlight: 1 } });
    try {
      const raw = await openRaw(server.port);
      await raw.write("PUT /v1/system/update/repositories?file_name=r.zip HTTP/1.1\r\nhost: localhost\r\ncontent-length: 1000\r\n\r\nPK");
      const busy = await createClient({ baseUrl: server.url }).uploadRepository("r.zip", new Uint8Array(10));
      expect(busy.error).toMatchObject({ status: 503, errorCode: "ServiceNotAvailable" });
      raw.destroy();
      const status = async () => {
        const { error } = await createClient({ baseUrl: server.url }).uploadRepository("r.zip", new Uint8Array(10));
        return error?.kind === "api" ? error.status : error?.kind;
      };
      await expect.poll(status).toBe(400); // not a zip: the upload got its place and was read
    } finally {
      await server.close();
    }
  });

  it("caps the upload at 256 MiB by default (upstream's 4 GiB at most)", () => {
    expect(DEFAULT_LIMITS.maxUploadBytes).toBe(256 * 1_048_576);
    expect(() => createMockCore({ limits: { maxUploadBytes: 4_294_967_297 } })).toThrow("at most upstream's 4294967296 bytes");
  });
});

describe("the request journal", () => {
  it("keeps the newest journalSize entries, and none when journalSize is 0", async () => {
    const small = createMockCore({ scenario: "steady", limits: { journalSize: 3 } });
    const off = createMockCore({ scenario: "steady", limits: { journalSize: 0 } });
    for (const core of [small, off]) {
      for (const version of ["1.0.0", "2.0.0", "3.0.0", "4.0.0"]) {
        await ask(core, "PUT", "/v1/system/update/target-release", JSON.stringify({ system_version: version }));
      }
    }
    expect(small.requests().map((entry) => entry.body)).toEqual(["2.0.0", "3.0.0", "4.0.0"].map((v) => ({ system_version: v })));
    // Numbered from the first request; after a clear, numbering goes on.
    expect(small.requests().map((entry) => entry.seq)).toEqual([2, 3, 4]);
    small.clearRequests();
    await ask(small, "PUT", "/v1/system/update/target-release", JSON.stringify({ system_version: "5.0.0" }));
    expect(small.requests().map((entry) => [entry.seq, entry.body])).toEqual([[5, { system_version: "5.0.0" }]]);
    expect(off.requests()).toEqual([]);
    expect(() => createMockCore({ limits: { journalSize: -1 } })).toThrow("limit journalSize must be a whole number >= 0, got -1");
  });
});

/** The same refusals from the MSW handlers and from the standalone server: the caps live in the core. */
describe("body caps are the core's, the same in both adapters", () => {
  const options: MockOptions = { limits: { maxControlBodyBytes: 1000, maxUploadBytes: 5000 } };

  async function oversized(url: string) {
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    expect(archive.byteLength).toBeGreaterThan(5000);
    const state = await fetch(`${url}/__mock/state`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rackDocument(2)),
    });
    const upload = await createClient({ baseUrl: url }).uploadRepository("r.zip", archive);
    return {
      state: [state.status, ((await state.json()) as { message: string }).message],
      upload: upload.error?.kind === "api" && [upload.error.status, upload.error.message],
    };
  }
  const expected = {
    state: [400, "request body exceeded maximum size of 1000 bytes"],
    upload: [400, "request body exceeded maximum size of 5000 bytes"],
  };

  describe("MSW", () => {
    const msw = setupServer(...createMockHandlers({ ...options, baseUrl: "http://caps.test" }).handlers);
    beforeAll(() => msw.listen(ERROR_ON_UNHANDLED));
    afterAll(() => msw.close());
    it("answers an oversized state document and an oversized upload with dropshot's cap refusal", async () => {
      expect(await oversized("http://caps.test")).toEqual(expected);
    });
  });

  describe("standalone server", () => {
    let server: RunningMockServer;
    beforeAll(async () => {
      server = await startMockServer({ ...options, port: 0 });
    });
    afterAll(() => server.close());
    it("answers them alike", async () => {
      expect(await oversized(server.url)).toEqual(expected);
    });
  });
});
