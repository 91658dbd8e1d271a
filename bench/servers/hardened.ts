/**
 * Subject of the hardening benchmark: `startMockServer` with its default limits, no request log, and auth
 * on, from `argv[2]` (an `AuthConfig` as JSON: bearer tokens and their fleet roles, and the control token),
 * so refusals and role checks run as on a protected mock. Prints `listening <port>` once it accepts
 * connections.
 *
 * With a port in `argv[3]`, a second server there answers any request with the longest the event loop was
 * held since the last ask (`{"maxMs": n}`, from perf_hooks): a slow answer seen by a client is then either
 * the server's own stall or the machine's.
 */
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { AuthConfig } from "../../mocks/core/auth/auth.js";
import { startMockServer } from "../../mocks/server.js";

const auth = JSON.parse(process.argv[2] ?? "") as AuthConfig;
const server = await startMockServer({ port: 0, auth });
if (process.argv[3] !== undefined) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const stats = createServer((_, response) => {
    response.end(JSON.stringify({ maxMs: delay.max / 1e6 }));
    delay.reset();
  });
  await new Promise<void>((done) => stats.listen(Number(process.argv[3]), "127.0.0.1", done));
}
process.stdout.write(`listening ${server.port}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
