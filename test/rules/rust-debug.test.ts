/**
 * Rust's `{:?}` renderings, one per type, checked against the rules of the upstream sources they follow:
 * core's `char::escape_debug_ext` (for `str` and `char`), the http crate's `impl Debug for HeaderValue`,
 * and tufaceous's `DebugByteString` (str Debug, else `b"…"` with `u8::escape_ascii`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { debugByteString, debugChar, debugHeaderValue, debugStr, headerValueBytes } from "../../src/shared/rust-debug.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const latin1 = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe("str and char (char::escape_debug_ext)", () => {
  it("escapes tab, CR, LF, NUL and backslash by name", () => {
    expect(debugStr("a\tb\rc\nd\0e\\f")).toBe('"a\\tb\\rc\\nd\\0e\\\\f"');
    expect(debugChar("\t")).toBe("'\\t'");
    expect(debugChar("\\")).toBe("'\\\\'");
    expect(debugChar("\0")).toBe("'\\0'");
  });

  it("escapes the quote of its own kind only", () => {
    expect(debugStr(`say "it's"`)).toBe(`"say \\"it's\\""`);
    expect(debugChar('"')).toBe(`'"'`);
    expect(debugChar("'")).toBe("'\\''");
  });

  it("writes every other control character, DEL included, as \\u{…} in lowercase hex without padding", () => {
    for (let code = 0; code < 0x20; code++) {
      if ([0x00, 0x09, 0x0a, 0x0d].includes(code)) continue;
      expect(debugChar(String.fromCharCode(code))).toBe(`'\\u{${code.toString(16)}}'`);
    }
    expect(debugStr("\x7f")).toBe('"\\u{7f}"');
    expect(debugStr("\x85\xa0")).toBe('"\\u{85}\\u{a0}"');
  });

  it("keeps the space and printable non-ASCII; escapes separators, format characters and unassigned code points", () => {
    expect(debugStr(" é€😀")).toBe('" é€😀"');
    expect(debugStr("\u2028\u200b\ufeff")).toBe('"\\u{2028}\\u{200b}\\u{feff}"');
    expect(debugChar("\u{e0000}")).toBe("'\\u{e0000}'");
  });

  it("escapes grapheme extenders (combining marks) even after a base character", () => {
    expect(debugStr("e\u0301")).toBe('"e\\u{301}"');
    expect(debugChar("\u0301")).toBe("'\\u{301}'");
    expect(debugStr("\u200d")).toBe('"\\u{200d}"');
  });
});

describe("HeaderValue (http crate)", () => {
  it("writes visible ASCII and the tab raw, a backslash single, and escapes only the double quote", () => {
    expect(debugHeaderValue(latin1('a\tb\\c"d'))).toBe('"a\tb\\c\\"d"');
  });

  it("writes every other byte as \\x plus lowercase hex digits without padding", () => {
    for (let byte = 0; byte < 256; byte++) {
      const visible = (byte >= 0x20 && byte < 0x7f) || byte === 0x09;
      if (visible) continue;
      expect(debugHeaderValue(bytes(byte))).toBe(`"\\x${byte.toString(16)}"`);
    }
    expect(debugHeaderValue(bytes(0x08))).toBe('"\\x8"');
    expect(debugHeaderValue(bytes(0x7f))).toBe('"\\x7f"');
  });

  it("renders the issue's two examples as upstream does", () => {
    expect(debugHeaderValue(latin1("1.2\t.3-rc.1+b\x8c"))).toBe('"1.2\t.3-rc.1+b\\x8c"');
    expect(debugHeaderValue(latin1("x\xc3\xa9'\\"))).toBe(`"x\\xc3\\xa9'\\"`);
  });

  it("takes header text as Node gives it (one latin1 character a byte), and wider text as UTF-8", () => {
    expect([...headerValueBytes("a\x8c\xff")]).toEqual([0x61, 0x8c, 0xff]);
    expect([...headerValueBytes("é€")]).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });

  it("is byte for byte: each byte renders the same alone and inside a value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (value) => {
        const whole = debugHeaderValue(value);
        const pieces = [...value].map((byte) => debugHeaderValue(bytes(byte)).slice(1, -1)).join("");
        expect(whole).toBe(`"${pieces}"`);
      }),
    );
  });
});

describe("byte strings (tufaceous DebugByteString)", () => {
  it("renders UTF-8 names as str Debug", () => {
    expect(debugByteString(new TextEncoder().encode('repo/ta\tb"é\u0301'))).toBe('"repo/ta\\tb\\"é\\u{301}"');
  });

  it('renders other bytes as b"…" with escape_ascii: names for \\t \\r \\n \\\\ \\\' \\", two hex digits for the rest', () => {
    expect(debugByteString(bytes(0xff, 0x09, 0x0d, 0x0a, 0x5c, 0x27, 0x22, 0x41, 0x00, 0x7f))).toBe(
      `b"\\xff\\t\\r\\n\\\\\\'\\"A\\x00\\x7f"`,
    );
  });

  it("differs from HeaderValue where the Rust types differ", () => {
    const value = latin1("\t\\'\x8c");
    expect(debugHeaderValue(value)).toBe(`"\t\\'\\x8c"`);
    expect(debugByteString(value)).toBe(`b"\\t\\\\\\'\\x8c"`);
    expect(debugStr("\t\\'")).toBe(`"\\t\\\\'"`);
  });
});
