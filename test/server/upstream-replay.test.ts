/** Upstream's integration tests (test/support/upstream-replay.ts) against the standalone server process. */
import { describeUpstreamReplay } from "../support/upstream-replay.js";
import { useMockProcess } from "./harness.js";

const server = useMockProcess();

describeUpstreamReplay(() => server().url);
