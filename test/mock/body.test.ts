/**
 * Request-body extraction of dropshot 0.17.1 + serde_json + serde_path_to_error 0.1.20 + semver.
 *
 * Rows marked "table" are the reference table of dropshot body errors (docs/design.md, "Bodies"; golden cases G37/G38/G47). Every other expected message was
 * derived from the upstream sources (serde_json `src/de.rs`/`src/read.rs`/`src/error.rs`,
 * serde_path_to_error `src/de.rs`/`src/path.rs`, serde_derive `src/de/struct_.rs`, semver
 * `src/serde.rs`/`src/parse.rs`, dropshot `extractor/body.rs`/`api_description.rs`) and
 * cross-checked against those crates' sources compiled locally (serde_json 1.0.150, serde 1.0.228,
 * serde_path_to_error 0.1.20, semver 1.0.27, zmij 1.0.21).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkJsonContentType } from "../../mocks/core/dropshot/content-type.js";
import { parseAnyJsonBody, parseSetTargetReleaseBody } from "../../mocks/core/serde/bodies.js";
import { parseSemver } from "../../src/rules/semver.js";

const P = "unable to parse JSON body: ";
const enc = new TextEncoder();
const bytes = (text: string): Uint8Array => enc.encode(text);
const version = (text: string) => parseSetTargetReleaseBody(bytes(text));
const anyJson = (text: string) => parseAnyJsonBody(bytes(text));
const fails = (message: string) => ({ ok: false, message });
/** Accepted: the text as sent, and the version as the semver crate parses it (no second parse later). */
const accepts = (systemVersion: string) => {
  const parsed = parseSemver(systemVersion);
  if (!parsed.ok) throw new Error(`test bug: ${systemVersion} is not a version`);
  return { ok: true, value: { system_version: systemVersion, version: parsed.version } };
};

describe("dropshot body table", () => {
  it.each([
    ["", `${P}EOF while parsing a value at line 1 column 0`],
    ["not json", `${P}expected ident at line 1 column 2`],
    ["{}", `${P}missing field \`system_version\` at line 1 column 2`],
    ['{"systemVersion":"1.2.3"}', `${P}missing field \`system_version\` at line 1 column 25`],
    ["null", `${P}invalid type: null, expected struct SetTargetReleaseParams at line 1 column 4`],
    ["[]", `${P}invalid length 0, expected struct SetTargetReleaseParams with 1 element at line 1 column 2`],
    ['{"system_version":1}', `${P}system_version: invalid type: integer \`1\`, expected semver version at line 1 column 19`],
    ['{"system_version":null}', `${P}system_version: invalid type: null, expected semver version at line 1 column 22`],
    ['{"system_version":"1.2"}', `${P}system_version: unexpected end of input while parsing minor version number at line 1 column 23`],
    ['{"system_version":"v1.2.3"}', `${P}system_version: unexpected character 'v' while parsing major version number at line 1 column 26`],
    ['{"system_version":"01.2.3"}', `${P}system_version: invalid leading zero in major version number at line 1 column 26`],
    ['{"system_version":"1.2.3-"}', `${P}system_version: empty identifier segment in pre-release identifier at line 1 column 26`],
    ['{"system_version":"1.2.3","system_version":"1.2.4"}', `${P}duplicate field \`system_version\` at line 1 column 42`],
    ['{"system_version":"1.2.3"', `${P}EOF while parsing an object at line 1 column 25`],
  ])("table: %j", (body, message) => {
    expect(version(body)).toEqual(fails(message));
  });

  it('table row {"system_version":""}: follows semver 1.0.x `ErrorKind::Empty`, not the table text', () => {
    // The reference table lists "unexpected end of input while parsing major version number" here, but
    // semver's `Version::from_str` (src/parse.rs) returns `ErrorKind::Empty` for "" first, and the
    // notes after the table list its text "empty string, expected a semver version". Derived from code.
    expect(version('{"system_version":""}')).toEqual(
      fails(`${P}system_version: empty string, expected a semver version at line 1 column 20`),
    );
  });

  it("table: unknown extra fields are accepted and ignored (G47)", () => {
    expect(version('{"system_version":"20.0.0-0.local+git553e6c0886a","comment":"x"}')).toEqual(accepts("20.0.0-0.local+git553e6c0886a"));
  });

  it("table: trailing garbage after the object is accepted (dropshot never calls Deserializer::end)", () => {
    expect(version('{"system_version":"1.2.3"} trailing')).toEqual(accepts("1.2.3"));
    expect(version('{"system_version":"1.2.3"}}}}')).toEqual(accepts("1.2.3"));
    expect(version('["1.2.3"]xyz')).toEqual(accepts("1.2.3"));
  });

  it("G37 and G38", () => {
    expect(version("{}")).toEqual(fails(`${P}missing field \`system_version\` at line 1 column 2`));
    expect(version('{"system_version":"1.2"}')).toEqual(
      fails(`${P}system_version: unexpected end of input while parsing minor version number at line 1 column 23`),
    );
  });

  it("accepts a valid body and returns the version text as sent", () => {
    expect(version('{"system_version":"16.2.0-0.ci+git544f608e05a"}')).toEqual(accepts("16.2.0-0.ci+git544f608e05a"));
    expect(version('  {"system_version" : "1.0.0"}  ')).toEqual(accepts("1.0.0"));
  });
});

describe("content type (dropshot http_request_load_body + from_mime_type)", () => {
  it.each([
    [null],
    ["application/json"],
    ["Application/JSON; charset=utf-8"],
    ["application/problem+json"],
    ["application/json   ; charset=utf-8"],
    ["application/vnd.oxide+json"],
  ])("accepts %j", (header) => {
    expect(checkJsonContentType(header)).toEqual({ ok: true });
  });

  it.each([
    ["application/x-www-form-urlencoded", 'expected content type "application/json", got "application/x-www-form-urlencoded"'],
    ["application/octet-stream", 'expected content type "application/json", got "application/octet-stream"'],
    ["multipart/form-data", 'expected content type "application/json", got "multipart/form-data"'],
    // Derived from code: parameters are cut and the media type lower-cased before the lookup.
    ["Multipart/Form-Data; boundary=abc", 'expected content type "application/json", got "multipart/form-data"'],
    ["text/plain", "unsupported content-type: text/plain"],
    ["text/json", "unsupported content-type: text/json"],
    ["TEXT/Plain; charset=utf-8", "unsupported content-type: text/plain"],
    // Derived from code: `+json` must be the whole suffix of an `application/` type.
    ["application/x+json+xml", "unsupported content-type: application/x+json+xml"],
    ["", "unsupported content-type: "],
    // Derived from code: `HeaderValue::to_str` fails on anything but visible ASCII and tab (http's ToStrError text).
    ["application/jsön", "invalid content type: failed to convert header to a str"],
    ["application/json\u0001", "invalid content type: failed to convert header to a str"],
  ])("rejects %j", (header, message) => {
    expect(checkJsonContentType(header)).toEqual({ ok: false, message });
  });
});

describe("positions across lines, bytes and whitespace (derived from serde_json read.rs)", () => {
  it.each([
    [
      '{\n  "system_version": "1.2"\n}',
      `${P}system_version: unexpected end of input while parsing minor version number at line 2 column 25`,
    ],
    ['{\n  "other": 1\n}\n', `${P}missing field \`system_version\` at line 3 column 1`],
    ['{\r\n  "system_version": "1.2.3",\r\n  "x": [1, 2,\r\n    ]\r\n}', `${P}x: expected value at line 4 column 5`],
    ['{\n\t"system_version":\n\t\t12\n}', `${P}system_version: invalid type: integer \`12\`, expected semver version at line 3 column 4`],
    ["   ", `${P}EOF while parsing a value at line 1 column 3`],
    // Columns count bytes, not characters.
    ['{"ключ":1,"system_version":2}', `${P}system_version: invalid type: integer \`2\`, expected semver version at line 1 column 32`],
    ['{"system_version":"1.2.3+bü"}', `${P}system_version: unexpected character 'ü' after build metadata at line 1 column 29`],
    ['{"system_version":"1.2.3-ä"}', `${P}system_version: empty identifier segment in pre-release identifier at line 1 column 28`],
  ])("%j", (body, message) => {
    expect(version(body)).toEqual(fails(message));
  });

  it("accepts a pretty-printed body", () => {
    expect(version('{\n  "comment": "x",\n  "system_version": "17.0.0-0.ci+git0123456789a"\n}\n')).toEqual(
      accepts("17.0.0-0.ci+git0123456789a"),
    );
  });
});

describe("strings: escapes, unicode, UTF-8 (derived from serde_json read.rs)", () => {
  it("unescapes before parsing, in values and in keys", () => {
    expect(version('{"system_version":"\\u0031.2.3"}')).toEqual(accepts("1.2.3"));
    expect(version('{"syst\\u0065m_version":"1.2.3"}')).toEqual(accepts("1.2.3"));
    expect(version('{"system_version":"1.2.3","system\\u005fversion":"1.2.4"}')).toEqual(
      fails(`${P}duplicate field \`system_version\` at line 1 column 47`),
    );
  });

  it("accepts unicode in ignored fields and keys", () => {
    expect(version('{"ключ":"значение 😀","x":"\\ud83d\\ude00","system_version":"1.0.0"}')).toEqual(accepts("1.0.0"));
  });

  it.each([
    ['{"system_version":"1.2.3\\ud83d"}', `${P}system_version: unexpected end of hex escape at line 1 column 31`],
    ['{"system_version":"1.2.3\\ude00"}', `${P}system_version: lone leading surrogate in hex escape at line 1 column 30`],
    ['{"system_version":"1.2.3\\q"}', `${P}system_version: invalid escape at line 1 column 26`],
    ['{"system_version":"1.0', `${P}system_version: EOF while parsing a string at line 1 column 22`],
    // A control character is reported after the byte when parsed, before it when skipped.
    ['{"sys\u0001":"1.0.0"}', `${P}control character (\\u0000-\\u001F) found while parsing a string at line 1 column 6`],
    [
      '{"system_version":"1.0.0","x":"\u0001"}',
      `${P}x: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 31`,
    ],
    ['"tab\\there\\u0000\\""', `${P}invalid type: string "tab\\there\\0\\"", expected struct SetTargetReleaseParams at line 1 column 19`],
    ['"abc\u0301"', `${P}invalid type: string "abc\\u{301}", expected struct SetTargetReleaseParams at line 1 column 7`],
  ])("%j", (body, message) => {
    expect(version(body)).toEqual(fails(message));
  });

  it("checks UTF-8 of parsed strings (after the closing quote) but not of skipped ones", () => {
    const invalidVersion = Uint8Array.from([...bytes('{"system_version":"1'), 0xff, ...bytes('"}')]);
    expect(parseSetTargetReleaseBody(invalidVersion)).toEqual(fails(`${P}system_version: invalid unicode code point at line 1 column 22`));
    const invalidKey = Uint8Array.from([...bytes('{"'), 0xc3, ...bytes('":1}')]);
    expect(parseSetTargetReleaseBody(invalidKey)).toEqual(fails(`${P}invalid unicode code point at line 1 column 4`));
    const invalidIgnored = Uint8Array.from([...bytes('{"x":"'), 0xff, 0xfe, ...bytes('","system_version":"1.0.0"}')]);
    expect(parseSetTargetReleaseBody(invalidIgnored)).toEqual(accepts("1.0.0"));
  });

  it("rejects a UTF-8 byte order mark", () => {
    expect(version('\ufeff{"system_version":"1.0.0"}')).toEqual(fails(`${P}expected value at line 1 column 1`));
  });
});

describe("other shapes (derived from serde_derive visit_seq/visit_map and serde_json)", () => {
  it("accepts a one-element array, as serde derive's visit_seq does", () => {
    expect(version('["1.2.3"]')).toEqual(accepts("1.2.3"));
  });

  it.each([
    ['["1.2.3", 5]', `${P}trailing characters at line 1 column 11`],
    ['["1.2.3",]', `${P}trailing comma at line 1 column 10`],
    ['["1.2.3"', `${P}EOF while parsing a list at line 1 column 8`],
    ["[1]", `${P}[0]: invalid type: integer \`1\`, expected semver version at line 1 column 2`],
    ["[null]", `${P}[0]: invalid type: null, expected semver version at line 1 column 5`],
    ["[[]]", `${P}[0]: invalid type: sequence, expected semver version at line 1 column 1`],
    ['"1.2.3"', `${P}invalid type: string "1.2.3", expected struct SetTargetReleaseParams at line 1 column 7`],
    ["12", `${P}invalid type: integer \`12\`, expected struct SetTargetReleaseParams at line 1 column 2`],
    ["-3", `${P}invalid type: integer \`-3\`, expected struct SetTargetReleaseParams at line 1 column 2`],
    ["true", `${P}invalid type: boolean \`true\`, expected struct SetTargetReleaseParams at line 1 column 4`],
    ["1.5", `${P}invalid type: floating point \`1.5\`, expected struct SetTargetReleaseParams at line 1 column 3`],
    ['{"system_version":1.5}', `${P}system_version: invalid type: floating point \`1.5\`, expected semver version at line 1 column 21`],
    ['{"system_version":-0}', `${P}system_version: invalid type: floating point \`-0.0\`, expected semver version at line 1 column 20`],
    [
      '{"system_version":1.0e20}',
      `${P}system_version: invalid type: floating point \`1e+20\`, expected semver version at line 1 column 24`,
    ],
    [
      '{"system_version":18446744073709551616}',
      `${P}system_version: invalid type: floating point \`1.8446744073709552e+19\`, expected semver version at line 1 column 38`,
    ],
    ['{"system_version":true}', `${P}system_version: invalid type: boolean \`true\`, expected semver version at line 1 column 22`],
    ['{"system_version":{}}', `${P}system_version: invalid type: map, expected semver version at line 1 column 18`],
    ['{"system_version":[1]}', `${P}system_version: invalid type: sequence, expected semver version at line 1 column 18`],
    ['{"system_version":1e400}', `${P}system_version: number out of range at line 1 column 23`],
    ['{"system_version":01}', `${P}system_version: invalid number at line 1 column 20`],
    ['{"system_version":-}', `${P}system_version: invalid number at line 1 column 20`],
    ['{"system_version":1.}', `${P}system_version: invalid number at line 1 column 21`],
    ['{"system_version":"1.0.0",}', `${P}trailing comma at line 1 column 27`],
    ['{"system_version":"1.0.0" "x":1}', `${P}expected \`,\` or \`}\` at line 1 column 27`],
    ['{"system_version" 1}', `${P}expected \`:\` at line 1 column 19`],
    ['{"system_version"', `${P}EOF while parsing an object at line 1 column 17`],
    ['{"system_version":', `${P}system_version: EOF while parsing a value at line 1 column 18`],
    ["{1:2}", `${P}key must be a string at line 1 column 2`],
    ["{,}", `${P}key must be a string at line 1 column 2`],
    [
      '{"system_version":"99999999999999999999.0.0"}',
      `${P}system_version: value of major version number exceeds u64::MAX at line 1 column 44`,
    ],
    ['{"system_version":"1.2.3-01"}', `${P}system_version: invalid leading zero in pre-release identifier at line 1 column 28`],
    // raw_value's special key means nothing to a derived struct: it is just an unknown field.
    ['{"$serde_json::private::RawValue":"1.2.3"}', `${P}missing field \`system_version\` at line 1 column 42`],
  ])("%j", (body, message) => {
    expect(version(body)).toEqual(fails(message));
  });
});

describe("unknown fields are skipped with IgnoredAny (serde_json ignore_value)", () => {
  it("accepts arbitrarily nested valid JSON, with no recursion limit and no number range check", () => {
    expect(version('{"x":[1,{"a":[true,null,{"b":"\\ud83d\\ude00"}]}],"system_version":"1.0.0"}')).toEqual(accepts("1.0.0"));
    expect(version('{"x":1e400,"system_version":"1.0.0"}')).toEqual(accepts("1.0.0"));
    const deep = `{"x":${"[".repeat(10_000)}${"]".repeat(10_000)},"system_version":"1.0.0"}`;
    expect(version(deep)).toEqual(accepts("1.0.0"));
  });

  it.each([
    ['{"x":[1,],"system_version":"1.0.0"}', `${P}x: expected value at line 1 column 9`],
    ['{"x":{"a" 1},"system_version":"1.0.0"}', `${P}x: expected \`:\` at line 1 column 11`],
    ['{"x":{"a":1,},"system_version":"1.0.0"}', `${P}x: key must be a string at line 1 column 13`],
    ['{"x":nul,"system_version":"1.0.0"}', `${P}x: expected ident at line 1 column 9`],
    ['{"x":[1 2],"system_version":"1.0.0"}', `${P}x: expected \`,\` or \`]\` at line 1 column 9`],
    ['{"x":{"a":1', `${P}x: EOF while parsing an object at line 1 column 11`],
  ])("still rejects invalid JSON in them: %j", (body, message) => {
    expect(version(body)).toEqual(fails(message));
  });
});

describe("parseAnyJsonBody (TypedBody<serde_json::Value>)", () => {
  it("parses values; objects keep the last duplicate and BTreeMap key order", () => {
    const result = anyJson('{"b":[1,2.5,-3,"x",null,true],"a":{"d":{},"c":[]},"a":0}');
    expect(result).toEqual({ ok: true, value: { a: 0, b: [1, 2.5, -3, "x", null, true] } });
    expect(result.ok && Object.keys(result.value as object)).toEqual(["a", "b"]);
    expect(anyJson('"\\ud83d\\ude00"')).toEqual({ ok: true, value: "😀" });
    expect(anyJson("-0")).toEqual({ ok: true, value: -0 });
    expect(anyJson('{"__proto__":1}')).toEqual({ ok: true, value: JSON.parse('{"__proto__":1}') });
    expect(anyJson("[1] trailing")).toEqual({ ok: true, value: [1] });
  });

  it.each([
    ["", `${P}EOF while parsing a value at line 1 column 0`],
    ['{"a":[1,tru]}', `${P}a[1]: expected ident at line 1 column 12`],
    ['{"x":{"a":1', `${P}x.?: EOF while parsing an object at line 1 column 11`],
    ['{"x":{"b":1,}}', `${P}x.?: trailing comma at line 1 column 13`],
    ["[1,]", `${P}trailing comma at line 1 column 4`],
    ['{"a":{"b":[0,{"c" 1}]}}', `${P}a.b[1]: expected \`:\` at line 1 column 19`],
    ['{"":[}', `${P}[0]: expected value at line 1 column 6`],
    ['{"a.b":x}', `${P}a.b: expected value at line 1 column 8`],
    ["1e400", `${P}number out of range at line 1 column 5`],
  ])("%j", (body, message) => {
    expect(anyJson(body)).toEqual(fails(message));
  });

  it("applies serde_json's recursion limit of 128", () => {
    expect(anyJson(`${"[".repeat(127)}${"]".repeat(127)}`).ok).toBe(true);
    expect(anyJson("[".repeat(128))).toEqual(fails(`${P}${"[0]".repeat(127)}: recursion limit exceeded at line 1 column 128`));
  });

  it("handles the raw_value feature's special first key like serde_json does", () => {
    expect(anyJson('{"$serde_json::private::RawValue":"{\\"signed\\":1}"}')).toEqual({ ok: true, value: { signed: 1 } });
    expect(anyJson('{"root":{"$serde_json::private::RawValue":"[1,"}}')).toEqual(
      fails(`${P}root: EOF while parsing a value at line 1 column 3`),
    );
    expect(anyJson('{"$serde_json::private::RawValue":7}')).toEqual(
      fails(`${P}$serde_json::private::RawValue: invalid type: integer \`7\`, expected raw value at line 1 column 35`),
    );
  });
});

describe("properties", () => {
  const wellFormed = (result: { ok: boolean; message?: string }): boolean =>
    result.ok || (typeof result.message === "string" && result.message.startsWith(P) && / at line \d+ column \d+$/.test(result.message));

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (body) => {
        expect(wellFormed(parseSetTargetReleaseBody(body))).toBe(true);
        expect(wellFormed(parseAnyJsonBody(body))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on arbitrary strings, JSON-ish token soup included", () => {
    const soup = fc
      .array(
        fc.constantFrom(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          '"',
          "\\",
          "u",
          "d83d",
          "0",
          "1",
          "e",
          "-",
          ".",
          "null",
          "true",
          " ",
          "\n",
          '"system_version"',
          '"1.2.3"',
        ),
        {
          maxLength: 40,
        },
      )
      .map((tokens) => tokens.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), soup), (text) => {
        const body = bytes(text);
        expect(wellFormed(parseSetTargetReleaseBody(body))).toBe(true);
        expect(wellFormed(parseAnyJsonBody(body))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  const alnum = fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/);
  const numeric = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
  const preIdentifier = fc.oneof(
    numeric,
    alnum.filter((s) => !/^[0-9]+$/.test(s)),
  );
  const semverText = fc
    .tuple(numeric, numeric, numeric, fc.array(preIdentifier, { maxLength: 3 }), fc.array(alnum, { maxLength: 3 }))
    .map(
      ([major, minor, patch, pre, build]) =>
        `${major}.${minor}.${patch}${pre.length ? `-${pre.join(".")}` : ""}${build.length ? `+${build.join(".")}` : ""}`,
    );

  it("accepts any object holding a valid system_version, among any other fields", () => {
    const others = fc.array(
      fc.tuple(
        fc.string().filter((key) => key !== "system_version"),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(semverText, others, fc.nat(), fc.constantFrom("", " ", "\n  ", "\t"), (text, fields, at, space) => {
        expect(parseSemver(text).ok).toBe(true);
        const entries = fields.map(([key, value]) => `${JSON.stringify(key)}:${space}${JSON.stringify(value, null, space)}`);
        entries.splice(at % (entries.length + 1), 0, `"system_version":${space}${JSON.stringify(text)}`);
        const body = `{${space}${entries.join(`,${space}`)}${space}}`;
        expect(parseSetTargetReleaseBody(bytes(body))).toEqual(accepts(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("parses any JSON text to the same value as JSON.parse (up to float rounding)", () => {
    const close = (a: unknown, b: unknown): boolean => {
      if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= Math.abs(b) * 1e-14;
      if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => close(item, b[i]));
      if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const ka = Object.keys(a).sort();
        const kb = Object.keys(b).sort();
        return close(ka, kb) && ka.every((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
      }
      return a === b;
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        const result = parseAnyJsonBody(bytes(text));
        expect(result.ok).toBe(true);
        expect(result.ok && close(result.value, JSON.parse(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
