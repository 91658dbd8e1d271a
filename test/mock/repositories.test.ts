/** TUF repository archives, upload, list and view (docs/design.md, "Repositories"), called directly on a hand-built context. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodePageToken } from "../../mocks/core/dropshot/pagination.js";
import type { MockResponse } from "../../mocks/core/protocol/message.js";
import { listRepositories, versionSortKey, viewRepository } from "../../mocks/core/operations/repositories.js";
import type { Session } from "../../mocks/core/sessions/session.js";
import { buildRepositoryArchive } from "../../mocks/core/tuf/archive-build.js";
import { normalizeZipPath, readRepositoryArchive } from "../../mocks/core/tuf/archive-read.js";
import { EOCD_ERROR, readZip } from "../../mocks/core/tuf/zip-read.js";
import { writeZip } from "../../mocks/core/tuf/zip-write.js";
import { DEFAULT_LIMITS } from "../../mocks/core/protocol/limits.js";
import { FIXED_NOW, bodyOf, makeContext, makeSession, trustRoot, uploadThrough } from "../support/context.js";

const text = (s: string) => new TextEncoder().encode(s);
const readArchive = (bytes: Uint8Array) => readRepositoryArchive(bytes, DEFAULT_LIMITS, [ROOT.root_role]);
const readAll = (bytes: Uint8Array) => readZip(bytes, DEFAULT_LIMITS);
const ROOT = trustRoot("0b7e1d27-6c0f-4b8e-9d6a-1f0c2b3a4d5e");
const NOT_A_ZIP = `${EOCD_ERROR}\nCaused by:\n  -> Missing end of central directory`;

function sessionWithRoot(): Session {
  return makeSession({ trustRoots: [ROOT] });
}

async function upload(
  session: Session,
  body: Uint8Array,
  options: { fileName?: string; role?: "admin" | "viewer" | "collaborator" | "none"; at?: Date } = {},
) {
  const query = options.fileName === undefined ? { file_name: "repo.zip" } : { file_name: options.fileName };
  return uploadThrough(makeContext({ session, query, role: options.role, now: options.at }), body);
}

function errorOf(response: MockResponse) {
  const body = bodyOf(response) as { error_code?: string; message: string };
  return { status: response.status, error_code: body.error_code, message: body.message };
}

/** The same archive contents re-zipped with one extra file: same artifacts, another archive hash. */
async function withExtraFile(archive: Uint8Array): Promise<Uint8Array> {
  const zip = await readAll(archive);
  if (!zip.ok) throw new Error(zip.message);
  return writeZip([...zip.entries, { name: "repo/README.txt", data: text("extra") }]);
}

describe("repository archives", () => {
  it("builds deterministic, tufaceous-shaped archives and reads them back", async () => {
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    expect(await buildRepositoryArchive({ systemVersion: "1.0.0" })).toEqual(archive);
    const zip = await readAll(archive);
    if (!zip.ok) throw new Error(zip.message);
    const names = zip.entries.map((e) => e.name);
    expect(names.every((name) => name.startsWith("repo/"))).toBe(true);
    for (const file of ["1.root.json", "root.json", "1.targets.json", "1.snapshot.json", "timestamp.json"])
      expect(names).toContain(`repo/metadata/${file}`);
    expect(names.some((name) => /^repo\/targets\/[0-9a-f]{64}\.artifacts\.json$/.test(name))).toBe(true);

    const read = await readArchive(archive);
    if (!read.ok) throw new Error(read.message);
    expect(read.systemVersion).toBe("1.0.0");
    expect(read.hash).toBe(createHash("sha256").update(archive).digest("hex"));
    const names2 = read.artifacts.map((a) => a.name);
    for (const expected of ["host", "trampoline", "nexus", "crucible-zone", "oximeter", "gimlet_sp", "gimlet_rot"])
      expect(names2).toContain(expected);
  });

  it("lists custom artifacts with the hash and length of their target", async () => {
    const data = text("sp image bytes");
    const read = await readArchive(
      await buildRepositoryArchive({
        systemVersion: "2.0.0-rc.1+git1234",
        artifacts: [{ name: "gimlet_sp", version: "2.0.0", kind: "gimlet_sp", data }],
      }),
    );
    if (!read.ok) throw new Error(read.message);
    expect(read.systemVersion).toBe("2.0.0-rc.1+git1234");
    expect(read.artifacts).toEqual([
      {
        name: "gimlet_sp",
        version: "2.0.0",
        kind: "gimlet_sp",
        target: "gimlet_sp-2.0.0.zip",
        hash: createHash("sha256").update(data).digest("hex"),
        length: data.length,
      },
    ]);
  });

  it("reports a non-zip and a truncated zip as zip errors, with the cause chain", async () => {
    expect(await readArchive(text("hello"))).toEqual({ ok: false, status: 400, message: NOT_A_ZIP });
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    const truncated = await readArchive(archive.subarray(0, archive.length - 100));
    expect(truncated).toMatchObject({ ok: false, status: 400 });
  });

  it("reports a zip without the manifest as upstream's loader does", async () => {
    const zip = await buildRepositoryArchive({ systemVersion: "1.0.0", manifest: null });
    expect(await readArchive(zip)).toEqual({ ok: false, status: 400, message: "target artifacts-v2.json not found" });
  });

  it("requires a semver system_version in the manifest", async () => {
    const manifest = async (doc: unknown) =>
      readArchive(await buildRepositoryArchive({ systemVersion: "1.0.0", manifest: text(JSON.stringify(doc)) }));
    const bad = await manifest({ system_version: "1.2", artifacts: [] });
    expect(bad).toEqual({
      ok: false,
      status: 400,
      message: "failed to parse target artifacts.json\nCaused by:\n  -> unexpected end of input while parsing minor version number",
    });
    const missing = await manifest({ artifacts: [] });
    expect(missing.ok || missing.message).toBe("failed to parse target artifacts.json\nCaused by:\n  -> missing field `system_version`");
    const target = await manifest({
      system_version: "1.0.0",
      artifacts: [{ name: "host", version: "1.0.0", kind: "host", target: "host.tar.gz" }],
    });
    expect(target.ok || target.message).toBe("target host.tar.gz not found");
  });

  it("neutralizes path traversal the way rawzip normalizes paths", async () => {
    expect(normalizeZipPath("../../etc/passwd")).toBe("etc/passwd");
    expect(normalizeZipPath("/repo/targets/x")).toBe("repo/targets/x");
    expect(normalizeZipPath("repo/./targets//x")).toBe("repo/targets/x");
    expect(normalizeZipPath("C:\\repo\\x")).toBe("repo/x");
    expect(normalizeZipPath("repo/../../../secret")).toBe("secret");

    const manifest = text(JSON.stringify({ system_version: "1.0.0", artifacts: [] }));
    // A manifest that escapes `repo/` is never read ...
    const signed = await readAll(await buildRepositoryArchive({ systemVersion: "1.0.0", manifest: null }));
    if (!signed.ok) throw new Error(signed.message);
    const escaping = writeZip([...signed.entries, { name: `repo/targets/../../evil/${"b".repeat(64)}.artifacts.json`, data: manifest }]);
    expect(await readArchive(escaping)).toMatchObject({ ok: false, message: "target artifacts-v2.json not found" });
    // ... and hostile extra entries next to a good repository are simply ignored.
    const good = await readAll(await buildRepositoryArchive({ systemVersion: "1.0.0" }));
    if (!good.ok) throw new Error(good.message);
    const hostile = writeZip([...good.entries, { name: "../../etc/passwd", data: text("x") }, { name: "/abs/file", data: text("y") }]);
    expect(await readArchive(hostile)).toMatchObject({ ok: true, systemVersion: "1.0.0" });
  });
});

describe("PUT /v1/system/update/repositories", () => {
  it("inserts a new version, echoing the file name, in TufRepo's field order", async () => {
    const session = sessionWithRoot();
    const before = session.state;
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    const response = await upload(session, archive, { fileName: "my repo.zip" });
    expect(response.status).toBe(200);
    const hash = createHash("sha256").update(archive).digest("hex");
    expect(response.body).toBe(
      JSON.stringify({
        repo: { hash, system_version: "1.0.0", file_name: "my repo.zip", time_created: FIXED_NOW.toISOString() },
        status: "inserted",
      }),
    );
    expect(session.state).not.toBe(before);
    expect(before.repositories).toEqual([]);
    expect(session.state.repositories).toEqual([
      { system_version: "1.0.0", file_name: "my repo.zip", hash, time_created: FIXED_NOW.toISOString(), artifacts: expect.any(Array) },
    ]);
    expect(session.state.repositories[0]?.artifacts).toHaveLength(14);
  });

  it("answers already_exists for the same archive, renewing time_created and keeping the stored file name", async () => {
    const session = sessionWithRoot();
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    await upload(session, archive, { fileName: "first.zip" });
    const later = new Date("2026-08-21T00:00:00.000Z");
    const again = await upload(session, archive, { fileName: "second.zip", at: later });
    expect(again.status).toBe(200);
    expect(bodyOf(again)).toMatchObject({ repo: { file_name: "first.zip", time_created: later.toISOString() }, status: "already_exists" });
    expect(session.state.repositories).toHaveLength(1);
    expect(session.state.repositories[0]?.time_created).toBe(later.toISOString());
  });

  it("refuses the same version with other artifacts, then with another archive hash (409, exact texts)", async () => {
    const session = sessionWithRoot();
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    await upload(session, archive);
    const other = await buildRepositoryArchive({ systemVersion: "1.0.0", artifacts: [{ name: "host", version: "1.0.0", kind: "host" }] });
    expect(errorOf(await upload(session, other))).toEqual({
      status: 409,
      error_code: "Conflict",
      message:
        "Uploaded repository with system version 1.0.0 does not have the same artifacts as existing repository with same system version",
    });
    const repacked = await withExtraFile(archive);
    const a = createHash("sha256").update(repacked).digest("hex");
    const b = createHash("sha256").update(archive).digest("hex");
    expect(errorOf(await upload(session, repacked))).toEqual({
      status: 409,
      error_code: "Conflict",
      message: `Uploaded repository with system version 1.0.0 has SHA256 hash ${a}, but existing repository has SHA256 hash ${b}.`,
    });
  });

  it("compares only the hash when the stored repository's artifacts are unknown (seeded state)", async () => {
    const seeded = { system_version: "1.0.0", file_name: "seed.zip", hash: "c".repeat(64), time_created: "2026-08-01T00:00:00Z" };
    const session = makeSession({ state: { repositories: [seeded] }, trustRoots: [ROOT] });
    const response = await upload(session, await buildRepositoryArchive({ systemVersion: "1.0.0", artifacts: [] }));
    expect(errorOf(response).message).toMatch(
      /^Uploaded repository with system version 1\.0\.0 has SHA256 hash [0-9a-f]{64}, but existing repository has SHA256 hash c{64}\.$/,
    );
  });

  it("parses the query first: missing or repeated file_name", async () => {
    const session = sessionWithRoot();
    const missing = await uploadThrough(makeContext({ session }), new Uint8Array(0));
    expect(errorOf(missing)).toEqual({
      status: 400,
      error_code: undefined,
      message: "unable to parse query string: missing field `file_name`",
    });
    const twice = await uploadThrough(makeContext({ session, query: "file_name=a&file_name=b", role: "none" }), new Uint8Array(0));
    expect(errorOf(twice).message).toBe("unable to parse query string: duplicate field `file_name`");
  });

  it("opens the zip before looking at trust roots, and reads its contents after", async () => {
    const session = makeSession();
    expect(errorOf(await upload(session, text("not a zip")))).toEqual({ status: 400, error_code: undefined, message: NOT_A_ZIP });
    const noManifest = await buildRepositoryArchive({ systemVersion: "1.0.0", manifest: null });
    const noRoots = { status: 400, error_code: undefined, message: "no trust roots provided to load repository" };
    expect(errorOf(await upload(session, noManifest))).toEqual(noRoots);
    expect(errorOf(await upload(session, await buildRepositoryArchive({ systemVersion: "1.0.0" })))).toEqual(noRoots);
    expect(errorOf(await upload(sessionWithRoot(), noManifest)).message).toBe("target artifacts-v2.json not found");
  });

  it("answers viewers and collaborators 400 for a bad archive and 403 for a good one; no fleet role is 403 at once", async () => {
    const good = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    for (const role of ["viewer", "collaborator"] as const) {
      const session = sessionWithRoot();
      expect(errorOf(await upload(session, text("junk"), { role })).status).toBe(400);
      expect(errorOf(await upload(session, good, { role }))).toEqual({ status: 403, error_code: "Forbidden", message: "Forbidden" });
      expect(session.state.repositories).toEqual([]);
    }
    expect(errorOf(await upload(sessionWithRoot(), text("junk"), { role: "none" })).status).toBe(403);
  });
});

describe("GET /v1/system/update/repositories", () => {
  const seeded = (versions: string[]) =>
    makeSession({
      state: {
        repositories: versions.map((v) => ({
          system_version: v,
          file_name: `${v}.zip`,
          hash: "d".repeat(64),
          time_created: "2026-08-01T00:00:00Z",
        })),
      },
    });
  const list = (session: Session, query: string, role: "admin" | "viewer" | "none" = "admin") =>
    listRepositories(makeContext({ session, query, role }));
  const page = (response: MockResponse) => {
    expect(response.status).toBe(200);
    const body = bodyOf(response) as { next_page: string | null; items: { system_version: string }[] };
    return { versions: body.items.map((i) => i.system_version), next: body.next_page };
  };
  const decodeToken = (token: string) => JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;

  it("pages like the upstream integration test: newest first, ascending on request, tokens until an empty page", async () => {
    const session = makeSession({ trustRoots: [ROOT] });
    for (const v of ["1.0.0", "2.0.0", "3.0.0"]) await upload(session, await buildRepositoryArchive({ systemVersion: v }));
    expect(page(list(session, "")).versions).toEqual(["3.0.0", "2.0.0", "1.0.0"]);
    expect(page(list(session, "sort_by=version_ascending")).versions).toEqual(["1.0.0", "2.0.0", "3.0.0"]);
    const first = page(list(session, "limit=2", "viewer"));
    expect(first.versions).toEqual(["3.0.0", "2.0.0"]);
    expect(first.next).not.toBeNull();
    expect(decodeToken(first.next ?? "")).toEqual({ v: "v1", page_start: { sort_by: "version_descending", last_seen: "2.0.0" } });
    // The token carries the mode: a sort_by next to it is ignored.
    const second = page(list(session, `limit=2&sort_by=version_ascending&page_token=${first.next}`));
    expect(second.versions).toEqual(["1.0.0"]);
    expect(second.next).not.toBeNull();
    expect(page(list(session, `page_token=${second.next}`))).toEqual({ versions: [], next: null });
    expect(bodyOf(list(session, "limit=1")) as object).toHaveProperty("next_page");
    expect(Object.keys(bodyOf(list(session, "limit=1")) as object)).toEqual(["next_page", "items"]);
  });

  it("orders by the database's zero-padded text, build metadata included", () => {
    const session = seeded(["1.0.0-rc1", "10.0.0", "1.0.0+b", "9.0.0", "1.0.0"]);
    expect(page(list(session, "sort_by=version_ascending")).versions).toEqual(["1.0.0", "1.0.0+b", "1.0.0-rc1", "9.0.0", "10.0.0"]);
    expect(versionSortKey("1.2.3-rc.1+b")).toBe("00000001.00000002.00000003-rc.1+b");
  });

  it("validates limit: nonzero u32, larger ones clamped to 10000, checked before the token", () => {
    const session = seeded(["1.0.0", "2.0.0"]);
    const message = (q: string) => errorOf(list(session, q)).message;
    expect(message("limit=0")).toBe("unable to parse query string: invalid value: integer `0`, expected a nonzero u32");
    expect(message("limit=-1")).toBe("unable to parse query string: invalid digit found in string");
    expect(message("limit=1.5")).toBe("unable to parse query string: invalid digit found in string");
    expect(message("limit=")).toBe("unable to parse query string: cannot parse integer from empty string");
    expect(message("limit=4294967296")).toBe("unable to parse query string: number too large to fit in target type");
    expect(message("limit=1&limit=2")).toBe("unable to parse query string: duplicate field `limit`");
    expect(message("page_token=zzz&limit=0")).toBe("unable to parse query string: invalid value: integer `0`, expected a nonzero u32");
    expect(page(list(session, "limit=4294967295")).versions).toHaveLength(2);
    expect(page(list(session, "limit=%2B1")).versions).toEqual(["2.0.0"]);
  });

  it("refuses unknown sort modes in serde's words", () => {
    expect(errorOf(list(seeded([]), "sort_by=newest"))).toEqual({
      status: 400,
      error_code: undefined,
      message: "unable to parse query string: unknown variant `newest`, expected `version_ascending` or `version_descending`",
    });
  });

  it("refuses bad page tokens with dropshot's messages", () => {
    const session = seeded(["1.0.0"]);
    const message = (token: string) => errorOf(list(session, `page_token=${encodeURIComponent(token)}`)).message;
    const prefix = "unable to parse query string: failed to parse pagination token: ";
    const b64 = (s: string) =>
      Buffer.from(s)
        .toString("base64url")
        .padEnd(Math.ceil(Buffer.from(s).length / 3) * 4, "=");
    expect(message("not base 64")).toBe(`${prefix}Invalid symbol 32, offset 3.`);
    expect(message("q")).toBe(`${prefix}Invalid input length: 1`);
    expect(message("e30")).toBe(`${prefix}Invalid padding`);
    expect(message("e31=")).toBe(`${prefix}Invalid last symbol 49, offset 2.`);
    for (const json of [
      "{",
      "[]",
      "{}",
      '{"v":11}',
      '{"v":"v2","page_start":{"last_seen":"1.0.0"}}',
      '{"v":"v1","page_start":{"last_seen":"1.0"}}',
    ]) {
      expect(message(b64(json))).toBe(`${prefix}corrupted token`);
    }
    expect(message(b64('{"v":"v1","page_start":{"sort_by":"id_ascending","last_seen":"1.0.0"}}'))).toBe(`${prefix}corrupted token`);
    expect(message("A".repeat(513))).toBe(`${prefix}too large`);
    // A token without sort_by takes the default mode.
    expect(page(list(session, `page_token=${b64('{"v":"v1","page_start":{"last_seen":"2.0.0"}}')}`)).versions).toEqual(["1.0.0"]);
  });

  it("refuses callers without a fleet role, after parsing the query", () => {
    const session = seeded(["1.0.0"]);
    expect(errorOf(list(session, "", "none")).status).toBe(403);
    expect(errorOf(list(session, "limit=0", "none")).status).toBe(400);
  });

  it("would not hand out a token longer than 512 bytes (an internal error upstream)", () => {
    const long = `1.0.0+${"b".repeat(400)}`;
    expect(encodePageToken("version_descending", long)).toBeNull();
    expect(errorOf(list(seeded([long]), "")).status).toBe(500);
  });
});

describe("GET /v1/system/update/repositories/{system_version}", () => {
  const session = makeSession({
    state: {
      repositories: [{ system_version: "1.0.0+git1", file_name: "a.zip", hash: "e".repeat(64), time_created: "2026-08-01T00:00:00Z" }],
    },
  });
  const view = (version: string, role: "admin" | "viewer" | "none" = "viewer") =>
    viewRepository(makeContext({ session, pathParams: { system_version: version }, role }));

  it("finds the exact version, build metadata included", () => {
    const found = view("1.0.0+git1");
    expect(found.status).toBe(200);
    expect(found.body).toBe(
      JSON.stringify({ hash: "e".repeat(64), system_version: "1.0.0+git1", file_name: "a.zip", time_created: "2026-08-01T00:00:00Z" }),
    );
    expect(errorOf(view("1.0.0"))).toEqual({ status: 404, error_code: "ObjectNotFound", message: 'not found: tuf-repo with id "1.0.0"' });
  });

  it("refuses a path that is not a version with the semver crate's message", () => {
    expect(errorOf(view("abc"))).toEqual({
      status: 400,
      error_code: undefined,
      message: "bad parameter in URL path: unexpected character 'a' while parsing major version number",
    });
    expect(errorOf(view("1.2")).message).toBe("bad parameter in URL path: unexpected end of input while parsing minor version number");
    expect(errorOf(view("abc", "none")).status).toBe(400);
    expect(errorOf(view("1.0.0+git1", "none")).status).toBe(403);
  });
});
