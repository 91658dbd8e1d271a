/**
 * A static file server for browser tests: fixed paths with fixed bodies, on 127.0.0.1 and a free port.
 * Anything else is a 404.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StaticFile {
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly origin: string;
  close(): Promise<void>;
}

export const html = (body: string): StaticFile => ({ contentType: "text/html; charset=utf-8", body });
export const javascript = (body: string): StaticFile => ({ contentType: "text/javascript; charset=utf-8", body });

/** A page with an empty icon, so the browser's favicon request is no 404 in the console. */
export function htmlPage(options: { readonly title: string; readonly script?: string }): StaticFile {
  const script = options.script === undefined ? "" : `<script type="module" src="${options.script}"></script>`;
  const head = `<meta charset="utf-8"><link rel="icon" href="data:,"><title>${options.title}</title>${script}`;
  return html(`<!doctype html><html><head>${head}</head><body></body></html>`);
}

export async function startStaticServer(files: Readonly<Record<string, StaticFile>>): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://localhost").pathname];
    if (request.method !== "GET" || file === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      return;
    }
    response.writeHead(200, { "content-type": file.contentType, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The browser keeps connections alive; close() alone would wait for them.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
