/** The unhappy paths through the standalone server (the shared table). */
import { afterAll, beforeAll } from "vitest";
import { createMockControl } from "../../mocks/control-client.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { describeUnhappyPaths } from "../support/unhappy-cases.js";

let server: RunningMockServer;
const twins: RunningMockServer[] = [];
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
  twins.push(await startMockServer({ port: 0 }), await startMockServer({ port: 0 }));
});
afterAll(async () => {
  await Promise.all([server, ...twins].map((running) => running.close()));
});

let nextTwin = 0;
describeUnhappyPaths(() => ({
  baseUrl: server.url,
  control: createMockControl({ baseUrl: server.url }),
  twin: () => {
    const twin = twins[nextTwin++ % twins.length] as RunningMockServer;
    return { baseUrl: twin.url, control: createMockControl({ baseUrl: twin.url }) };
  },
}));
