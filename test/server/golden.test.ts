/**
 * The golden cases of docs/design.md, "Golden cases" (the same table as test/mock/golden.test.ts) against the standalone
 * server process: the typed client over real HTTP, the rack driven through `/__mock/`.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createMockControl, type MockControl } from "../../mocks/index.js";
import { GOLDEN_AUTH, describeGoldenCases } from "../support/golden-cases.js";
import { tempDir, writeJson } from "./harness.js";
import { startMock, type MockCommand } from "../support/mock-command.js";

let open: MockCommand;
let authed: MockCommand;
let rack: MockControl;
let authedRack: MockControl;

beforeAll(async () => {
  const authFile = writeJson(tempDir(), "auth.json", GOLDEN_AUTH);
  [open, authed] = await Promise.all([startMock(), startMock(["--auth", authFile])]);
  rack = createMockControl({ baseUrl: open.url });
  authedRack = createMockControl({ baseUrl: authed.url, controlToken: GOLDEN_AUTH.control });
});
afterAll(async () => {
  await Promise.all([open?.stop(), authed?.stop()]);
});
beforeEach(async () => {
  await Promise.all([rack.reset(), authedRack.reset()]);
});

describeGoldenCases(() => ({
  baseUrl: open.url,
  rack: { setState: (doc) => rack.setState(doc), getState: () => rack.getState() },
  authedBaseUrl: authed.url,
  authedRack: { setState: (doc) => authedRack.setState(doc), getState: () => authedRack.getState() },
}));
