/**
 * Headless Chromium for browser tests, with nothing downloaded: the binary ships brotli-compressed inside
 * the npm package `@sparticuz/chromium` and playwright-core drives it.
 *
 * `useChromium()` launches one browser per test file (beforeAll) and closes it (afterAll), then checks that
 * no Chromium process of ours is left. Each `newPage()` is a fresh browser context whose console errors
 * and uncaught page errors are recorded, so tests can assert there were none.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { TestRunner, afterAll, beforeAll } from "vitest";
import { binariesRunHere, binariesSkipNote } from "./platform.js";
import { repoRoot } from "./repo-root.js";
import { PROCESS_START_MS } from "./timeouts.js";

/**
 * Our own flags, not the package's `chromium.args`: those are for AWS Lambda and include
 * `--disable-web-security`, which would hide CORS failures. Without the background-networking flags
 * Chromium keeps dialling Google's hosts, which this machine's closed network refuses.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--no-zygote",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const PACKAGE_ENTRY = createRequire(import.meta.url).resolve("@sparticuz/chromium");
const PACKAGE_DIR = path.resolve(path.dirname(PACKAGE_ENTRY), "..");

/**
 * Runs the package's own extraction in a child process whose TMPDIR is `into`: the package always extracts
 * to `os.tmpdir()`, and a private directory keeps concurrent test files from reading a half-written
 * `/tmp/chromium`. `executablePath()` writes the binary (and fonts, SwiftShader); the libraries it needs
 * beyond glibc (NSS, NSPR, expat: al2023.tar.br, which the package unpacks only on AWS) are unpacked too,
 * so Chromium needs none of the host's. The package declares Node ^22.17 || >=24, but this streams
 * brotli and tar and works on Node 20 as well.
 */
async function extractInto(into: string): Promise<string> {
  const entry = JSON.stringify(pathToFileURL(PACKAGE_ENTRY).href);
  const libraries = JSON.stringify(path.join(PACKAGE_DIR, "bin", "al2023.tar.br"));
  const script = `import c, { inflate } from ${entry};
    const executable = await c.executablePath();
    await inflate(${libraries});
    process.stdout.write(executable);`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, TMPDIR: into },
  });
  return stdout;
}

/**
 * Extracts once per package version into node_modules/.cache (emptied by `npm ci`, so never stale): into a
 * staging directory first, then renamed into place, so a reader sees a whole extraction or none.
 */
async function extractChromium(): Promise<string> {
  const version = (JSON.parse(readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string }).version;
  const cacheParent = path.join(repoRoot, "node_modules", ".cache");
  const cacheDir = path.join(cacheParent, `sparticuz-chromium-${version}`);
  const executable = path.join(cacheDir, "chromium");
  if (existsSync(executable)) return executable;
  await mkdir(cacheParent, { recursive: true });
  const staging = await mkdtemp(path.join(cacheParent, `sparticuz-chromium-${version}.staging-`));
  try {
    const extracted = await extractInto(staging);
    if (extracted !== path.join(staging, "chromium")) throw new Error(`@sparticuz/chromium extracted to ${extracted}, not into ${staging}`);
    // Another test file may have won the race: its extraction is as good as ours.
    await rename(staging, cacheDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return executable;
}

let executablePromise: Promise<string> | undefined;

const CHROMIUM_SKIP_NOTE = binariesSkipNote("headless Chromium (@sparticuz/chromium)");

/** The path of the extracted Chromium binary (extracting it on first use). */
export function chromiumExecutable(): Promise<string> {
  if (!binariesRunHere()) skipRunningTest(CHROMIUM_SKIP_NOTE);
  executablePromise ??= extractChromium();
  return executablePromise;
}

/** This environment, with the libraries shipped beside the binary found first. */
function chromiumEnv(executable: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  const shipped = path.join(path.dirname(executable), "al2023", "lib");
  env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${shipped}:${env.LD_LIBRARY_PATH}` : shipped;
  return env;
}

/** `extraArgs`: flags a test needs besides ours, such as `--host-resolver-rules` for a rebinding test. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executable = await chromiumExecutable();
  return chromium.launch({
    executablePath: executable,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
    env: chromiumEnv(executable),
  });
}

/** PIDs of this process's descendants running `executable` (Linux: read from /proc). */
export function chromiumDescendants(executable: string): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // Fields after the parenthesised command name: state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const pending = [process.pid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const child of children.get(pid) ?? []) {
      pending.push(child);
      try {
        if (readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0")[0] === executable) found.push(child);
      } catch {
        // exited while we looked
      }
    }
  }
  return found;
}

/** A page in its own browser context, with what went wrong in it recorded (tests may empty the lists). */
export interface WatchedPage {
  readonly page: Page;
  /** Console errors of the page and its service workers (`console error: ...`) and uncaught exceptions (`page error: ...`). */
  readonly errors: string[];
  /**
   * Chromium's own console line for each answer with an error status (`Failed to load resource: the server
   * responded with a status of 404 (Not Found)`): a report of an HTTP status, which tests of error answers
   * provoke on purpose, so kept apart from `errors`. Network failures (`net::ERR_...`) stay in `errors`.
   */
  readonly errorStatusLoads: string[];
}

const ERROR_STATUS_LOAD = /^Failed to load resource: the server responded with a status of \d{3}\b/;

export interface ChromiumSession {
  newPage(): Promise<WatchedPage>;
}

/**
 * Launches Chromium for the calling test file; closes it after the file, and fails the file if any of it
 * lingers. Where the binary cannot run (not linux-x64), every test of the file is skipped with a note, or
 * with `{ wholeFile: false }` only the tests that open a page (for a file where Chromium is one test).
 * Call it before the file's own hooks, which then run only where Chromium does.
 */
export function useChromium(options: { wholeFile?: boolean; args?: readonly string[] } = {}): ChromiumSession {
  const runsHere = binariesRunHere();
  let browser: Browser | undefined;
  // The hook's first argument is vitest's fixture context (it must be a destructuring pattern); the second, the file.
  beforeAll(async ({}, file) => {
    if (runsHere) browser = await launchChromium(options.args);
    else if (options.wholeFile !== false) skipFile(file, CHROMIUM_SKIP_NOTE);
  }, PROCESS_START_MS);
  afterAll(async () => {
    if (!runsHere) return;
    await browser?.close();
    const executable = await chromiumExecutable();
    const left = chromiumDescendants(executable);
    if (left.length === 0) return;
    for (const pid of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    throw new Error(`Chromium processes were left after close (now killed): ${left.join(", ")}`);
  }, PROCESS_START_MS);
  return {
    async newPage() {
      if (!runsHere) skipRunningTest(CHROMIUM_SKIP_NOTE);
      if (!browser) throw new Error("newPage() before the browser was launched (call it from a test or a hook)");
      const context = await browser.newContext();
      const page = await context.newPage();
      const watched: WatchedPage = { page, errors: [], errorStatusLoads: [] };
      // The context's console: the page's and its service workers' (MSW's worker among them); the page's alone has no workers'.
      context.on("console", (message) => {
        if (message.type() !== "error") return;
        if (ERROR_STATUS_LOAD.test(message.text())) watched.errorStatusLoads.push(message.text());
        else watched.errors.push(`console error: ${message.text()}`);
      });
      page.on("pageerror", (error) => watched.errors.push(`page error: ${error.message}`));
      return watched;
    },
  };
}

interface TaskTree {
  readonly type: string;
  readonly tasks?: readonly TaskTree[];
  readonly context?: { skip(note?: string): never };
}

/**
 * From a file's `beforeAll`: skips every test of the file with `note`. Vitest has no "skip this file" call
 * for hooks, but a test's `context.skip` thrown from `beforeAll` does it: the runner reports each test as
 * skipped and runs neither the file's later `beforeAll` hooks nor any test.
 */
function skipFile(file: unknown, note: string): void {
  const pending = [...((file as TaskTree).tasks ?? [])];
  for (let task = pending.shift(); task !== undefined; task = pending.shift()) {
    if (task.type === "test" && task.context) task.context.skip(note);
    pending.unshift(...(task.tasks ?? []));
  }
}

/** Skips the running test with `note` (vitest's `context.skip`); outside a test, throws `note`. */
function skipRunningTest(note: string): never {
  const test = TestRunner.getCurrentTest();
  if (test) test.context.skip(note);
  throw new Error(note);
}
