/**
 * `system-update mock ...args` run in the test's own process (the command's `runMockCommand`, which
 * starts `startMockServer` from mocks/server.ts): the same flags, startup line and request log as the
 * real command, without a Node start and a tsx load per server. Tests of the process itself (signals,
 * exit codes, the built CLI) use test/server/harness.ts.
 */
import { runMockCommand } from "../../mocks/cli/command.js";
import { EXIT_FAILURE } from "../../src/cli/args.js";
import { LineLog, STARTUP_LINE } from "./line-log.js";

/** A running mock command: where it listens and what it printed. */
export interface MockCommand {
  readonly url: string;
  readonly port: number;
  /** Every stdout line so far (startup line, one line per request, shutdown). */
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves once a stdout line matches (bounded). */
  waitForLine(match: RegExp, timeoutMs?: number): Promise<string>;
  /** Stops the server; resolves with the command's exit code. */
  stop(): Promise<{ code: number | null }>;
}

/** Starts `system-update mock --port 0 ...args` in-process and waits (bounded) for its startup line. */
export async function startMock(args: readonly string[] = [], timeoutMs = 20_000): Promise<MockCommand> {
  let stderr = "";
  const log = new LineLog(() => `stderr:\n${stderr}`);
  let requestStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (requestStop = resolve));
  const io = { stdout: (text: string) => log.write(text), stderr: (text: string) => void (stderr += text), isTTY: false };
  const exit = runMockCommand(["--port", "0", ...args], io, { stopped }).catch((error: unknown) => {
    // What bin/system-update.ts does with a throw: a message and exit 1.
    stderr += `system-update: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
    return EXIT_FAILURE;
  });
  void exit.then((code) => log.end(`mock exited (code ${code})`));
  const stop = async () => {
    requestStop();
    return { code: await exit };
  };

  let startup: string;
  try {
    startup = await log.waitForLine(STARTUP_LINE, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = STARTUP_LINE.exec(startup)?.[1] ?? "";
  return {
    url,
    port: Number(new URL(url).port),
    lines: log.lines,
    stderr: () => stderr,
    waitForLine: (match, wait) => log.waitForLine(match, wait),
    stop,
  };
}

/**
 * Runs `system-update mock ...args` in-process where it returns at once (usage errors, `--help`):
 * its exit code and output. Were it to start a server, it stops it at once (and answers 0).
 */
export async function runMockOnce(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), isTTY: false };
  const code = await runMockCommand(args, io, { stopped: Promise.resolve() });
  return { code, stdout, stderr };
}
