/** Upstream's integration tests (test/support/upstream-replay.ts) against the MSW handlers, every answer also checked against the spec. */
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { createValidatedMockHandlers } from "../support/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { describeUpstreamReplay } from "../support/upstream-replay.js";

const BASE_URL = "http://upstream-replay.test";
const { handlers } = createValidatedMockHandlers({ baseUrl: BASE_URL });
const server = setupServer(...handlers);
beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => server.close());

describeUpstreamReplay(() => BASE_URL);
