/**
 * The Vite + React example (examples/vite-react): its production build holds no mock code, and in dev mode
 * in Chromium the app reads /api from MSW's worker, the floating panel shows and changes the same rack under
 * that base path, the app follows, and the console carries only the app's own requests.
 *
 * The example has its own package.json and lockfile (Vite, React), installed here once per lockfile.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useChromium } from "../support/chromium.js";
import { eventually, expectedGrid, gridOnPage } from "../devtools/panel.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/vite-react/", import.meta.url));
const VITE = path.join(EXAMPLE, "node_modules", "vite", "bin", "vite.js");
/** Strings only mock code holds: the control endpoints, MSW's worker and logs, the panel's element. */
const MOCK_MARKERS = ["/__mock", "mockServiceWorker", "[MSW]", "system-update-devtools", "x-mock-session"];

/** `npm ci` in the example when its lockfile changed since the last install (a stamp holds the lockfile's hash). */
function installExample(): void {
  const lock = createHash("sha256")
    .update(readFileSync(path.join(EXAMPLE, "package-lock.json")))
    .digest("hex");
  const stamp = path.join(EXAMPLE, "node_modules", ".install-stamp");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === lock) return;
  execFileSync("npm", ["ci", "--prefix", EXAMPLE, "--prefer-offline", "--no-audit", "--no-fund", "--silent"], {
    stdio: "inherit",
    timeout: 240_000,
  });
  writeFileSync(stamp, lock);
}

beforeAll(installExample, 250_000);

it("type-checks under its own tsconfig (strict, JSX, Vite's types)", () => {
  const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
  execFileSync(process.execPath, [tsc, "-p", path.join(EXAMPLE, "tsconfig.json")], { timeout: 120_000 });
}, 130_000);

describe("production build", () => {
  it("holds the app and its client, and no mock code", () => {
    const out = mkdtempSync(path.join(tmpdir(), "vite-react-build-"));
    try {
      execFileSync(process.execPath, [VITE, "build", "--outDir", out, "--emptyOutDir", "--logLevel", "error"], {
        cwd: EXAMPLE,
        timeout: 120_000,
        // Vitest sets NODE_ENV=test, under which Vite keeps `import.meta.env.DEV` true even in a build.
        env: { ...process.env, NODE_ENV: "production" },
      });
      const assets = path.join(out, "assets");
      const code = readdirSync(assets)
        .filter((name) => name.endsWith(".js"))
        .map((name) => readFileSync(path.join(assets, name), "utf8"))
        .join("\n");
      expect(code).toContain("/v1/system/update/status");
      expect(MOCK_MARKERS.filter((marker) => code.includes(marker))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 150_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("dev mode, in Chromium", () => {
  const chromium = useChromium();
  let vite: ChildProcess | undefined;
  let origin = "";

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    vite = spawn(process.execPath, [VITE, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
      cwd: EXAMPLE,
      stdio: ["ignore", "pipe", "pipe"],
      // CI may force colours (FORCE_COLOR): Vite then bolds the port inside the URL, so the URL is read without them.
      env: { ...process.env, NODE_ENV: "development", NO_COLOR: "1", FORCE_COLOR: undefined },
    });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite did not start in 60 s:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (stripVTControlCharacters(output).includes(origin)) {
          clearTimeout(timer);
          resolve();
        }
      };
      vite!.stdout!.on("data", read);
      vite!.stderr!.on("data", read);
      vite!.once("exit", (code) => reject(new Error(`vite exited (${code}):\n${output}`)));
    });
  }, 70_000);

  afterAll(async () => {
    if (vite?.exitCode === null) {
      const exited = new Promise((resolve) => vite!.once("exit", resolve));
      vite.kill("SIGTERM");
      await exited;
    }
  });

  it("the app reads /api from the worker; the panel under /api changes the rack and the app follows; the console stays the app's", async () => {
    const { page, errors } = await chromium.newPage();
    const logged: string[] = [];
    page.on("console", (message) => logged.push(message.text()));
    try {
      await page.goto(`${origin}/?scenario=update-in-progress`, { timeout: 60_000 });
      const appText = () => page.locator("[data-testid=components]").innerText();
      const statusInPage = () =>
        page.evaluate(async () =>
          JSON.stringify(
            ((await (await fetch("/api/v1/system/update/status")).json()) as { components_by_release_version: unknown })
              .components_by_release_version,
          ),
        );
      await page.waitForFunction(() => document.querySelector("[data-testid=components]")?.textContent?.startsWith("{"), undefined, {
        timeout: 30_000,
      });
      expect(await appText()).toBe(await statusInPage());

      await page.click("[data-system-update-devtools-toggle]");
      await page.waitForSelector("system-update-devtools[data-ready=true][data-live=in-page]", { timeout: 15_000 });
      const state = await page.evaluate(async () => (await (await fetch("/api/__mock/state")).json()) as never);
      expect(await gridOnPage(page)).toEqual(expectedGrid(state));

      const before = await appText();
      await page.click("#advance-settled");
      await page.waitForSelector('#outcome[data-state="done"]:has-text("settled")', { timeout: 15_000 });
      const after = await statusInPage();
      expect(after).not.toBe(before);
      await eventually(appText, after);

      // MSW logs each request its worker answers: the app's and the test's fetches, never the panel's.
      const mswLines = logged.filter((line) => line.includes("[MSW]") && /\d\d:\d\d:\d\d/.test(line));
      expect(mswLines.length).toBeGreaterThan(0);
      expect(mswLines.filter((line) => !line.includes("/api/v1/") && !line.includes("/api/__mock/state"))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
