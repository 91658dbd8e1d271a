/**
 * The promise `verify` makes to a rack's owner: no probe can change the rack. Proved here for every probe
 * of the catalogue, not a sample: every request is a GET or is refused (4xx) by the mock in every built-in
 * scenario, for a fleet admin, with the rack, its repositories and trust roots unchanged afterwards; and no
 * body sent to a target-release PUT parses as a version, by the serde emulation or by any reading of it.
 */
import { describe, expect, it } from "vitest";
import { parseSemver } from "../../src/rules/index.js";
import { createMockCore } from "../../mocks/core/mock.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";
import { TUF_SIGNED_ROOT_ROLE } from "../../mocks/core/operations/body-readers.js";
import { parseSetTargetReleaseBody } from "../../mocks/core/serde/bodies.js";
import { SCENARIOS } from "../../mocks/core/simulator/scenarios.js";
import { CATALOGUE, probesFor } from "../../mocks/verify/catalogue.js";
import { sentRequest } from "../../mocks/verify/transport.js";
import { predict } from "../../mocks/verify/predict.js";
import { LATEST_API_VERSION } from "../../generated/index.js";

const TARGET_RELEASE_PUTS = /\/v1\/system\/update\/(target-release|recovery-finish)$/;
const trustRootBodies = CATALOGUE.filter((probe) => probe.request.method === "POST");
const putBodies = CATALOGUE.filter((probe) => probe.request.method === "PUT" && TARGET_RELEASE_PUTS.test(probe.request.target));

/** Every string a lenient reader could take from the body: JSON strings, bare words, and the whole text. */
function candidateVersions(body: string): string[] {
  const quoted = [...body.matchAll(/"((?:[^"\\]|\\.)*)"?/g)].map((match) => match[1] ?? "");
  const bare = body.split(/[\s{}[\]",:=]+/).filter((word) => word !== "");
  return [body, body.trim(), ...quoted, ...bare];
}

describe("the probe catalogue", () => {
  it("has unique ids, and sends a token's probes only with a token", () => {
    const ids = CATALOGUE.map((probe) => probe.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(probesFor(false).some((probe) => probe.request.auth !== "token")).toBe(false);
    expect(
      probesFor(true)
        .filter((probe) => probe.request.auth !== "token")
        .map((probe) => probe.id),
    ).toEqual(["no-credentials", "bad-credentials"]);
  });

  it("sends a body to both target-release PUTs, and to nothing else but the upload and trust-root creation", () => {
    expect(putBodies.length).toBeGreaterThanOrEqual(20);
    const otherPuts = CATALOGUE.filter((probe) => probe.request.method === "PUT" && !putBodies.includes(probe));
    expect(otherPuts.map((probe) => probe.request.target.split("?")[0])).toEqual([
      "/v1/system/update/repositories",
      "/v1/system/update/repositories",
    ]);
    const posts = CATALOGUE.filter((probe) => probe.request.method === "POST");
    expect(new Set(posts.map((probe) => probe.request.target))).toEqual(new Set(["/v1/system/update/trust-roots"]));
    expect(CATALOGUE.every((probe) => ["GET", "PUT", "POST"].includes(probe.request.method))).toBe(true);
  });

  it.each(putBodies.map((probe) => [probe.id, probe.request.body ?? ""] as const))(
    "%s: the body never parses as a version",
    (_id, body) => {
      expect(parseSetTargetReleaseBody(new TextEncoder().encode(body)).ok).toBe(false);
      for (const candidate of candidateVersions(body)) expect(parseSemver(candidate).ok, `"${candidate}" in ${body}`).toBe(false);
    },
  );

  it.each(trustRootBodies.map((probe) => [probe.id, probe.request.body ?? ""] as const))(
    "%s: the body is no signed root, and the trust-root reader refuses it",
    async (_id, body) => {
      const read = await TUF_SIGNED_ROOT_ROLE.read(new TextEncoder().encode(body), "application/json");
      expect(read.ok).toBe(false);
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return; // not JSON: no reader takes it as a root
      }
      // tough's Signed<Root> needs an object with a `signed` object: none of these has one.
      expect(typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "signed")).toBe(false);
    },
  );

  it("never sends a zip to the upload", () => {
    const uploads = CATALOGUE.filter(
      (probe) => probe.request.target.startsWith("/v1/system/update/repositories") && probe.request.method === "PUT",
    );
    // A zip starts with a local file header (PK\3\4) or, empty, with the end of central directory (PK\5\6).
    for (const probe of uploads) expect(probe.request.body?.startsWith("PK")).toBe(false);
  });

  it.each(SCENARIOS.map((scenario) => [scenario.name] as const))(
    "scenario %s: every probe is a read or refused, and the rack is unchanged",
    async (scenario) => {
      const mock = createMockCore({ scenario });
      const before = JSON.stringify(mock.getState());
      const rootsBefore = await mock.handle({ method: "GET", url: "/v1/system/update/trust-roots", headers: headersFrom({}), body: null });
      for (const probe of CATALOGUE) {
        const answer = await predict(mock, sentRequest(probe, LATEST_API_VERSION));
        if (probe.request.method !== "GET") expect([probe.id, answer.status >= 400 && answer.status < 500]).toEqual([probe.id, true]);
      }
      expect(JSON.stringify(mock.getState())).toBe(before);
      const rootsAfter = await mock.handle({ method: "GET", url: "/v1/system/update/trust-roots", headers: headersFrom({}), body: null });
      expect(rootsAfter.body).toBe(rootsBefore.body);
      mock.close();
    },
  );
});
