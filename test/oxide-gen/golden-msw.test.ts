// The golden cases through the client Oxide's generator makes from each of our four documents, against
// the MSW handlers (whose every answer is also checked against the requested version's spec).
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { GOLDEN_AUTH } from "../support/golden-cases.js";
import { createValidatedMockHandlers } from "../support/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { describeGeneratedGolden, generateEveryVersion } from "./versions.js";

const sdks = await generateEveryVersion();
const open = createValidatedMockHandlers({ baseUrl: "http://rack.test" });
const authed = createValidatedMockHandlers({ baseUrl: "http://authed.test", auth: GOLDEN_AUTH });
const server = setupServer(...open.handlers, ...authed.handlers);
beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => server.close());
beforeEach(() => {
  open.mock.reset();
  authed.mock.reset();
});

describeGeneratedGolden("the MSW handlers", sdks, () => ({
  baseUrl: "http://rack.test",
  rack: { setState: (doc) => open.mock.setState(doc), getState: () => open.mock.getState() },
  authedBaseUrl: "http://authed.test",
  authedRack: { setState: (doc) => authed.mock.setState(doc), getState: () => authed.mock.getState() },
}));
