/**
 * The mistakes of a new user's first hour, each answered by one line that names the fix (issue 26): the
 * command line's verbs, flags, variables and help, and the library's constructors. In process, against a
 * standalone mock on a free port.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClientCommand } from "../../src/cli/commands.js";
import { createClient } from "../../src/index.js";
import { createMockControl, createMockCore } from "../../mocks/index.js";
import { createMockHandlers } from "../../mocks/msw.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { closedPort } from "../server/harness.js";

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, scenario: "steady", auth: { tokens: { "admin-token": "admin" } } });
});
afterAll(() => server.close());

/** Runs a client command in process; its exit code and output. */
async function cli(args: readonly string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), isTTY: false };
  const code = await runClientCommand(args, io, { env });
  return { code, stdout, stderr };
}

describe("the command line", () => {
  it.each([
    [["statsu"], 'unknown command statsu. Did you mean "status"?'],
    [["repositories", "lst"], 'unknown subcommand repositories lst: use list, view, upload. Did you mean "list"?'],
    [["status", "--jsn"], "unknown option --jsn. Did you mean --json?"],
    [["status", "--token", ""], "--token got an empty value: is the shell variable you passed set?"],
  ])("answers %j with what to type", async (args, message) => {
    const result = await cli(args);
    expect(result.stderr.split("\n")[0]).toBe(`system-update: ${message}`);
    expect(result.code).toBe(2);
  });

  it("reads OXIDE_HOST and OXIDE_TOKEN as the Oxide CLI does, after its own variables", async () => {
    const oxide = await cli(["status", "--json"], { OXIDE_HOST: server.url, OXIDE_TOKEN: "admin-token" });
    expect(oxide.stderr).toBe("");
    expect(oxide.code).toBe(0);
    const ours = await cli(["status"], { SYSTEM_UPDATE_URL: server.url, OXIDE_HOST: "http://127.0.0.1:9", OXIDE_TOKEN: "admin-token" });
    expect(ours.code).toBe(0);
    const tokenOrder = await cli(["status"], { OXIDE_HOST: server.url, SYSTEM_UPDATE_TOKEN: "wrong", OXIDE_TOKEN: "admin-token" });
    expect(tokenOrder.code).toBe(1);
  });

  it("gives each verb its own --help", async () => {
    const result = await cli(["repositories", "upload", "--help"]);
    expect(result.stdout.split("\n").slice(0, 3)).toEqual([
      "Usage: system-update repositories upload <file.zip>",
      "",
      "upload a TUF repository archive (make one: repositories build)",
    ]);
    expect(result.code).toBe(0);
  });

  it("explains a 404 from an API version that lacks the operation", async () => {
    const args = ["recovery-finish", "--system-version", "1.0.0", "--api-version", "2026021301.0.0", "--url", server.url];
    const result = await cli([...args, "--token", "admin-token"]);
    expect(result.stderr).toBe(
      "error: Not Found (404)\nhint: recovery-finish is not in API version 2026021301.0.0: it arrived in 2026022500.0.0; " +
        "pass --api-version 2026022500.0.0 or later, or leave --api-version out\n",
    );
    expect(result.code).toBe(1);
  });

  it("explains a 404 from a --url with /v1 on it", async () => {
    const result = await cli(["status", "--url", `${server.url}/v1`, "--token", "admin-token"]);
    expect(result.stderr.split("\n")[1]).toBe(
      `hint: no such endpoint under ${server.url}/v1: --url is the API's base URL, without /v1 (e.g. ${server.url})`,
    );
  });

  it("adds no hint to a 404 that names what is missing", async () => {
    const result = await cli(["repositories", "view", "9.9.9", "--url", server.url, "--token", "admin-token"]);
    expect(result.stderr).not.toContain("hint:");
    expect(result.code).toBe(1);
  });
});

describe("the library", () => {
  it("createClient without a baseUrl says so", () => {
    expect(() => createClient({} as never)).toThrow(
      'createClient: baseUrl is required, e.g. createClient({ baseUrl: "https://oxide.sys.example.com" })',
    );
  });

  it("createMockHandlers with a baseUrl that has no scheme says what to write", () => {
    expect(() => createMockHandlers({ baseUrl: "rack.test" })).toThrow(
      'createMockHandlers: baseUrl "rack.test" has no scheme: write "http://rack.test" (or a path such as "/api")',
    );
  });

  it("createMockControl with no mock running says where it looked", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(createMockControl({ baseUrl: url }).getState()).rejects.toThrow(
      new RegExp(
        `^createMockControl: cannot reach the mock at ${url.replace(/\./g, "\\.")} \\(.*ECONNREFUSED.*\\): is "system-update mock" running there\\?$`,
      ),
    );
  });

  it("a misspelt scenario in process is answered with the closest name and the list", () => {
    expect(() => createMockCore().reset("stedy")).toThrow(
      'not found: scenario with id "stedy"; did you mean "steady"? (scenarios: factory, steady, update-in-progress, mupdate-waiting, single-sled-mupdate-converted, contact-support)',
    );
  });
});
