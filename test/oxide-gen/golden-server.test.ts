// The golden cases through the client Oxide's generator makes from each of our four documents, against
// the standalone server over real HTTP (in this process; the rack driven through `/__mock/`).
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createMockControl, type MockControl } from "../../mocks/index.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { GOLDEN_AUTH } from "../support/golden-cases.js";
import { describeGeneratedGolden, generateEveryVersion } from "./versions.js";

const sdks = await generateEveryVersion();
let open: RunningMockServer;
let authed: RunningMockServer;
let rack: MockControl;
let authedRack: MockControl;

beforeAll(async () => {
  [open, authed] = await Promise.all([startMockServer({ port: 0 }), startMockServer({ port: 0, auth: GOLDEN_AUTH })]);
  rack = createMockControl({ baseUrl: open.url });
  authedRack = createMockControl({ baseUrl: authed.url, controlToken: GOLDEN_AUTH.control });
});
afterAll(async () => {
  await Promise.all([open?.close(), authed?.close()]);
});
beforeEach(async () => {
  await Promise.all([rack.reset(), authedRack.reset()]);
});

describeGeneratedGolden("the standalone server", sdks, () => ({
  baseUrl: open.url,
  rack: { setState: (doc) => rack.setState(doc), getState: () => rack.getState() },
  authedBaseUrl: authed.url,
  authedRack: { setState: (doc) => authedRack.setState(doc), getState: () => authedRack.getState() },
}));
