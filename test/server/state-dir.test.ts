/**
 * `--state-dir` (mocks/node/state-dir.ts): racks kept across restarts, a corrupt file refused at start-up
 * and left alone, and a crash test: the server process is killed with SIGKILL in the middle of a burst of
 * changes, 20 times; each time the directory loads, and holds the last acknowledged change or one shortly
 * before it (within the write delay and one write).
 */
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { StateDirError } from "../../mocks/node/state-dir.js";
import { startMockServer } from "../../mocks/server.js";
import { runCli, startMockProcess, tempDir } from "./harness.js";

const JSON_BODY = { "content-type": "application/json" };

/** Support reinstalls `version` on every sled: the state document then names it. */
const mupdate = (url: string, version: string, session = "default") =>
  fetch(`${url}/__mock/mupdate`, {
    method: "POST",
    headers: { ...JSON_BODY, "x-mock-session": session },
    body: JSON.stringify({ version, sleds: "all" }),
  });

/** The k of the last `9.0.<k>` mupdate the state holds, or -1 for none. */
function mupdated(state: unknown): number {
  const found = [...JSON.stringify(state).matchAll(/"9\.0\.(\d+)"/g)].map((match) => Number(match[1]));
  return found.length === 0 ? -1 : Math.max(...found);
}

/** A state directory holding one session's rack after one change; its file's name. */
async function storedOnce(): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  const server = await startMockServer({ port: 0, stateDir: { dir, writeDelayMs: 10 } });
  await mupdate(server.url, "9.0.1");
  await server.close();
  const [file] = readdirSync(dir);
  if (file === undefined) throw new Error("no file written");
  return { dir, file };
}

describe("racks across restarts", () => {
  it("every session's rack is back after a restart; --fresh-state starts over", async () => {
    const dir = tempDir();
    const first = await startMockServer({ port: 0, stateDir: { dir, writeDelayMs: 10 } });
    expect((await mupdate(first.url, "9.0.1")).status).toBe(204);
    expect((await mupdate(first.url, "9.0.2", "other")).status).toBe(204);
    const before = { default: first.core.getState(), other: first.core.getState("other") };
    await first.close();

    const second = await startMockServer({ port: 0, stateDir: { dir } });
    expect(second.core.getState()).toEqual(before.default);
    expect(second.core.getState("other")).toEqual(before.other);
    await second.close();

    const fresh = await startMockServer({ port: 0, stateDir: { dir, fresh: true, writeDelayMs: 10 } });
    expect(mupdated(fresh.core.getState())).toBe(-1);
    await fresh.close();
    const third = await startMockServer({ port: 0, stateDir: { dir } });
    expect(mupdated(third.core.getState())).toBe(-1);
    await third.close();
  });

  it("a corrupt file stops the start-up, names itself and --fresh-state, and is left as it was", async () => {
    const { dir, file } = await storedOnce();
    const corrupt = readFileSync(path.join(dir, file), "utf8").slice(0, 100);
    writeFileSync(path.join(dir, file), corrupt);

    await expect(startMockServer({ port: 0, stateDir: { dir } })).rejects.toThrow(StateDirError);
    const result = await runCli(["mock", "--port", "0", "--state-dir", dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`system-update mock: --state-dir ${dir}: ${file} is not JSON (`);
    expect(result.stderr).toContain("it was left as it is. Move it away, or start from the scenario with --fresh-state");
    expect(readFileSync(path.join(dir, file), "utf8")).toBe(corrupt);
  });

  it("a file holding an invalid rack is refused the same way", async () => {
    const { dir, file } = await storedOnce();
    writeFileSync(path.join(dir, file), JSON.stringify({ session: "default", state: { sleds: "many" } }));
    await expect(startMockServer({ port: 0, stateDir: { dir } })).rejects.toThrow(/ holds no valid rack state: .*--fresh-state/);
  });
});

it("the devtools page says where the racks live", async () => {
  const dir = tempDir();
  const kept = await startMockServer({ port: 0, stateDir: { dir } });
  const memory = await startMockServer({ port: 0 });
  try {
    const config = async (url: string) => {
      const page = await (await fetch(`${url}/__mock/`, { headers: { accept: "text/html" } })).text();
      const block = /<script type="application\/json" id="devtools-config">(.*?)<\/script>/s.exec(page)?.[1] ?? "{}";
      return (JSON.parse(block) as { stateLives?: string }).stateLives;
    };
    expect(await config(kept.url)).toBe(`racks kept in ${dir} (--state-dir): a restart keeps them`);
    expect(await config(memory.url)).toBe("racks kept in the server's memory: a restart starts over (--state-dir keeps them)");
  } finally {
    await Promise.all([kept.close(), memory.close()]);
  }
});

describe("crash test", () => {
  const WRITE_DELAY_MS = 20;
  /** One write (temporary file, fsync, rename, directory fsync) on a loaded machine: generous. */
  const WRITE_SLACK_MS = 400;

  it("SIGKILL mid-burst, 20 times: the rack loads, at most the write delay behind the last acknowledged change", async () => {
    const lowerBounds: number[] = [];
    for (let run = 0; run < 20; run += 1) {
      const dir = tempDir();
      const mock = await startMockProcess(["--state-dir", dir, "--state-write-delay-ms", String(WRITE_DELAY_MS)]);
      const acknowledged: { k: number; at: number }[] = [];
      const burstLength = 10 + ((run * 7) % 20);
      let sent = 0;
      try {
        // Changes one after another; the kill lands while one is in flight.
        for (; sent < burstLength; sent += 1) {
          const answer = await mupdate(mock.url, `9.0.${sent}`);
          if (answer.status !== 204) throw new Error(`mupdate answered ${answer.status}`);
          acknowledged.push({ k: sent, at: Date.now() });
          // Paced, so the changes span several write delays and the lower bound below has teeth.
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        void mupdate(mock.url, `9.0.${sent}`).catch(() => undefined);
      } finally {
        mock.child.kill("SIGKILL");
      }
      const killedAt = Date.now();
      await new Promise((resolve) => mock.child.once("exit", resolve));

      const restarted = await startMockServer({ port: 0, stateDir: { dir } });
      const loaded = mupdated(restarted.core.getState());
      await restarted.close();
      // Never a change that was not sent; never older than what was acknowledged before the write window.
      const settledBefore = acknowledged.filter(({ at }) => at <= killedAt - WRITE_DELAY_MS - WRITE_SLACK_MS).at(-1)?.k ?? -1;
      expect(loaded, `run ${run}`).toBeLessThanOrEqual(sent);
      expect(loaded, `run ${run}`).toBeGreaterThanOrEqual(settledBefore);
      lowerBounds.push(settledBefore);
    }
    // The bursts are long enough that the lower bound held something to check.
    expect(lowerBounds.filter((k) => k > 0).length).toBeGreaterThan(10);
  }, 240_000);
});
