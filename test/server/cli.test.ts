/**
 * The client commands of `system-update` (a real process) against the standalone mock (in-process): output, `--json`,
 * upstream's message and exit 1 on refusal, exit 1 when nothing answers, exit 2 on usage errors.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildRepositoryArchive, createMockControl, seedRootRole, type MockControl } from "../../mocks/index.js";
import { allOn } from "../support/states.js";
import { startMock, type MockCommand } from "../support/mock-command.js";
import { closedPort, runCli, tempDir, writeJson } from "./harness.js";

const RELEASE_19 = "19.0.0-0.ci+git44ac79d168b";
/** A file that is surely there and surely not JSON. */
const THIS_FILE = fileURLToPath(import.meta.url);
const RELEASE_20 = "20.0.0-0.local+git553e6c0886a";
const RELEASE_21 = "21.0.0-0.ci+git8f3e2d1c0ba";

let server: MockCommand;
let control: MockControl;
beforeAll(async () => {
  server = await startMock();
  control = createMockControl({ baseUrl: server.url });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await control.reset("steady");
});

const cli = (...args: string[]) => runCli([...args, "--url", server.url]);

describe("status", () => {
  it("--json prints the body", async () => {
    const result = await cli("status", "--json");
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ target_release: { version: RELEASE_20 }, suspended: false, contact_support: false });
    expect(Object.keys(status).sort()).toEqual([
      "components_by_release_version",
      "contact_support",
      "suspended",
      "target_release",
      "time_last_step_planned",
    ]);
  }, 20_000);

  it("prints a short table by default", async () => {
    const result = await cli("status");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^target release +${RELEASE_20.replace(/[.+]/g, "\\$&")} \\(requested `, "m"));
    expect(result.stdout).toMatch(/^suspended +no$/m);
    expect(result.stdout).toMatch(/^contact support +no$/m);
    expect(result.stdout).toContain("components by release version:");
  }, 20_000);

  it("--api-version is sent: an old version has no contact_support, a newer one than the server's is refused", async () => {
    const old = await cli("status", "--json", "--api-version", "2026021301.0.0");
    expect(old.code).toBe(0);
    expect(JSON.parse(old.stdout)).not.toHaveProperty("contact_support");
    const newer = await cli("status", "--api-version", "2099010100.0.0");
    expect(newer.code).toBe(1);
    expect(newer.stderr).toBe("error: server does not support this API version: 2099010100.0.0 (400)\n");
  }, 20_000);

  it("SYSTEM_UPDATE_URL is the default URL", async () => {
    const result = await runCli(["status", "--json"], { env: { SYSTEM_UPDATE_URL: server.url } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty("suspended", false);
  }, 20_000);
});

describe("target-release update and recovery-finish", () => {
  it("an accepted update prints one line and exits 0", async () => {
    const result = await cli("target-release", "update", "--system-version", RELEASE_21);
    expect(result).toEqual({ code: 0, stdout: `target release set to ${RELEASE_21}\n`, stderr: "" });
    expect((await control.getState()).target_release.version).toBe(RELEASE_21);
  }, 20_000);

  it("a refusal prints upstream's message on stderr and exits 1", async () => {
    await control.reset("update-in-progress");
    const result = await cli("target-release", "update", "--system-version", "22.0.0");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("error: Target release cannot be changed: a previous update is still in progress (400 InvalidRequest)\n");
  }, 20_000);

  it("a refusal with --json is still a refusal", async () => {
    const result = await cli("target-release", "update", "--system-version", RELEASE_19, "--json");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: Target release cannot be changed: cannot downgrade: requested target release version ${RELEASE_19} is older than current target release version ${RELEASE_20} (400 InvalidRequest)\n`,
    );
  }, 20_000);

  it("recovery-finish after a mupdate", async () => {
    await control.reset("mupdate-waiting");
    const wrong = await cli("recovery-finish", "--system-version", "1.0.0");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: not found: tuf-repo with id "1\.0\.0" \(404 ObjectNotFound\)\n$/);
    const result = await cli("recovery-finish", "--system-version", RELEASE_21);
    expect(result).toEqual({ code: 0, stdout: `recovery finished: target release set to ${RELEASE_21}\n`, stderr: "" });
  }, 20_000);

  it("--token is sent as a bearer token", async () => {
    const file = writeJson(tempDir(), "auth.json", { tokens: { "viewer-token": "viewer" } });
    const authed = await startMock(["--auth", file]);
    try {
      const anonymous = await runCli(["status", "--url", authed.url]);
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr).toBe("error: credentials missing or invalid (401 Unauthorized)\n");
      expect((await runCli(["status", "--url", authed.url, "--token", "viewer-token"])).code).toBe(0);
      const fromEnv = await runCli(["status", "--url", authed.url], { env: { SYSTEM_UPDATE_TOKEN: "viewer-token" } });
      expect(fromEnv.code).toBe(0);
    } finally {
      await authed.stop();
    }
  }, 30_000);
});

describe("repositories", () => {
  it("list (every page), as a table and as JSON", async () => {
    await control.setState(allOn("1.0.0", { uploaded: ["1.0.0", "2.0.0", "3.0.0"] }));
    const json = await cli("repositories", "list", "--json", "--limit", "1", "--sort-by", "version_ascending");
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { system_version: string }[]).map((r) => r.system_version)).toEqual(["1.0.0", "2.0.0", "3.0.0"]);
    const table = await cli("repo", "list");
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^SYSTEM VERSION +FILE NAME +CREATED +SHA-256$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(["3.0.0", "2.0.0", "1.0.0"]);
  }, 20_000);

  it("view, and a missing one", async () => {
    const found = await cli("repositories", "view", RELEASE_21, "--json");
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ system_version: RELEASE_21 });
    const missing = await cli("repositories", "view", "--system-version", "9.9.9");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: not found: tuf-repo with id "9.9.9" (404 ObjectNotFound)\n');
  }, 20_000);

  it("upload reads the file and names it by its basename", async () => {
    const file = join(tempDir(), "my-repo-22.zip");
    writeFileSync(file, await buildRepositoryArchive({ systemVersion: "22.0.0" }));
    const first = await cli("repositories", "upload", file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^uploaded: 22\.0\.0 \(my-repo-22\.zip, sha-256 [0-9a-f]{64}\)\n$/);
    const again = await cli("repositories", "upload", file, "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: "already_exists",
      repo: { system_version: "22.0.0", file_name: "my-repo-22.zip" },
    });
  }, 20_000);

  it("upload of a file that is not a zip: upstream's message, exit 1", async () => {
    const file = join(tempDir(), "not-a-zip.zip");
    writeFileSync(file, "hello");
    const result = await cli("repositories", "upload", file);
    expect(result.code).toBe(1);
    // Upstream's message is an error chain: the top-level text, then its causes.
    expect(result.stderr).toMatch(/^error: failed to read end of central directory of zip archive\nCaused by:\n[^]* \(400\)\n$/);
  }, 20_000);
});

describe("trust-roots", () => {
  const ROOT_ROLE = seedRootRole();
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it("create from a file, list, view, delete: as text and as JSON", async () => {
    // A mock rack starts with one trust root (so uploads work out of the box).
    const seeded = (JSON.parse((await cli("trust-roots", "list", "--json")).stdout) as { id: string }[]).map((root) => root.id);
    expect(seeded).toEqual([expect.stringMatching(UUID)]);
    const file = writeJson(tempDir(), "root.json", ROOT_ROLE);
    const created = await cli("trust-roots", "create", file);
    expect(created.code).toBe(0);
    const id = /^created trust root (\S+)\n$/.exec(created.stdout)?.[1] ?? "";
    expect(id).toMatch(UUID);
    const second = await cli("trust-root", "create", file, "--json");
    expect(second.code).toBe(0);
    const secondRoot = JSON.parse(second.stdout) as { id: string; root_role: unknown; time_created: string };
    expect(secondRoot).toEqual({ id: expect.stringMatching(UUID), root_role: ROOT_ROLE, time_created: expect.any(String) });

    const all = [...seeded, id, secondRoot.id].sort();
    const listed = await cli("trust-roots", "list", "--json", "--limit", "1");
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((root) => root.id)).toEqual(all);
    const table = await cli("trust-roots", "list");
    expect(table.stdout.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^ID +CREATED$/),
      ...all.map((rootId) => expect.stringMatching(new RegExp(`^${rootId} +\\d{4}-\\d\\d-\\d\\dT`))),
    ]);

    const viewed = await cli("trust-roots", "view", id);
    expect(viewed.code).toBe(0);
    expect(viewed.stdout).toMatch(new RegExp(`^id +${id}\ncreated +\\S+\nroot role:\n`));
    // The root role as JSON, indented (keys in the server's order).
    const printedRole = viewed.stdout.slice(viewed.stdout.indexOf("root role:\n") + "root role:\n".length);
    expect(printedRole).toMatch(/^\{\n  "/);
    expect(JSON.parse(printedRole)).toEqual(ROOT_ROLE);
    expect(JSON.parse((await cli("trust-roots", "view", id, "--json")).stdout)).toMatchObject({ id, root_role: ROOT_ROLE });

    expect(await cli("trust-roots", "delete", id)).toEqual({ code: 0, stdout: `deleted trust root ${id}\n`, stderr: "" });
    expect(await cli("trust-roots", "delete", secondRoot.id, "--json")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await cli("trust-roots", "delete", seeded[0] ?? "")).code).toBe(0);
    expect(await cli("trust-roots", "list")).toEqual({ code: 0, stdout: "no trust roots\n", stderr: "" });
  }, 30_000);

  it("a missing or malformed id: the server's message, exit 1", async () => {
    const missing = "00000000-0000-4000-8000-00000000beef";
    const gone = await cli("trust-roots", "view", missing);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(new RegExp(`^error: not found: .*${missing}.* \\(404 ObjectNotFound\\)\n$`));
    const bad = await cli("trust-roots", "delete", "not-a-uuid");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: bad parameter in URL path: UUID parsing failed: invalid character: found `n` at 1 \(400\)\n$/);
  }, 20_000);

  it("only a fleet admin may add one: 403, exit 1", async () => {
    const authed = await startMock(["--auth", writeJson(tempDir(), "auth.json", { tokens: { viewer: "viewer" } })]);
    try {
      const file = writeJson(tempDir(), "root.json", ROOT_ROLE);
      const result = await runCli(["trust-roots", "create", file, "--url", authed.url, "--token", "viewer"]);
      expect(result).toEqual({ code: 1, stdout: "", stderr: "error: Forbidden (403 Forbidden)\n" });
    } finally {
      await authed.stop();
    }
  }, 30_000);
});

describe("failures and usage", () => {
  it("nothing listening: a clear message and exit 1", async () => {
    const port = await closedPort();
    const result = await runCli(["status", "--url", `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: cannot reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  }, 20_000);

  it.each<[string, string[], RegExp]>([
    ["no system version", ["target-release", "update"], /--system-version <v> is required/],
    ["an unknown command", ["frobnicate"], /unknown command frobnicate/],
    ["an unknown subcommand", ["repositories", "delete"], /unknown subcommand repositories delete: use list, view, upload/],
    ["a flag of another command", ["status", "--system-version", "1.0.0"], /status takes no --system-version/],
    ["an unknown flag", ["status", "--verbose"], /unknown option --verbose/],
    ["a bad URL", ["status", "--url", "localhost:12220"], /--url must be an http\(s\) URL/],
    ["a bad limit", ["repositories", "list", "--limit", "0"], /--limit must be between 1 and 10000/],
    ["a bad sort", ["repositories", "list", "--sort-by", "newest"], /--sort-by must be one of version_ascending, version_descending/],
    ["a missing file", ["repositories", "upload", "/nonexistent/repo.zip"], /cannot read \/nonexistent\/repo.zip/],
    ["no trust root id", ["trust-roots", "view"], /give the id: trust-roots view <id>/],
    ["no root role file", ["trust-roots", "create"], /give the root.json: trust-roots create <root.json>/],
    ["a root role file that is not JSON", ["trust-roots", "create", THIS_FILE], /cli\.test\.ts is not JSON: /],
    [
      "an unknown trust-roots subcommand",
      ["trust-roots", "upload"],
      /unknown subcommand trust-roots upload: use list, view, create, delete/,
    ],
    ["a flag trust-roots list does not take", ["trust-roots", "list", "--sort-by", "id_ascending"], /trust-roots list takes no --sort-by/],
  ])(
    "usage error, exit 2: %s",
    async (_name, args, message) => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    },
    20_000,
  );

  it("--help, help and --version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const verb of ["mock", "diff", "target-release update", "recovery-finish", "status", "repositories list", "trust-roots create"])
      expect(help.stdout).toContain(verb);
    const mockHelp = await runCli(["help", "mock"]);
    expect(mockHelp.stdout).toContain("--advance-every");
    const version = await runCli(["--version"]);
    expect(version).toEqual({ code: 0, stdout: "system-update 0.1.0\n", stderr: "" });
  }, 20_000);
});
