/** TUF verification through the standalone server (the shared table, test/support/tuf-cases.ts). */
import { afterAll, beforeAll } from "vitest";
import { createMockControl } from "../../mocks/control-client.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { describeTufVerification } from "../support/tuf-cases.js";

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

describeTufVerification(() => ({ baseUrl: server.url, control: createMockControl({ baseUrl: server.url }) }));
