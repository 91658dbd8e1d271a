/**
 * The example's Vite config. In dev, the API lives under `/api` on the app's own origin: answered in the
 * page by MSW's worker (`npm run dev`), or proxied to a standalone `system-update mock` (`npm run dev:server`,
 * `server.proxy`: no CORS at all). A production build holds none of it (src/main.tsx gates on DEV).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const MOCK_URL = process.env.MOCK_URL ?? "http://127.0.0.1:12220";

/**
 * In an app, `system-update` comes from node_modules and these aliases are not needed; here the example
 * runs on the repository's sources.
 */
const fromSources: Record<string, string> = {
  "system-update/mocks/devtools": `${REPO}mocks/devtools.ts`,
  "system-update/mocks/msw": `${REPO}mocks/msw.ts`,
  "system-update": `${REPO}src/index.ts`,
};

/** Serves MSW's worker script in dev, from the installed msw (instead of `npx msw init public/`). */
function mswWorkerScript(): Plugin {
  const file = createRequire(`${REPO}package.json`).resolve("msw/mockServiceWorker.js");
  return {
    name: "msw-worker-script",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use("/mockServiceWorker.js", (_request, response) => {
        response.setHeader("content-type", "text/javascript");
        response.end(readFileSync(file));
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), mswWorkerScript()],
  resolve: { alias: Object.entries(fromSources).map(([name, path]) => ({ find: new RegExp(`^${name}$`), replacement: path })) },
  // The repository's sources are outside this folder.
  server: {
    fs: { allow: [REPO] },
    ...(process.env.MOCK === "server" && {
      proxy: { "/api": { target: MOCK_URL, rewrite: (path: string) => path.replace(/^\/api/, "") } },
    }),
  },
  optimizeDeps: { include: ["react", "react-dom/client", "msw/browser", "msw"] },
});
