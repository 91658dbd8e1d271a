/**
 * A minimal, defensive zip reader, with the checks and messages of
 * the upstream loader: tufaceous reads archives with `rawzip`, requires the end-of-central-directory
 * record to end the file (no comment), checks the entry count, the local headers, and that no data
 * range overlaps another or the central directory. Top-level messages are tufaceous's texts; `cause`
 * approximates rawzip's (not traced for every case). Web APIs only: this runs in browsers too.
 */
import { debugByteString } from "../../../src/shared/rust-debug.js";
import { crc32 } from "./crc32.js";
import { CENTRAL_SIG, CENTRAL_SIZE, EOCD_SIG, EOCD_SIZE, LOCAL_SIG, LOCAL_SIZE } from "./zip-format.js";

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

export type ReadZipResult =
  | { readonly ok: true; readonly entries: ZipEntry[] }
  /**
   * `structure`: found while opening the archive (upstream: before trust roots are even looked at);
   * `data`: found while reading an entry's bytes (upstream: only when the loader fetches that file).
   */
  | { readonly ok: false; readonly stage: "structure" | "data"; readonly message: string; readonly cause?: string };

type Failure = Extract<ReadZipResult, { ok: false }>;

/** Bounds for hostile input: the entry count is a u16 anyway; inflated bytes are capped in total. */
const MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024;
const INFLATE_SLICE = 64 * 1024;

export const EOCD_ERROR = "failed to read end of central directory of zip archive";
const CDFH_ERROR = "failed to read central directory file header of zip archive";
const LOCAL_ERROR = "failed to read local file header of zip archive";
const EOF = "Unexpected end of file";

const fail = (stage: Failure["stage"], message: string, cause?: string): Failure =>
  cause === undefined ? { ok: false, stage, message } : { ok: false, stage, message, cause };

const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, "0")}`;
const badSignature = (expected: number, actual: number): string => `Invalid signature: expected ${hex8(expected)}, got ${hex8(actual)}`;
interface CentralEntry {
  readonly rawName: Uint8Array;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Reads a zip archive completely; never throws, whatever the bytes. */
export async function readZip(bytes: Uint8Array): Promise<ReadZipResult> {
  try {
    return await readZipUnchecked(bytes);
  } catch {
    // Nothing above is expected to throw; if it does, the archive is still just unreadable.
    return fail("structure", EOCD_ERROR, "Invalid end of central directory");
  }
}

async function readZipUnchecked(bytes: Uint8Array): Promise<ReadZipResult> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const length = bytes.byteLength;

  // tufaceous searches only the last 22 bytes (rawzip's search is backwards): the record must end the file.
  let found = -1;
  for (let at = length - 4; at >= Math.max(0, length - EOCD_SIZE); at--) {
    if (u32(at) === EOCD_SIG) {
      found = at;
      break;
    }
  }
  if (found < 0) return fail("structure", EOCD_ERROR, "Missing end of central directory");
  if (found !== length - EOCD_SIZE || u16(found + 20) !== 0) return fail("structure", EOCD_ERROR, EOF);
  const eocd = found;
  const expected = u16(eocd + 10);
  const directorySize = u32(eocd + 12);
  let directoryOffset = u32(eocd + 16);
  if (expected === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    return fail("structure", EOCD_ERROR, "zip64 archives are not supported by the mock");
  }
  if (directoryOffset > eocd) return fail("structure", EOCD_ERROR, "Invalid end of central directory");
  // rawzip's correction for data prepended to the archive: the directory is assumed to end at the record.
  const centralAt = (at: number): boolean => at + CENTRAL_SIZE <= length && u32(at) === CENTRAL_SIG;
  let base = 0;
  if (!centralAt(directoryOffset) && centralAt(Math.max(0, eocd - directorySize))) {
    const corrected = Math.max(0, eocd - directorySize);
    base = Math.max(0, corrected - directoryOffset);
    directoryOffset = corrected;
  }

  const entries: CentralEntry[] = [];
  const directoryEnd = Math.min(directoryOffset + directorySize, length);
  let at = directoryOffset;
  while (at < directoryEnd) {
    if (at + CENTRAL_SIZE > directoryEnd) return fail("structure", CDFH_ERROR, EOF);
    if (u32(at) !== CENTRAL_SIG) return fail("structure", CDFH_ERROR, badSignature(CENTRAL_SIG, u32(at)));
    const nameLength = u16(at + 28);
    const variable = nameLength + u16(at + 30) + u16(at + 32);
    if (at + CENTRAL_SIZE + variable > directoryEnd) return fail("structure", CDFH_ERROR, EOF);
    if (entries.length >= expected) {
      return fail("structure", `zip archive's end of central directory record expects ${expected} entries, but found more entries`);
    }
    entries.push({
      rawName: bytes.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42) + base,
    });
    at += CENTRAL_SIZE + variable;
  }
  if (entries.length !== expected) {
    return fail(
      "structure",
      `zip archive's end of central directory record expects ${expected} entries, but found ${entries.length} entries`,
    );
  }

  const ranges: { start: number; end: number; name: Uint8Array }[] = [];
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + LOCAL_SIZE > length) return fail("structure", LOCAL_ERROR, EOF);
    if (u32(local) !== LOCAL_SIG) return fail("structure", LOCAL_ERROR, badSignature(LOCAL_SIG, u32(local)));
    const nameLength = u16(local + 26);
    const start = local + LOCAL_SIZE + nameLength + u16(local + 28);
    if (start > length) return fail("structure", LOCAL_ERROR, EOF);
    const localName = bytes.subarray(local + LOCAL_SIZE, local + LOCAL_SIZE + nameLength);
    if (!sameBytes(localName, entry.rawName)) {
      return fail(
        "structure",
        `zip archive path name mismatch between central directory and local header (${debugByteString(entry.rawName)} != ${debugByteString(localName)})`,
      );
    }
    const end = start + entry.compressedSize;
    if (end > directoryOffset) {
      return fail(
        "structure",
        `zip archive compressed data range for ${debugByteString(localName)} (${start}..${end}) overruns central directory`,
      );
    }
    ranges.push({ start, end, name: entry.rawName });
  }
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const earlier = sorted[i - 1];
    const later = sorted[i];
    if (earlier && later && earlier.end > later.start) {
      return fail(
        "structure",
        `zip archive has overlapping compressed data ranges: ${debugByteString(earlier.name)} (${earlier.start}..${earlier.end}) and ` +
          `${debugByteString(later.name)} (${later.start}..${later.end})`,
      );
    }
  }

  // Everything below is per-entry data: upstream would see it only when reading that file.
  let total = 0;
  for (const entry of entries) total += entry.size;
  if (total > MAX_TOTAL_UNCOMPRESSED) {
    return fail("data", "zip archive is too large for the mock", `more than ${MAX_TOTAL_UNCOMPRESSED} bytes uncompressed`);
  }
  const decoder = new TextDecoder();
  const result: ZipEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const range = ranges[index];
    const compressed = range ? bytes.subarray(range.start, range.end) : new Uint8Array(0);
    const name = decoder.decode(entry.rawName);
    const readError = (cause: string): Failure => fail("data", `failed to read ${debugByteString(entry.rawName)} from zip archive`, cause);
    let data: Uint8Array | null | undefined;
    if (entry.method === 0) data = compressed;
    else if (entry.method === 8) data = await inflateRaw(compressed, entry.size);
    else return readError(`unsupported compression method ${entry.method}`);
    if (data === undefined) return readError("invalid deflate data");
    if (data === null) return readError(`Invalid size: expected ${entry.size}, got more`);
    if (data.byteLength !== entry.size) return readError(`Invalid size: expected ${entry.size}, got ${data.byteLength}`);
    const actual = crc32(data);
    if (actual !== entry.crc) return readError(`Invalid checksum: expected ${hex8(entry.crc)}, got ${hex8(actual)}`);
    result[index] = { name, data };
  }
  return { ok: true, entries: result };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

/** Inflates raw deflate data: undefined for bad data, null as soon as the output exceeds `limit` bytes. */
async function inflateRaw(input: Uint8Array, limit: number): Promise<Uint8Array | null | undefined> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Fed in slices so a small bomb cannot make the stream inflate far past the limit before we stop it.
  void (async () => {
    for (let at = 0; at < input.byteLength; at += INFLATE_SLICE) await writer.write(input.slice(at, at + INFLATE_SLICE));
    await writer.close();
  })().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
