/**
 * The contract suite: for each of the four API versions, Prism's validating proxy (`prism proxy --errors`)
 * stands in front of the standalone mock, and every golden case of docs/design.md, "Golden cases" (the shared table) and
 * every scenario walk (./walks.ts) is replayed through it with that version's `api-version`. Any request
 * or response Prism finds outside the version's document fails the test with Prism's text (and so does
 * any answer the ajv layer rejects).
 *
 * - Prism runs on the version's document with its response objects closed (test/support/contract.ts
 *   `writeStrictSpec`): otherwise a field the version lacks would pass (see ./planted.test.ts).
 * - The cases that are invalid on purpose are expected violations: Prism must flag exactly them, with the
 *   texts below; the request then goes directly to the mock so the case's own assertions still hold.
 *   G37–G39 (bad body, bad content type): Prism refuses the request (422). At 2026021301.0.0,
 *   recovery-finish is not in the document: G41 and the recovery cases (which there check the mock's
 *   404) get Prism's 404. G42 at 2026052000.0.0 and later: the request asks
 *   for 2026050800.0.0 (V1 for 1.0.0), whose status has no `contact_support`, which this version's document requires.
 *   G40 (an api-version newer than the server's) is no violation: the header is not in the documents and
 *   the mock's 400 is the spec's Error.
 * - Uploads go directly to the mock (Prism reads non-JSON bodies as UTF-8 text, which breaks a zip) and
 *   their answers are checked by the ajv layer alone.
 * - The control endpoints (`/__mock/`) are not in the spec: they go to the mock directly.
 * - Both racks the golden cases need (without auth, and with GOLDEN_AUTH) are served by one mock server:
 *   a header the gate adds picks the rack, so one Prism per version covers both.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { API_VERSIONS, type ApiVersion } from "../../generated/index.js";
import { createMockControl, type MockControl } from "../../mocks/control-client.js";
import { createMockCore, type MockCore } from "../../mocks/core/mock.js";
import type { RequestHead } from "../../mocks/core/protocol/message.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { specDocument, writeStrictSpec } from "../support/contract.js";
import { GOLDEN_AUTH, describeGoldenCases } from "../support/golden-cases.js";
import { resolvePointer } from "../support/openapi.js";
import { PRISM_HOOK_TIMEOUT_MS, createGate, mentions, startPrism, type ExpectedFlag, type Gate, type PrismProcess } from "./prism.js";
import { describeContractWalks } from "./walks.js";
import { VERSION_CONTACT_SUPPORT, VERSION_RECOVERY_FINISH, apiVersionAtLeast } from "../support/versions.js";

const RACK_HEADER = "x-contract-rack";
const RACK = "http://rack.contract";
const AUTHED = "http://authed.contract";
const TARGET_RELEASE = "/v1/system/update/target-release";
const RECOVERY_FINISH = "/v1/system/update/recovery-finish";

const atLeast = apiVersionAtLeast;

/** What Prism must say, in its words, about the requests that are invalid on purpose. */
function expectedFlags(version: ApiVersion): ExpectedFlag[] {
  const pattern = resolvePointer(specDocument(version), "/components/schemas/SetTargetReleaseParams/properties/system_version/pattern");
  const flags: ExpectedFlag[] = [
    {
      test: "G37",
      method: "PUT",
      path: TARGET_RELEASE,
      kind: "UNPROCESSABLE_ENTITY",
      texts: ["Request body must have required property 'system_version'"],
    },
    {
      test: "G38",
      method: "PUT",
      path: TARGET_RELEASE,
      kind: "UNPROCESSABLE_ENTITY",
      texts: [`Request body property system_version must match pattern "${String(pattern)}"`],
    },
    {
      test: "G39",
      method: "PUT",
      path: TARGET_RELEASE,
      kind: "UNPROCESSABLE_ENTITY",
      texts: ["Supported content types: application/json"],
    },
  ];
  // Where the document lacks recovery-finish, Prism has no route for it: G41 and the recovery cases (which
  // at such a version check the 404) are refused by Prism and replayed directly to the mock.
  if (!atLeast(version, VERSION_RECOVERY_FINISH)) {
    for (const test of ["G41", "G23", "G24", "G26", "G33", "G35", "V1"]) {
      flags.push({
        test,
        method: "PUT",
        path: RECOVERY_FINISH,
        kind: "NO_PATH_MATCHED_ERROR",
        texts: [`The route ${RECOVERY_FINISH} hasn't been found in the specification file`],
      });
    }
  }
  if (atLeast(version, VERSION_CONTACT_SUPPORT)) {
    // G42 asks for 2026050800.0.0 and V1 for 1.0.0: both get the status without contact_support.
    for (const test of ["G42", "V1"]) {
      flags.push({
        test,
        method: "GET",
        path: "/v1/system/update/status",
        kind: "VIOLATIONS",
        texts: ["Response body must have required property 'contact_support'"],
      });
    }
  }
  return flags;
}

let mock: RunningMockServer;
let specDir: string;
const prisms = new Map<ApiVersion, PrismProcess>();

beforeAll(async () => {
  const plain = createMockCore();
  const authed = createMockCore({ auth: GOLDEN_AUTH });
  const pick = (head: RequestHead): MockCore => (head.headers.get(RACK_HEADER) === "authed" ? authed : plain);
  const core: MockCore = { ...plain, handle: (request) => pick(request).handle(request), receive: (head) => pick(head).receive(head) };
  mock = await startMockServer({ port: 0, core });
  specDir = mkdtempSync(path.join(tmpdir(), "system-update-contract-"));
  // All four at once: most of a Prism start is waiting on its own startup.
  const started = await Promise.allSettled(
    API_VERSIONS.map(async (version) => {
      prisms.set(
        version,
        await startPrism({ command: "proxy", errors: true, spec: writeStrictSpec(version, specDir), upstream: mock.url }),
      );
    }),
  );
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}, PRISM_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([...prisms.values()].map((prism) => prism.close()));
  await mock?.close();
  if (specDir) rmSync(specDir, { recursive: true, force: true });
});

for (const version of API_VERSIONS) {
  describe(`api-version ${version} through prism proxy --errors`, () => {
    const expected = expectedFlags(version);
    let gate: Gate;
    let control: MockControl;
    let authedControl: MockControl;

    beforeAll(() => {
      const prism = prisms.get(version);
      if (!prism) throw new Error(`no Prism for ${version}`);
      gate = createGate({
        prismUrl: prism.url,
        mockUrl: mock.url,
        routes: [{ origin: RACK }, { origin: AUTHED, headers: { [RACK_HEADER]: "authed" } }],
        expected,
      });
      control = createMockControl({ baseUrl: mock.url });
      authedControl = createMockControl({
        baseUrl: mock.url,
        controlToken: GOLDEN_AUTH.control,
        fetch: (request) => {
          const headers = new Headers(request.headers);
          headers.set(RACK_HEADER, "authed");
          return globalThis.fetch(new Request(request, { headers }));
        },
      });
      vi.stubGlobal("fetch", gate.fetch);
    });
    afterAll(() => {
      vi.unstubAllGlobals();
      const { throughPrism, directUploads, replayedDirect } = gate.stats;
      console.log(
        `[contract] api-version ${version}: ${throughPrism} requests replayed through Prism; ` +
          `${directUploads} uploads and ${replayedDirect} deliberate violations sent directly to the mock`,
      );
    });
    beforeEach(async () => {
      await control.reset();
      await authedControl.reset();
    });
    afterEach(() => {
      const violations = gate.takeUnexpected();
      if (violations.length > 0) throw new Error(`Contract violations at api-version ${version}:\n${violations.join("\n")}`);
    });

    describeGoldenCases(
      () => ({
        baseUrl: RACK,
        rack: { setState: (doc) => control.setState(doc), getState: () => control.getState() },
        authedBaseUrl: AUTHED,
        authedRack: { setState: (doc) => authedControl.setState(doc), getState: () => authedControl.getState() },
      }),
      { apiVersion: version },
    );
    describeContractWalks(() => ({ baseUrl: RACK, control }), version);

    it("Prism flagged exactly the requests that are invalid on purpose, in the expected words", () => {
      expect(gate.stats.throughPrism).toBeGreaterThan(0);
      const due = expected.filter((e) => [...gate.testsSeen].some((name) => mentions(name, e.test)));
      expect(gate.hits.map((hit) => hit.expected.test).sort()).toEqual(due.map((e) => e.test).sort());
    });
  });
}
