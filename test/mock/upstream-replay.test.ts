/** Upstream's integration tests (test/support/upstream-replay*.ts) against the MSW handlers, every answer also checked against the spec. */
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { GOLDEN_AUTH } from "../support/golden-cases.js";
import { createValidatedMockHandlers } from "../support/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { describeUpstreamReplay } from "../support/upstream-replay.js";
import { describeUnauthorizedReplay } from "../support/upstream-replay-auth.js";

const BASE_URL = "http://upstream-replay.test";
const AUTHED_URL = "http://upstream-replay-authed.test";
// Upstream's wire: no CORS headers (`cors`, on by default for an absolute baseUrl, adds them for pages).
const open = createValidatedMockHandlers({ baseUrl: BASE_URL, cors: false });
const authed = createValidatedMockHandlers({ baseUrl: AUTHED_URL, auth: GOLDEN_AUTH, cors: false });
const server = setupServer(...open.handlers, ...authed.handlers);
beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => server.close());

describeUpstreamReplay(() => BASE_URL);
describeUnauthorizedReplay(() => AUTHED_URL);
