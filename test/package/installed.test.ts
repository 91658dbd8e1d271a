/**
 * The package as users install it: `npm pack` (its own prepack: clean, then build) and the tarball
 * installed offline into temporary consumer projects, then used there as a user would: every entry
 * imported (with msw, and without it), the README's TypeScript compiled, the installed command run,
 * the devtools page it serves opened in Chromium, and publint and attw over the tarball. One pack and three
 * installs per run, in `beforeAll`.
 *
 * Each test runs tsc (some four at a time), npm or the installed command: every one (and the installs) has
 * the whole-program budget of test/support/timeouts.ts, sized for a loaded CI machine.
 */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROCESS_START_MS, WHOLE_PROGRAM_MS } from "../support/timeouts.js";
import { entryFiles, reachableFiles } from "../../scripts/prune-dist.js";
import { useChromium } from "../support/chromium.js";
import { ROOT, installConsumer, packTarball, tempRoot } from "./consumer.js";
import { readmeBlocks } from "./readme.js";

const exec = promisify(execFile);
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const BIN = (name: string) => path.join(ROOT, "node_modules/.bin", name);

const chromium = useChromium({ wholeFile: false });
const temp = tempRoot("system-update-installed-");
/** msw 2, vitest and @types/node, then this package: the README's own setting. */
const full = path.join(temp.dir, "full");
/** This package and @types/node, no msw. */
const bare = path.join(temp.dir, "bare");
/** msw 3 installed first, then `npm install` of the tarball. */
const msw3 = path.join(temp.dir, "msw3");
let tarball = "";
let msw3Install: { code: number; output: string } = { code: -1, output: "" };

/** Runs a command to completion; never rejects (the exit code is the answer). */
async function sh(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined };
    const { stdout, stderr } = await exec(command, args, { cwd, env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Runs an ES module as a file in `dir` (so bare specifiers resolve from its node_modules); its stdout. */
async function runModule(dir: string, name: string, source: string): Promise<string> {
  writeFileSync(path.join(dir, name), source);
  const result = await sh(process.execPath, [name], dir);
  if (result.code !== 0) throw new Error(`${name} failed:\n${result.stderr}`);
  return result.stdout;
}

/** tsc over `files` in `dir` with the given resolution; its diagnostics ("" when clean). */
async function typecheck(dir: string, resolution: "nodenext" | "bundler", files: readonly string[], skipLibCheck = true): Promise<string> {
  const config = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      module: resolution === "nodenext" ? "NodeNext" : "ESNext",
      moduleResolution: resolution === "nodenext" ? "NodeNext" : "Bundler",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck,
      noEmit: true,
      types: ["node"],
    },
    files,
  };
  const name = `tsconfig.${resolution}.json`;
  writeFileSync(path.join(dir, name), JSON.stringify(config, null, 2));
  const result = await sh(process.execPath, [TSC, "-p", name, "--pretty", "false"], dir);
  return result.code === 0 ? "" : result.stdout + result.stderr;
}

beforeAll(async () => {
  tarball = await packTarball(temp.dir);
  const types = { "@types/node": "node_modules/@types/node" };
  await Promise.all([
    installConsumer(full, { tarball, packages: { msw: "node_modules/msw", vitest: "node_modules/vitest", ...types } }),
    installConsumer(bare, { tarball, packages: types }),
    (async () => {
      // openapi-fetch (our one dependency) is there already, so npm needs no registry document: offline, the
      // install decides only the peer question.
      const packages = { msw: "node_modules/msw3", vitest: "node_modules/vitest", "openapi-fetch": "node_modules/openapi-fetch", ...types };
      await installConsumer(msw3, { packages });
      const result = await sh("npm", ["install", "-D", "--offline", "--no-audit", "--no-fund", tarball], msw3);
      msw3Install = { code: result.code, output: result.stdout + result.stderr };
    })(),
  ]);
}, WHOLE_PROGRAM_MS);

afterAll(() => temp.remove());

describe("the tarball", { timeout: WHOLE_PROGRAM_MS }, () => {
  let listing: string[] | undefined;
  /** The tarball's paths, without the leading `package/`. */
  async function files(): Promise<string[]> {
    listing ??= (await sh("tar", ["-tzf", tarball], temp.dir)).stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.replace(/^package\//, ""));
    return listing;
  }

  it("holds the built code, declarations, spec documents, guides, the README's images and LICENSE: no maps, sources or tests", async () => {
    const all = await files();
    const allowed =
      /^(package\.json|README\.md|LICENSE|bin\/system-update\.js|dist\/.+\.(js|d\.ts)|spec\/[\w.-]+\.json|docs\/[\w.-]+\.(md|png))$/;
    expect(all.filter((file) => !allowed.test(file))).toEqual([]);
    expect(all).toEqual(expect.arrayContaining(["LICENSE", "bin/system-update.js", "dist/src/index.js", "dist/src/index.d.ts"]));
    expect(all.filter((file) => file.endsWith(".map"))).toEqual([]);
  });

  it("has no dead files: every .js is reached from an entry point or the command, every .d.ts from an entry's types", async () => {
    const installed = path.join(full, "node_modules/system-update");
    const entries = entryFiles(installed);
    // Throws on an import of a file the tarball lacks.
    const js = reachableFiles(installed, entries.js, "js");
    const dts = reachableFiles(installed, entries.dts, "dts");
    const all = await files();
    expect(all.filter((file) => file.endsWith(".js") && !js.has(file))).toEqual([]);
    expect(all.filter((file) => file.endsWith(".d.ts") && !dts.has(file))).toEqual([]);
  });

  it("ships every file its Markdown links to (relative links, images too)", async () => {
    const all = new Set(await files());
    const broken: string[] = [];
    for (const doc of [...all].filter((file) => file.endsWith(".md"))) {
      const text = readFileSync(path.join(full, "node_modules/system-update", doc), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^([a-z]+:|#)/i.test(target)) continue;
        const file = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target.replace(/#.*$/, "")));
        if (!all.has(file)) broken.push(`${doc}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("lists types first in every conditional export", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      expect(Object.keys(target as object)[0], entry).toBe("types");
    }
  });

  it("carries the MPL-2.0 text its package.json names", () => {
    const license = readFileSync(path.join(full, "node_modules/system-update/LICENSE"), "utf8");
    expect(license.startsWith("Mozilla Public License Version 2.0\n==================================\n")).toBe(true);
    expect(license).toContain('Exhibit B - "Incompatible With Secondary Licenses" Notice');
    expect(JSON.parse(readFileSync(path.join(full, "node_modules/system-update/package.json"), "utf8"))).toMatchObject({
      license: "MPL-2.0",
    });
  });

  it("passes publint (warnings and suggestions as errors)", async () => {
    const result = await sh(BIN("publint"), ["run", tarball, "--strict", "--level", "suggestion"], temp.dir);
    expect(result.stdout + result.stderr).toContain("All good!");
    expect(result.code).toBe(0);
  });

  it("passes attw under its esm-only profile; what it leaves out is node10 and require()", async () => {
    const result = await sh(BIN("attw"), ["--profile", "esm-only", "--format", "json", tarball], temp.dir);
    expect(result.code).toBe(0);
    const { problems } = JSON.parse(result.stdout) as { problems: Record<string, { resolutionKind: string }[]> };
    const kinds = new Set(Object.values(problems).flatMap((list) => list.map((problem) => problem.resolutionKind)));
    expect([...kinds].sort()).toEqual(["node10", "node16-cjs"]);
  });
});

describe("installed with msw 2", { timeout: WHOLE_PROGRAM_MS }, () => {
  it("imports every entry point by its public name", async () => {
    const out = await runModule(
      full,
      "imports.mjs",
      `const main = await import("system-update");
      const rules = await import("system-update/rules");
      const mocks = await import("system-update/mocks");
      const msw = await import("system-update/mocks/msw");
      const server = await import("system-update/mocks/server");
      const manifest = (await import("system-update/spec/manifest.json", { with: { type: "json" } })).default;
      const spec = (await import("system-update/spec/system-update-2026081901.0.0.json", { with: { type: "json" } })).default;
      console.log(JSON.stringify({
        client: typeof main.createClient, latest: main.LATEST_API_VERSION, rules: typeof rules.checkVersionOrdering,
        core: typeof mocks.createMockCore, handlers: typeof msw.createMockHandlers, server: typeof server.startMockServer,
        manifestLatest: manifest.latest, openapi: spec.openapi,
      }));`,
    );
    expect(JSON.parse(out)).toEqual({
      client: "function",
      latest: "2026081901.0.0",
      rules: "function",
      core: "function",
      handlers: "function",
      server: "function",
      manifestLatest: "2026081901.0.0",
      openapi: "3.0.3",
    });
  });

  it("answers through the installed client, MSW handlers and msw", async () => {
    const out = await runModule(
      full,
      "msw.mjs",
      `import { setupServer } from "msw/node";
      import { createClient } from "system-update";
      import { createMockHandlers } from "system-update/mocks/msw";
      const { handlers } = createMockHandlers({ baseUrl: "http://rack.test/api", scenario: "update-in-progress" });
      const server = setupServer(...handlers);
      server.listen({ onUnhandledRequest: "error" });
      const client = createClient({ baseUrl: "http://rack.test/api" });
      const status = await client.getStatus();
      const refused = await client.setTargetRelease("22.0.0");
      server.close();
      console.log(JSON.stringify([status.data?.target_release?.version, refused.error?.message, refused.error?.refusal?.kind]));`,
    );
    expect(JSON.parse(out)).toEqual([
      "21.0.0-0.ci+git8f3e2d1c0ba",
      "Target release cannot be changed: a previous update is still in progress",
      "update-in-progress",
    ]);
  });

  it("runs the README's vitest setup and test file as they are written", async () => {
    const blocks = readmeBlocks().filter((block) => block.file.startsWith("test/") && !block.msw3);
    expect(blocks.map((block) => block.file).sort()).toEqual([
      "test/rack-server.ts",
      "test/rack.ts",
      "test/unhappy.test.ts",
      "test/update.test.ts",
    ]);
    for (const block of blocks) {
      mkdirSync(path.dirname(path.join(full, "vitest-run", block.file)), { recursive: true });
      writeFileSync(path.join(full, "vitest-run", block.file), block.code);
    }
    const result = await sh(path.join(full, "node_modules/.bin/vitest"), ["run", "--root", "vitest-run", "--reporter", "dot"], full);
    expect(result.stdout + result.stderr).toMatch(/Tests\s+6 passed \(6\)/);
    expect(result.code).toBe(0);
  });
});

describe.concurrent("the README's TypeScript, compiled against the installed package", { timeout: WHOLE_PROGRAM_MS }, () => {
  /** Writes the blocks under `readme/` of `dir`; their paths. */
  function writeBlocks(dir: string, msw3Blocks: boolean): string[] {
    return readmeBlocks()
      .filter((block) => block.msw3 === msw3Blocks && block.file.endsWith(".ts"))
      .map((block) => {
        const file = path.join("readme", block.file);
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), block.code);
        return file;
      });
  }
  let msw2Files: string[] = [];
  let msw3Files: string[] = [];
  beforeAll(() => {
    msw2Files = writeBlocks(full, false);
    msw3Files = writeBlocks(msw3, true);
  });

  it.each(["nodenext", "bundler"] as const)(
    "with msw 2, under moduleResolution %s, strict and exactOptionalPropertyTypes",
    async (resolution) => {
      expect(msw2Files.length).toBeGreaterThanOrEqual(7);
      expect(await typecheck(full, resolution, msw2Files)).toBe("");
    },
  );

  it.each(["nodenext", "bundler"] as const)("with msw 3, under moduleResolution %s", async (resolution) => {
    expect(msw3Files).toEqual(["readme/test/rack.ts"]);
    expect(await typecheck(msw3, resolution, msw3Files)).toBe("");
  });
});

describe("installed without msw", { timeout: WHOLE_PROGRAM_MS }, () => {
  const ENTRIES = `import { createClient, LATEST_API_VERSION, type SystemUpdateClient } from "system-update";
import { checkVersionOrdering, describeRefusal, type RackView } from "system-update/rules";
import { buildRepositoryArchive, createMockControl, createMockCore, type MockCore, type RackState } from "system-update/mocks";
import { startMockServer, type RunningMockServer } from "system-update/mocks/server";

const core: MockCore = createMockCore({ scenario: "steady" });
const rack: RackView = core.getState() satisfies RackState;
const check = checkVersionOrdering(rack.target_release.version, "19.0.0");
const server: RunningMockServer = await startMockServer({ port: 0, core });
const client: SystemUpdateClient = createClient({ baseUrl: server.url, apiVersion: LATEST_API_VERSION });
const status = await client.getStatus();
await createMockControl({ baseUrl: server.url }).advance({ steps: 1 });
const archive = await buildRepositoryArchive({ systemVersion: "22.0.0" });
await server.close();
console.log(JSON.stringify([
  check.kind === "refused" ? describeRefusal(check.refusal).message : check.kind,
  status.data?.target_release?.version,
  archive.byteLength > 0,
]));
`;

  beforeAll(() => writeFileSync(path.join(bare, "entries.ts"), ENTRIES));

  it("imports and uses every entry point but system-update/mocks/msw", async () => {
    // Node 20 runs no TypeScript: the same module with its types stripped.
    const { code } = await transform(ENTRIES, { loader: "ts", format: "esm", target: "es2022" });
    expect(JSON.parse(await runModule(bare, "entries.mjs", code))).toEqual([
      "Target release cannot be changed: cannot downgrade: requested target release version 19.0.0 is older than current target release version 20.0.0-0.local+git553e6c0886a",
      "20.0.0-0.local+git553e6c0886a",
      true,
    ]);
  });

  it.concurrent.each([
    ["nodenext", true],
    ["bundler", false],
  ] as const)("type-checks them under %s (declarations checked as well: %s)", async (resolution, checkDeclarations) => {
    // Our declarations must not mention msw: checking them (once is enough) reports an import that cannot resolve.
    expect(await typecheck(bare, resolution, ["entries.ts"], !checkDeclarations)).toBe("");
  });

  it("says that system-update/mocks/msw needs msw", async () => {
    writeFileSync(path.join(bare, "msw-entry.mjs"), `await import("system-update/mocks/msw");`);
    const result = await sh(process.execPath, ["msw-entry.mjs"], bare);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("system-update/mocks/msw needs msw, an optional peer dependency: npm i -D msw");
  });
});

describe("installed next to msw 3", { timeout: WHOLE_PROGRAM_MS }, () => {
  it("installs without a peer conflict (offline)", () => {
    expect(msw3Install.output).not.toContain("ERESOLVE");
    expect(msw3Install.code).toBe(0);
  });

  it("leaves a consistent tree: msw 3 and this package", async () => {
    const result = await sh("npm", ["ls", "--offline", "--json"], msw3);
    expect(result.code).toBe(0);
    const tree = JSON.parse(result.stdout) as { dependencies: Record<string, { version: string }> };
    expect(tree.dependencies["msw"]?.version).toBe("3.0.5");
    expect(tree.dependencies["system-update"]?.version).toBe("0.1.0");
  });
});

describe("the installed command", { timeout: WHOLE_PROGRAM_MS }, () => {
  const command = () => path.join(full, "node_modules/.bin/system-update");

  it("--help and --version", async () => {
    const help = await sh(command(), ["--help"], full);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: system-update <command> \[options\]\n/);
    for (const verb of ["mock", "diff <old> <new>", "status", "trust-roots create <root.json>"]) expect(help.stdout).toContain(verb);
    expect(await sh(command(), ["--version"], full)).toEqual({ code: 0, stdout: "system-update 0.1.0\n", stderr: "" });
  });

  it("diff of two shipped versions, and diff --help without the optional peer", async () => {
    const diff = await sh(command(), ["diff", "2026021301.0.0", "2026022500.0.0"], full);
    expect(diff.stderr).toBe("");
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(
      /^## API diff: 2026021301\.0\.0 → 2026022500\.0\.0\n\n\*\*No breaking changes for clients of 2026021301\.0\.0\.\*\*\n/,
    );
    const help = await sh(command(), ["diff", "--help"], full);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("system-update diff");
  });

  /** Starts the installed `system-update mock` and resolves to the first URL a stdout line matching `line` names. */
  function startInstalledMock(args: readonly string[], line: RegExp): { url: Promise<string>; stop(): Promise<unknown> } {
    const mock = spawn(command(), ["mock", "--port", "0", ...args], { cwd: full, stdio: ["ignore", "pipe", "pipe"] });
    const url = new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no line matching ${line}: ${out}`)), PROCESS_START_MS);
      mock.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        const found = line.exec(out);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
      mock.once("exit", (code) => reject(new Error(`mock exited (${code}): ${out}`)));
    });
    const exited = new Promise((resolve) => mock.once("exit", resolve));
    return {
      url,
      stop() {
        mock.kill("SIGTERM");
        return exited;
      },
    };
  }

  it("makes its own inputs, uploads them to the installed mock, and verify finds no difference", async () => {
    const inputs = path.join(full, "inputs");
    mkdirSync(inputs, { recursive: true });
    const key = path.join(inputs, "key.json");
    const root = path.join(inputs, "root.json");
    const archive = path.join(inputs, "repo-22.0.0.zip");
    expect((await sh(command(), ["trust-roots", "generate", "--new-key", key, "-o", root], full)).code).toBe(0);
    expect((await sh(command(), ["repositories", "build", "22.0.0", "--key", key, "-o", archive], full)).code).toBe(0);
    const mock = startInstalledMock([], /listening on (http:\/\/[^\s,]+)/);
    try {
      const url = await mock.url;
      expect((await sh(command(), ["trust-roots", "create", root, "--url", url], full)).code).toBe(0);
      const upload = await sh(command(), ["repositories", "upload", archive, "--url", url], full);
      expect(upload.stdout).toMatch(/^uploaded: 22\.0\.0 /);
      const verify = await sh(command(), ["verify", "--url", url, "--max-rps", "50"], full);
      expect(verify.stderr).toBe("");
      expect(verify.code).toBe(0);
    } finally {
      await mock.stop();
    }
  });

  it("mock serves the devtools page from the package, and it runs in Chromium; the panel's entry imports under Node", async () => {
    const mock = startInstalledMock(["--scenario", "mupdate-waiting"], /^devtools page: (http:\/\/\S+) /m);
    try {
      const page = await mock.url;
      const state = (await (await fetch(new URL("state", page))).json()) as { sleds: unknown[] };
      const { page: tab, errors, errorStatusLoads } = await chromium.newPage();
      await tab.goto(page);
      await tab.waitForSelector("system-update-devtools[data-ready=true][data-live=events]");
      expect(await tab.locator("#grid tbody tr").count()).toBe(state.sleds.length);
      expect(await tab.textContent("#facts tr[data-fact=suspended] td")).toBe("yes");
      expect([...errors, ...errorStatusLoads]).toEqual([]);
      await tab.context().close();
    } finally {
      await mock.stop();
    }
    const entry = await runModule(
      bare,
      "devtools.mjs",
      `const devtools = await import("system-update/mocks/devtools");
      console.log(JSON.stringify([typeof devtools.mountDevtools, typeof devtools.defineDevtoolsElement, devtools.ELEMENT_NAME]));`,
    );
    expect(JSON.parse(entry)).toEqual(["function", "function", "system-update-devtools"]);
  });

  it("mock --port 0, then status --url against it", async () => {
    const mock = startInstalledMock([], /^system-update mock listening on (http:\/\/\S+) /m);
    try {
      const url = await mock.url;
      const status = await sh(command(), ["status", "--url", url], full);
      expect(status.stderr).toBe("");
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^target release +none \(never set\)\nsuspended +yes\n/);
    } finally {
      await mock.stop();
    }
  });
});
