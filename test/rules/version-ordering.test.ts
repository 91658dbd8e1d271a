/**
 * `checkVersionOrdering`: the version rules a UI can check with nothing but the status of a real rack.
 * Cases with the server's words written out, and a property: on a rack where nothing is pending, the
 * mock (which decides with the whole rack) refuses exactly when the pre-check does, with the same message.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMockCore } from "../../mocks/index.js";
import { checkVersionOrdering, describeRefusal } from "../../src/rules/index.js";
import { allOn } from "../support/states.js";

const P = "Target release cannot be changed: ";
const CURRENT = "16.2.0-0.ci+git544f608e05a";

/** What a UI would show: nothing when allowed, else the server's message or the parse error. */
function explain(current: string | null, proposed: string): string | undefined {
  const check = checkVersionOrdering(current, proposed);
  if (check.kind === "allowed") return undefined;
  return check.kind === "invalid" ? check.message : describeRefusal(check.refusal).message;
}

describe("checkVersionOrdering", () => {
  it.each<[string, string | undefined]>([
    ["16.2.0-0.ci+git11111111111", undefined],
    ["17.100.99-0.ci+git123456789ab", undefined],
    [CURRENT, `${P}cannot update to target release ${CURRENT} (already targeting that version)`],
    ["18.0.0-0.ci+git123456789ab", `${P}cannot skip from scheduled release 16 to scheduled release 18`],
    [
      "16.1.0-0.ci+git123456789ab",
      `${P}cannot downgrade: requested target release version 16.1.0-0.ci+git123456789ab is older than current target release version ${CURRENT}`,
    ],
    // Another build of the same release, with build metadata or without: allowed in either direction.
    ["16.2.0-0.ci", undefined],
    [
      "16.2.0-0.ab",
      `${P}cannot downgrade: requested target release version 16.2.0-0.ab is older than current target release version ${CURRENT}`,
    ],
  ])("from %s", (proposed, expected) => {
    expect(explain(CURRENT, proposed)).toBe(expected);
  });

  it("returns the refusal itself, for a UI that words it or acts on its kind", () => {
    expect(checkVersionOrdering("1.0.0", "3.0.0")).toEqual({
      kind: "refused",
      refusal: { kind: "skip-release", currentMajor: "1", proposedMajor: "3" },
    });
  });

  it("allows anything as the first target release ever set", () => {
    expect(checkVersionOrdering(null, "0.0.1")).toEqual({ kind: "allowed" });
    expect(checkVersionOrdering(null, "99.0.0")).toEqual({ kind: "allowed" });
  });

  it.each([
    ["1.0", "unexpected end of input while parsing minor version number"],
    ["", "empty string, expected a semver version"],
    ["v1.0.0", "unexpected character 'v' while parsing major version number"],
    ["01.0.0", "invalid leading zero in major version number"],
  ])("gives the parse error of %j, before looking at the current release", (proposed, message) => {
    expect(checkVersionOrdering(CURRENT, proposed)).toEqual({ kind: "invalid", message });
    expect(checkVersionOrdering(null, proposed)).toEqual({ kind: "invalid", message });
  });

  it("throws when the current release it was given is not a version", () => {
    expect(() => checkVersionOrdering("latest", "1.0.0")).toThrow(/current target release is not a version: "latest"/);
  });
});

const version = fc
  .record({
    major: fc.integer({ min: 14, max: 18 }),
    minor: fc.integer({ min: 0, max: 2 }),
    patch: fc.integer({ min: 0, max: 1 }),
    pre: fc.constantFrom("", "-0.ci", "-rc.1"),
    build: fc.constantFrom("", "+git44ac79d168b", "+git553e6c0886a"),
  })
  .map(({ major, minor, patch, pre, build }) => `${major}.${minor}.${patch}${pre}${build}`);

describe("checkVersionOrdering against the mock", () => {
  it("refuses exactly what the mock refuses on a rack with nothing pending, in the same words", async () => {
    await fc.assert(
      fc.asyncProperty(version, version, async (current, proposed) => {
        const core = createMockCore();
        core.setState(allOn(current, { uploaded: [...new Set([current, proposed])] }));
        const answer = await core.handle({
          method: "PUT",
          url: "/v1/system/update/target-release",
          headers: new Headers({ "content-type": "application/json" }),
          body: new TextEncoder().encode(JSON.stringify({ system_version: proposed })),
        });
        const expected = explain(current, proposed);
        if (expected === undefined) expect(answer.status).toBe(204);
        else
          expect({ status: answer.status, message: (JSON.parse(answer.body as string) as { message: string }).message }).toEqual({
            status: 400,
            message: expected,
          });
      }),
      { numRuns: 200 },
    );
  });
});
