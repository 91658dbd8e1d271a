/**
 * `npm run example`: the update console against the standalone mock, which allows the page's origin
 * (`system-update mock --cors <origin>`); `npm run example -- --msw` serves it with MSW's worker in the
 * page instead. The page is bundled by esbuild on start.
 *
 *   npm run example [-- --port 5173] [--api-port 12220] [--scenario steady] [--msw]
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { startMockServer } from "system-update/mocks/server";

const HERE = fileURLToPath(new URL(".", import.meta.url));

export interface ExampleOptions {
  /** `server`: the standalone mock on its own port; `msw`: MSW's service worker in the page. */
  readonly mode: "server" | "msw";
  /** The page's port (0: any free one). */
  readonly port: number;
  /** The mock's port in `server` mode (0: any free one). */
  readonly apiPort?: number;
  /** The rack to start from (default `steady`). */
  readonly scenario?: string;
  /** One line per request the mock answers (`server` mode). */
  readonly log?: (line: string) => void;
  /** The `msw` package the page and its worker script come from (default `msw`). */
  readonly mswPackage?: string;
}

export interface RunningExample {
  /** The page to open: with `?api=` pointing at the mock, or `?scenario=` for the worker. */
  readonly url: string;
  /** The page's origin. */
  readonly origin: string;
  /** The standalone mock's URL (`server` mode). */
  readonly apiUrl: string | undefined;
  close(): Promise<void>;
}

async function bundle(entry: string, mswPackage: string): Promise<string> {
  const result = await build({
    entryPoints: [`${HERE}${entry}`],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    logLevel: "silent",
    alias: mswPackage === "msw" ? {} : { msw: mswPackage },
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
}

export async function startExample(options: ExampleOptions): Promise<RunningExample> {
  const mswPackage = options.mswPackage ?? "msw";
  const scenario = options.scenario ?? "steady";
  const files = new Map<string, { type: string; body: string }>([
    ["/", { type: "text/html; charset=utf-8", body: readFileSync(`${HERE}index.html`, "utf8") }],
    ["/app.js", { type: "text/javascript", body: await bundle(options.mode === "msw" ? "msw.ts" : "main.ts", mswPackage) }],
  ]);
  if (options.mode === "msw") {
    // The worker script must match the msw version and be served from the origin's root.
    const worker = createRequire(import.meta.url).resolve(`${mswPackage}/mockServiceWorker.js`);
    files.set("/mockServiceWorker.js", { type: "text/javascript", body: readFileSync(worker, "utf8") });
  }
  const pages = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? "/", "http://localhost").pathname);
    if (request.method !== "GET" || file === undefined) response.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
    else response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    pages.once("error", reject);
    pages.listen(options.port, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  const closePages = () =>
    new Promise<void>((resolve) => {
      pages.closeAllConnections();
      pages.close(() => resolve());
    });
  if (options.mode === "msw") {
    return { url: `${origin}/?scenario=${encodeURIComponent(scenario)}`, origin, apiUrl: undefined, close: closePages };
  }
  try {
    const mock = await startMockServer({
      port: options.apiPort ?? 0,
      cors: origin,
      scenario,
      ...(options.log !== undefined && { log: options.log }),
    });
    return {
      url: `${origin}/?api=${mock.url}`,
      origin,
      apiUrl: mock.url,
      close: async () => void (await Promise.all([closePages(), mock.close()])),
    };
  } catch (error) {
    await closePages();
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "5173" },
      "api-port": { type: "string", default: "12220" },
      scenario: { type: "string", default: "steady" },
      msw: { type: "boolean", default: false },
    },
  });
  const example = await startExample({
    mode: values.msw ? "msw" : "server",
    port: Number(values.port),
    apiPort: Number(values["api-port"]),
    scenario: values.scenario,
    log: (line) => void process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`update console: ${example.url}\n`);
  if (example.apiUrl) process.stdout.write(`mock rack (scenario ${values.scenario}): ${example.apiUrl}, allowing ${example.origin}\n`);
  else process.stdout.write(`the API is mocked in the page by MSW's worker (scenario ${values.scenario})\n`);
  const stop = () => void example.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
