/** A zip writer for tests and scenarios: stored (or pre-deflated) entries and fixed timestamps, so output is deterministic. */
import { crc32 } from "./crc32.js";
import { CENTRAL_SIG, CENTRAL_SIZE, EOCD_SIG, EOCD_SIZE, LOCAL_SIG, LOCAL_SIZE } from "./zip-format.js";

export interface ZipWriteEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** Raw deflate bytes to store instead of `data` (method 8); CRC and size still describe `data`. */
  readonly deflated?: Uint8Array;
}

/** Writes a zip archive: stored entries (or pre-deflated ones), fixed timestamps, so output is deterministic. */
export function writeZip(entries: readonly ZipWriteEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, the earliest a zip can say
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const payload = entry.deflated ?? entry.data;
    const method = entry.deflated ? 8 : 0;
    const crc = crc32(entry.data);
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : 0x0800; // bit 11: the name is UTF-8
    const local = new Uint8Array(LOCAL_SIZE + name.byteLength + payload.byteLength);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL_SIG, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, DOS_TIME, true);
    lv.setUint16(12, DOS_DATE, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, payload.byteLength, true);
    lv.setUint32(22, entry.data.byteLength, true);
    lv.setUint16(26, name.byteLength, true);
    local.set(name, LOCAL_SIZE);
    local.set(payload, LOCAL_SIZE + name.byteLength);
    const central = new Uint8Array(CENTRAL_SIZE + name.byteLength);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CENTRAL_SIG, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, DOS_TIME, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, payload.byteLength, true);
    cv.setUint32(24, entry.data.byteLength, true);
    cv.setUint16(28, name.byteLength, true);
    cv.setUint32(42, offset, true);
    central.set(name, CENTRAL_SIZE);
    locals.push(local);
    centrals.push(central);
    offset += local.byteLength;
  }
  const directorySize = centrals.reduce((sum, c) => sum + c.byteLength, 0);
  const eocd = new Uint8Array(EOCD_SIZE);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, EOCD_SIG, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + EOCD_SIZE);
  let at = 0;
  for (const part of [...locals, ...centrals, eocd]) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
