/** The mock's zip reader: round trips, tufaceous's structural checks and messages, hostile input. */
import { deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../mocks/core/tuf/crc32.js";
import { EOCD_ERROR, readZip } from "../../mocks/core/tuf/zip-read.js";
import { writeZip } from "../../mocks/core/tuf/zip-write.js";
import { DEFAULT_LIMITS } from "../../mocks/core/protocol/limits.js";

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** A copy of `bytes` with little-endian fields patched: `[offset, size, value]`. */
function patched(bytes: Uint8Array, ...fields: [number, 2 | 4, number][]): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  for (const [offset, size, value] of fields) {
    if (size === 2) view.setUint16(offset, value, true);
    else view.setUint32(offset, value, true);
  }
  return copy;
}

async function failure(bytes: Uint8Array) {
  const result = await readZip(bytes, DEFAULT_LIMITS);
  if (result.ok) throw new Error("expected the zip to be refused");
  return result;
}

describe("readZip / writeZip", () => {
  it("round-trips stored entries, names in UTF-8 included", async () => {
    const entries = [
      { name: "repo/a.txt", data: text("alpha") },
      { name: "repo/empty", data: new Uint8Array(0) },
      { name: "repo/ünïcode.json", data: text('{"x":1}') },
    ];
    const result = await readZip(writeZip(entries), DEFAULT_LIMITS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries.map((e) => [e.name, decode(e.data)])).toEqual(entries.map((e) => [e.name, decode(e.data)]));
  });

  it("is deterministic", () => {
    const entries = [{ name: "a", data: text("x") }];
    expect(writeZip(entries)).toEqual(writeZip(entries));
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(text("123456789"))).toBe(0xcbf43926);
  });

  it("inflates deflated entries", async () => {
    const data = text("hello, rack\n".repeat(200));
    const result = await readZip(writeZip([{ name: "big.txt", data, deflated: deflateRawSync(data) }]), DEFAULT_LIMITS);
    expect(result.ok && decode(result.entries[0]?.data ?? new Uint8Array(0))).toBe(decode(data));
  });

  it("refuses bad deflate data, a bomb past its declared size, and a bad checksum, as data errors", async () => {
    const data = text("payload");
    const bad = await failure(writeZip([{ name: "x", data, deflated: new Uint8Array([0xff, 0xff, 0xff]) }]));
    expect(bad).toMatchObject({ stage: "data", message: 'failed to read "x" from zip archive', cause: "invalid deflate data" });
    const bomb = await failure(writeZip([{ name: "x", data: new Uint8Array(16), deflated: deflateRawSync(new Uint8Array(20_000_000)) }]));
    expect(bomb).toMatchObject({ stage: "data", cause: "Invalid size: expected 16, got more" });
    const stored = writeZip([{ name: "x", data }]);
    const corrupted = stored.slice();
    corrupted[31] = (corrupted[31] ?? 0) ^ 0xff; // first data byte (30-byte header + 1-byte name)
    const crc = await failure(corrupted);
    expect(crc.stage).toBe("data");
    expect(crc.cause).toMatch(/^Invalid checksum: expected 0x[0-9a-f]{8}, got 0x[0-9a-f]{8}$/);
  });

  it("refuses what is not a zip with tufaceous's end-of-central-directory message", async () => {
    for (const bytes of [new Uint8Array(0), text("definitely not a zip archive"), new Uint8Array(4096)]) {
      expect(await failure(bytes)).toEqual({
        ok: false,
        stage: "structure",
        message: EOCD_ERROR,
        cause: "Missing end of central directory",
      });
    }
  });

  it("requires the end-of-central-directory record to end the file (no comment, no trailing bytes)", async () => {
    const zip = writeZip([{ name: "a", data: text("x") }]);
    const trailing = new Uint8Array([...zip, 0, 0]);
    expect((await failure(trailing)).message).toBe(EOCD_ERROR);
    const withComment = new Uint8Array([...patched(zip, [zip.length - 2, 2, 3]), 0x61, 0x62, 0x63]);
    expect((await failure(withComment)).message).toBe(EOCD_ERROR);
  });

  it("reports truncated archives", async () => {
    const zip = writeZip([
      { name: "a", data: text("xyz") },
      { name: "b", data: text("uvw") },
    ]);
    expect((await failure(zip.subarray(0, zip.length - 5))).message).toBe(EOCD_ERROR);
    // Losing the front keeps the record but every offset now points 10 bytes too far.
    const frontless = await failure(zip.subarray(10));
    expect(frontless.stage).toBe("structure");
    expect(frontless.message).toMatch(/^failed to read (central directory file header|local file header) of zip archive$/);
  });

  it("checks the entry count against the record", async () => {
    const zip = writeZip([
      { name: "a", data: text("1") },
      { name: "b", data: text("2") },
    ]);
    const fewer = patched(zip, [zip.length - 12, 2, 1]);
    expect((await failure(fewer)).message).toBe("zip archive's end of central directory record expects 1 entries, but found more entries");
    const more = patched(zip, [zip.length - 12, 2, 3]);
    expect((await failure(more)).message).toBe("zip archive's end of central directory record expects 3 entries, but found 2 entries");
  });

  it("checks local headers against the central directory", async () => {
    const zip = writeZip([{ name: "a", data: text("1") }]);
    const renamed = zip.slice();
    renamed[30] = "z".charCodeAt(0);
    expect((await failure(renamed)).message).toBe('zip archive path name mismatch between central directory and local header ("a" != "z")');
    const badSignature = patched(zip, [0, 4, 0x12345678]);
    expect(await failure(badSignature)).toMatchObject({
      message: "failed to read local file header of zip archive",
      cause: "Invalid signature: expected 0x04034b50, got 0x12345678",
    });
  });

  it("refuses data ranges that overlap each other or the central directory", async () => {
    const zip = writeZip([
      { name: "a", data: text("1") },
      { name: "b", data: text("2") },
    ]);
    const directory = new DataView(zip.buffer).getUint32(zip.length - 6, true);
    const second = directory + 46 + 1; // the second central entry
    // Point the second entry at the first entry's local header, under the first entry's name.
    const aliased = patched(zip, [second + 42, 4, 0]);
    aliased[second + 46] = "a".charCodeAt(0);
    expect((await failure(aliased)).message).toBe('zip archive has overlapping compressed data ranges: "a" (31..32) and "a" (31..32)');
    const overrun = patched(zip, [directory + 20, 4, 100]);
    expect((await failure(overrun)).message).toBe('zip archive compressed data range for "a" (31..131) overruns central directory');
  });

  it("never throws and always settles on random bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const result = await readZip(bytes, DEFAULT_LIMITS);
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on damaged archives (flipped bytes, cuts, deflated entries included)", async () => {
    const data = text("some text that compresses some text that compresses\n".repeat(20));
    const base = writeZip([
      { name: "repo/one", data: text("first") },
      { name: "repo/two", data, deflated: deflateRawSync(data) },
      { name: "repo/three", data: text("third") },
    ]);
    const damage = fc.record({
      flips: fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat(base.length), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(damage, async ({ flips, cut }) => {
        const bytes = base.slice(0, cut ?? base.length);
        for (const [at, mask] of flips) if (at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ mask;
        const result = await readZip(bytes, DEFAULT_LIMITS);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
