import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePrecedence, compareSemver, formatSemver, parseSemver, semverEqual, type Semver } from "../../src/rules/index.js";
import { withoutBuild } from "../../src/rules/semver.js";
import { semver } from "../support/versions.js";

const parse = semver;
const errorOf = (text: string): string => {
  const result = parseSemver(text);
  if (result.ok) throw new Error(`${text} parsed`);
  return result.message;
};

describe("parsing with the semver crate's error texts", () => {
  it.each([
    ["", "empty string, expected a semver version"],
    ["1", "unexpected end of input while parsing major version number"],
    ["1.2", "unexpected end of input while parsing minor version number"],
    ["1.2.", "unexpected end of input while parsing patch version number"],
    ["v1.2.3", "unexpected character 'v' while parsing major version number"],
    ["1.q.r", "unexpected character 'q' while parsing minor version number"],
    ["2026-08-19", "unexpected character '-' after major version number"],
    ["2026081901.0", "unexpected end of input while parsing minor version number"],
    ["01.2.3", "invalid leading zero in major version number"],
    ["1.02.3", "invalid leading zero in minor version number"],
    ["1.2.3-", "empty identifier segment in pre-release identifier"],
    ["1.2.3+", "empty identifier segment in build metadata"],
    ["1.2.3-a..b", "empty identifier segment in pre-release identifier"],
    ["1.2.3-01", "invalid leading zero in pre-release identifier"],
    ["1.2.3 ", "unexpected character ' ' after patch version number"],
    ["1.2.3-rc.1 x", "unexpected character ' ' after pre-release identifier"],
    ["1.2.3+b!", "unexpected character '!' after build metadata"],
    ["1.2.3\n", "unexpected character '\\n' after patch version number"],
    ["1.2.3\0", "unexpected character '\\0' after patch version number"],
    ["1.2.3é", "unexpected character 'é' after patch version number"],
    ["18446744073709551616.0.0", "value of major version number exceeds u64::MAX"],
  ])("%j → %s", (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it("accepts what the crate accepts", () => {
    expect(parse("18446744073709551615.0.0").major).toBe(18446744073709551615n);
    expect(parse("1.2.3+01.001")).toMatchObject({ build: "01.001" });
    expect(parse("16.2.0-0.ci+git544f608e05a")).toMatchObject({ major: 16n, minor: 2n, patch: 0n, pre: "0.ci", build: "git544f608e05a" });
    expect(parse("1.2.3-0a.-x")).toMatchObject({ pre: "0a.-x" });
  });
});

describe("comparison", () => {
  it("equality includes build metadata, precedence ignores it", () => {
    const a = parse("20.0.0-0.local+gitA");
    const b = parse("20.0.0-0.local+gitB");
    expect(semverEqual(a, b)).toBe(false);
    expect(comparePrecedence(a, b)).toBe(0);
    expect(compareSemver(a, b)).toBe(-1);
  });

  it("follows the semver spec's precedence example", () => {
    const ordered = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(comparePrecedence(parse(ordered[i - 1] as string), parse(ordered[i] as string))).toBe(-1);
    }
  });

  it("orders numeric build identifiers by value then length, as the crate does", () => {
    const ordered = ["1.0.0+0", "1.0.0+00", "1.0.0+1", "1.0.0+01", "1.0.0+001", "1.0.0+2", "1.0.0+10", "1.0.0+a"];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareSemver(parse(ordered[i - 1] as string), parse(ordered[i] as string))).toBe(-1);
    }
  });
});

const identifier = fc.oneof(
  fc.constantFrom("0", "1", "2", "10", "11", "99"),
  fc.stringMatching(/^[0-9A-Za-z-]{1,4}$/).filter((s) => !/^0\d/.test(s)),
);
const versionArb: fc.Arbitrary<Semver> = fc.record({
  major: fc.bigInt({ min: 0n, max: 30n }),
  minor: fc.bigInt({ min: 0n, max: 3n }),
  patch: fc.bigInt({ min: 0n, max: 3n }),
  pre: fc.oneof(
    fc.constant(""),
    fc.array(identifier, { minLength: 1, maxLength: 3 }).map((ids) => ids.join(".")),
  ),
  build: fc.oneof(
    fc.constant(""),
    fc.array(fc.stringMatching(/^[0-9A-Za-z-]{1,4}$/), { minLength: 1, maxLength: 2 }).map((ids) => ids.join(".")),
  ),
});

describe("properties", () => {
  it("format and parse round-trip", () => {
    fc.assert(fc.property(versionArb, (v) => semverEqual(parse(formatSemver(v)), v)));
  });

  it("precedence is a total preorder whose ties are exactly equality without build", () => {
    fc.assert(
      fc.property(versionArb, versionArb, versionArb, (a, b, c) => {
        const ab = comparePrecedence(a, b);
        expect(comparePrecedence(b, a)).toBe((0 - ab) as typeof ab);
        expect(ab === 0).toBe(semverEqual(withoutBuild(a), withoutBuild(b)));
        if (ab <= 0 && comparePrecedence(b, c) <= 0) expect(comparePrecedence(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("the full order is total and its ties are exactly equality", () => {
    fc.assert(
      fc.property(versionArb, versionArb, (a, b) => {
        const ab = compareSemver(a, b);
        expect(compareSemver(b, a)).toBe((0 - ab) as typeof ab);
        expect(compareSemver(a, a)).toBe(0);
        expect(ab === 0).toBe(semverEqual(a, b));
        if (comparePrecedence(a, b) !== 0) expect(ab).toBe(comparePrecedence(a, b));
      }),
    );
  });

  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => typeof parseSemver(text).ok === "boolean"));
  });
});

describe("characters in messages, as Rust's char Debug prints them", () => {
  it.each([
    ["1.2.3\u0301", "unexpected character '\\u{301}' after patch version number"],
    ["1.2.3\u00a0", "unexpected character '\\u{a0}' after patch version number"],
    ["1.2.3\u{1F600}", "unexpected character '\u{1F600}' after patch version number"],
    ["1.2.3'", "unexpected character '\\'' after patch version number"],
  ])("%j", (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});
