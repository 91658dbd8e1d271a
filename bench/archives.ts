/**
 * Hostile repository archives for the hardening benchmark and the soak. A deflate bomb: a tufaceous-style
 * archive whose one artifact is `inflatedBytes` of zeros deflated at level 9 (about 1/1000 of its size),
 * so the mock inflates, checks (CRC-32) and hashes (SHA-256) all of it before it can answer.
 */
import { createHash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { MANIFEST } from "../mocks/core/tuf/layout.js";
import { writeZip } from "../mocks/core/tuf/zip-write.js";

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/**
 * The archive: `artifacts.json` naming the version and one host image, and the image itself, both under
 * `repo/targets/<sha256>.<name>`. There is no TUF metadata: the mock verifies no signatures and, without
 * `targets.json`, finds targets by name, as its reader's lenient lookup allows.
 */
export function deflateBomb(systemVersion: string, inflatedBytes: number): Uint8Array {
  const zeros = new Uint8Array(inflatedBytes);
  const target = `host-${systemVersion}.tar.gz`;
  const manifest = new TextEncoder().encode(
    JSON.stringify({ system_version: systemVersion, artifacts: [{ name: "host", version: systemVersion, kind: "host", target }] }),
  );
  return writeZip([
    { name: `repo/targets/${sha256(manifest)}.${MANIFEST}`, data: manifest },
    { name: `repo/targets/${sha256(zeros)}.${target}`, data: zeros, deflated: deflateRawSync(zeros, { level: 9 }) },
  ]);
}
