/**
 * The stdout of a running mock, as lines (a child process's or an in-process command's: both arrive in
 * chunks), with a bounded wait for a line that fails at once when no more output can come.
 */
export class LineLog {
  /** Every complete line so far (startup line, one line per request, shutdown). */
  readonly lines: string[] = [];
  private partial = "";
  private ended: string | undefined;
  private readonly waiters = new Set<() => void>();

  /** @param context what to add to a failed wait's message (stderr, say) */
  constructor(private readonly context: () => string = () => "") {}

  write(chunk: string): void {
    this.partial += chunk;
    const parts = this.partial.split("\n");
    this.partial = parts.pop() ?? "";
    this.lines.push(...parts);
    this.wake();
  }

  /** No more output will come (the process exited, the command returned), for this reason. */
  end(reason: string): void {
    this.ended ??= reason;
    this.wake();
  }

  /** Resolves with the first line that matches; rejects after `timeoutMs` or once the output has ended without one. */
  waitForLine(match: RegExp, timeoutMs = 10_000): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        reject(new Error(`${why}; stdout:\n${this.lines.join("\n")}\n${this.context()}`));
      };
      const check = () => {
        const found = this.lines.find((line) => match.test(line));
        if (found !== undefined) {
          cleanup();
          resolve(found);
        } else if (this.ended !== undefined) fail(`${this.ended} before printing ${match}`);
      };
      const timer = setTimeout(() => fail(`no line matching ${match} within ${timeoutMs} ms`), timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The startup line of `system-update mock`, and the URL in it. */
export const STARTUP_LINE = /^system-update mock listening on (http:\/\/\S+) \(/;
