/**
 * A minimal, defensive zip reader, with the checks and messages of the upstream loader: tufaceous reads
 * archives with `rawzip`, requires the end-of-central-directory record to end the file (no comment),
 * checks the entry count, the local headers, and that no data range overlaps another or the central
 * directory. Top-level messages are tufaceous's texts; `cause` approximates rawzip's (not traced for every
 * case). Web APIs only: this runs in browsers too.
 *
 * Opening checks the structure; an entry's bytes are inflated and checked only when it is read, as the
 * loader reads only the files it needs. Reading yields to the event loop between slices, so a large or
 * hostile archive never holds other requests for long.
 */
import { debugByteString } from "../../../src/shared/rust-debug.js";
import { limitMessage, type MockLimits } from "../protocol/limits.js";
import { nextTask } from "../protocol/slices.js";
import { CRC32_START, crc32Final, crc32Update } from "./crc32.js";
import { CENTRAL_SIG, CENTRAL_SIZE, EOCD_SIG, EOCD_SIZE, LOCAL_SIG, LOCAL_SIZE } from "./zip-format.js";

export type ZipLimits = Pick<MockLimits, "maxZipEntries" | "maxInflatedBytes">;

/** A failure: `structure` found while opening (upstream: before trust roots are even looked at), `data` while reading. */
export interface ZipFailure {
  readonly ok: false;
  readonly stage: "structure" | "data";
  readonly message: string;
  readonly cause?: string;
}

export interface ZipEntry {
  /** The name as UTF-8 text (invalid bytes replaced). */
  readonly name: string;
  readonly rawName: Uint8Array;
  /** The inflated size the central directory declares. */
  readonly size: number;
  /** The entry's bytes, inflated and checked against its size and CRC. Never throws. */
  read(): Promise<{ readonly ok: true; readonly data: Uint8Array } | ZipFailure>;
}

export type OpenZipResult = { readonly ok: true; readonly entries: readonly ZipEntry[] } | ZipFailure;
export type ReadZipResult = { readonly ok: true; readonly entries: { readonly name: string; readonly data: Uint8Array }[] } | ZipFailure;

/** Bytes of input fed to the inflater at a time, and of stored data checked between yields. */
const INFLATE_SLICE = 64 * 1024;
const CRC_SLICE = 4 * 1_048_576;

export const EOCD_ERROR = "failed to read end of central directory of zip archive";
const CDFH_ERROR = "failed to read central directory file header of zip archive";
const LOCAL_ERROR = "failed to read local file header of zip archive";
const EOF = "Unexpected end of file";

const fail = (stage: ZipFailure["stage"], message: string, cause?: string): ZipFailure =>
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

/** Opens a zip archive: its structure, checked; entries read on demand. Never throws, whatever the bytes. */
export function openZip(bytes: Uint8Array, limits: ZipLimits): OpenZipResult {
  try {
    return openUnchecked(bytes, limits);
  } catch {
    // Nothing below is expected to throw; if it does, the archive is still just unreadable.
    return fail("structure", EOCD_ERROR, "Invalid end of central directory");
  }
}

/** Opens and reads every entry, in order: the first failure wins. */
export async function readZip(bytes: Uint8Array, limits: ZipLimits): Promise<ReadZipResult> {
  const opened = openZip(bytes, limits);
  if (!opened.ok) return opened;
  const entries: { name: string; data: Uint8Array }[] = [];
  for (const entry of opened.entries) {
    const read = await entry.read();
    if (!read.ok) return read;
    entries.push({ name: entry.name, data: read.data });
  }
  return { ok: true, entries };
}

/** Little-endian reads over the archive's bytes. */
class ZipBytes {
  readonly #view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.byteLength;
  }
  u16(at: number): number {
    return this.#view.getUint16(at, true);
  }
  u32(at: number): number {
    return this.#view.getUint32(at, true);
  }
}

/** Where the central directory is, from the end record: its entry count, offset and size. */
interface Directory {
  readonly expected: number;
  readonly offset: number;
  readonly size: number;
  /** Bytes prepended to the archive (rawzip's correction), added to every local offset. */
  readonly base: number;
}

type DataRange = { readonly start: number; readonly end: number; readonly name: Uint8Array };

function openUnchecked(bytes: Uint8Array, limits: ZipLimits): OpenZipResult {
  const zip = new ZipBytes(bytes);
  const directory = findDirectory(zip, limits);
  if ("ok" in directory) return directory;
  const entries = readDirectory(zip, directory);
  if (!Array.isArray(entries)) return entries;
  const ranges = locateData(zip, entries, directory.offset);
  if (!Array.isArray(ranges)) return ranges;

  // Past the structure: the rest is per-entry data, which upstream sees only when it reads that file.
  let total = 0;
  for (const entry of entries) total += entry.size;
  if (total > limits.maxInflatedBytes) {
    return fail("data", limitMessage(limits, "maxInflatedBytes", `the zip archive's entries inflate to ${total} bytes`));
  }
  const decoder = new TextDecoder();
  return {
    ok: true,
    entries: entries.map((entry, index) => {
      const range = ranges[index] ?? { start: 0, end: 0 };
      return { name: decoder.decode(entry.rawName), rawName: entry.rawName, size: entry.size, read: () => readEntry(bytes, entry, range) };
    }),
  };
}

/** The end-of-central-directory record, checked as tufaceous and rawzip check it. */
function findDirectory(zip: ZipBytes, limits: ZipLimits): Directory | ZipFailure {
  const length = zip.length;
  // tufaceous searches only the last 22 bytes (rawzip's search is backwards): the record must end the file.
  let found = -1;
  for (let at = length - 4; at >= Math.max(0, length - EOCD_SIZE); at--) {
    if (zip.u32(at) === EOCD_SIG) {
      found = at;
      break;
    }
  }
  if (found < 0) return fail("structure", EOCD_ERROR, "Missing end of central directory");
  if (found !== length - EOCD_SIZE || zip.u16(found + 20) !== 0) return fail("structure", EOCD_ERROR, EOF);
  const eocd = found;
  const expected = zip.u16(eocd + 10);
  if (expected > limits.maxZipEntries) {
    return fail("structure", limitMessage(limits, "maxZipEntries", `the zip archive has ${expected} entries`));
  }
  const size = zip.u32(eocd + 12);
  const offset = zip.u32(eocd + 16);
  if (expected === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    return fail("structure", EOCD_ERROR, "zip64 archives are not supported by the mock");
  }
  if (offset > eocd) return fail("structure", EOCD_ERROR, "Invalid end of central directory");
  // rawzip's correction for data prepended to the archive: the directory is assumed to end at the record.
  const centralAt = (at: number): boolean => at + CENTRAL_SIZE <= length && zip.u32(at) === CENTRAL_SIG;
  if (!centralAt(offset) && centralAt(Math.max(0, eocd - size))) {
    const corrected = Math.max(0, eocd - size);
    return { expected, offset: corrected, size, base: Math.max(0, corrected - offset) };
  }
  return { expected, offset, size, base: 0 };
}

/** The central directory's entries: exactly as many as the end record says. */
function readDirectory(zip: ZipBytes, directory: Directory): CentralEntry[] | ZipFailure {
  const { expected } = directory;
  const entries: CentralEntry[] = [];
  const directoryEnd = Math.min(directory.offset + directory.size, zip.length);
  let at = directory.offset;
  while (at < directoryEnd) {
    if (at + CENTRAL_SIZE > directoryEnd) return fail("structure", CDFH_ERROR, EOF);
    if (zip.u32(at) !== CENTRAL_SIG) return fail("structure", CDFH_ERROR, badSignature(CENTRAL_SIG, zip.u32(at)));
    const nameLength = zip.u16(at + 28);
    const variable = nameLength + zip.u16(at + 30) + zip.u16(at + 32);
    if (at + CENTRAL_SIZE + variable > directoryEnd) return fail("structure", CDFH_ERROR, EOF);
    if (entries.length >= expected) {
      return fail("structure", `zip archive's end of central directory record expects ${expected} entries, but found more entries`);
    }
    entries.push({
      rawName: zip.bytes.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength),
      method: zip.u16(at + 10),
      crc: zip.u32(at + 16),
      compressedSize: zip.u32(at + 20),
      size: zip.u32(at + 24),
      localOffset: zip.u32(at + 42) + directory.base,
    });
    at += CENTRAL_SIZE + variable;
  }
  if (entries.length !== expected) {
    return fail(
      "structure",
      `zip archive's end of central directory record expects ${expected} entries, but found ${entries.length} entries`,
    );
  }
  return entries;
}

/** Each entry's compressed data, from its local header: names agree, nothing overruns the directory or overlaps. */
function locateData(zip: ZipBytes, entries: readonly CentralEntry[], directoryOffset: number): DataRange[] | ZipFailure {
  const ranges: DataRange[] = [];
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + LOCAL_SIZE > zip.length) return fail("structure", LOCAL_ERROR, EOF);
    if (zip.u32(local) !== LOCAL_SIG) return fail("structure", LOCAL_ERROR, badSignature(LOCAL_SIG, zip.u32(local)));
    const nameLength = zip.u16(local + 26);
    const start = local + LOCAL_SIZE + nameLength + zip.u16(local + 28);
    if (start > zip.length) return fail("structure", LOCAL_ERROR, EOF);
    const localName = zip.bytes.subarray(local + LOCAL_SIZE, local + LOCAL_SIZE + nameLength);
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
  return ranges;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

/** One entry's bytes, inflated if need be, checked against its declared size and CRC. */
async function readEntry(bytes: Uint8Array, entry: CentralEntry, range: { start: number; end: number }) {
  const compressed = bytes.subarray(range.start, range.end);
  const readError = (cause: string): ZipFailure => fail("data", `failed to read ${debugByteString(entry.rawName)} from zip archive`, cause);
  let read: Inflated;
  if (entry.method === 0) read = await stored(compressed);
  else if (entry.method === 8) read = await inflateRaw(compressed, entry.size);
  else return readError(`unsupported compression method ${entry.method}`);
  if (read.kind === "invalid") return readError("invalid deflate data");
  if (read.kind === "too-long") return readError(`Invalid size: expected ${entry.size}, got more`);
  if (read.data.byteLength !== entry.size) return readError(`Invalid size: expected ${entry.size}, got ${read.data.byteLength}`);
  if (read.crc !== entry.crc) return readError(`Invalid checksum: expected ${hex8(entry.crc)}, got ${hex8(read.crc)}`);
  return { ok: true as const, data: read.data };
}

type Inflated =
  { readonly kind: "ok"; readonly data: Uint8Array; readonly crc: number } | { readonly kind: "invalid" } | { readonly kind: "too-long" };

/** A stored entry: its bytes as they are, their CRC computed in slices with a yield between them. */
async function stored(data: Uint8Array): Promise<Inflated> {
  let crc = CRC32_START;
  for (let at = 0; at < data.byteLength; at += CRC_SLICE) {
    crc = crc32Update(crc, data.subarray(at, at + CRC_SLICE));
    if (at + CRC_SLICE < data.byteLength) await nextTask();
  }
  return { kind: "ok", data, crc: crc32Final(crc) };
}

/**
 * Inflates raw deflate data into a buffer of the declared size, computing the CRC as output arrives: no
 * copy of the whole output, and no more than `size` bytes are ever kept. The inflater runs outside the
 * JavaScript thread (zlib in Node, the browser's own); input goes in slices so a bomb stops near `size`.
 */
async function inflateRaw(input: Uint8Array, size: number): Promise<Inflated> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  void (async () => {
    for (let at = 0; at < input.byteLength; at += INFLATE_SLICE) await writer.write(input.slice(at, at + INFLATE_SLICE));
    await writer.close();
  })().catch(() => undefined);
  const out = new Uint8Array(size);
  let length = 0;
  let crc = CRC32_START;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.byteLength > size) {
        await reader.cancel().catch(() => undefined);
        return { kind: "too-long" };
      }
      out.set(value, length);
      length += value.byteLength;
      crc = crc32Update(crc, value);
    }
  } catch {
    return { kind: "invalid" };
  }
  return { kind: "ok", data: length === size ? out : out.subarray(0, length), crc: crc32Final(crc) };
}
