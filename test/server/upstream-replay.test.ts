/** Upstream's integration tests (test/support/upstream-replay*.ts) against the standalone server process. */
import { GOLDEN_AUTH } from "../support/golden-cases.js";
import { describeUpstreamReplay } from "../support/upstream-replay.js";
import { describeUnauthorizedReplay } from "../support/upstream-replay-auth.js";
import { tempDir, useMockProcess, writeJson } from "./harness.js";

const server = useMockProcess();
const authed = useMockProcess(["--auth", writeJson(tempDir(), "auth.json", GOLDEN_AUTH)]);

describeUpstreamReplay(() => server().url);
describeUnauthorizedReplay(() => authed().url);
