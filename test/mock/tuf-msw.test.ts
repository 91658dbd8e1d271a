/** TUF verification through the MSW handlers in Node (the shared table, test/support/tuf-cases.ts). */
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { createMockControl } from "../../mocks/control-client.js";
import { createValidatedMockHandlers } from "../support/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { describeTufVerification } from "../support/tuf-cases.js";

const BASE_URL = "http://tuf.test";
const mock = createValidatedMockHandlers({ baseUrl: BASE_URL });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => {
  server.close();
  mock.stop();
});

describeTufVerification(() => ({ baseUrl: BASE_URL, control: createMockControl({ baseUrl: BASE_URL }) }));
