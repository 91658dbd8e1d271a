/**
 * Every golden case of docs/design.md, "Golden cases" (the table in test/support/golden-cases.ts), driven through the
 * typed client against the MSW handlers. test/server/golden.test.ts runs the same table against the
 * standalone server process.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { GOLDEN_AUTH, describeGoldenCases } from "../support/golden-cases.js";
import { createValidatedMockHandlers } from "../support/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";

// Every answer is also checked against the spec of the requested version (test/support/msw.ts).
const { handlers, mock } = createValidatedMockHandlers({ baseUrl: "http://rack.test" });
const authed = createValidatedMockHandlers({ baseUrl: "http://authed.test", auth: GOLDEN_AUTH });
const server = setupServer(...handlers, ...authed.handlers);
beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  authed.mock.reset();
});

describeGoldenCases(() => ({
  baseUrl: "http://rack.test",
  rack: { setState: (doc) => mock.setState(doc), getState: () => mock.getState() },
  authedBaseUrl: "http://authed.test",
  authedRack: { setState: (doc) => authed.mock.setState(doc), getState: () => authed.mock.getState() },
}));
