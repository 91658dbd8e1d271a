/**
 * Hostile repository archives for the hardening benchmark and the soak. A deflate bomb: a tufaceous-style
 * archive whose one artifact is `inflatedBytes` of zeros deflated at level 9 (about 1/1000 of its size),
 * so the mock inflates, checks (CRC-32) and hashes (SHA-256) all of it before it can answer.
 */
import { deflateRawSync } from "node:zlib";
import { buildRepositoryEntries } from "../mocks/core/tuf/archive-build.js";
import { writeZip } from "../mocks/core/tuf/zip-write.js";

/**
 * The archive: a repository signed with the test key (which every session's seeded root trusts) whose
 * one host image is `inflatedBytes` of zeros, stored deflated at level 9.
 */
export async function deflateBomb(systemVersion: string, inflatedBytes: number): Promise<Uint8Array> {
  const zeros = new Uint8Array(inflatedBytes);
  const entries = await buildRepositoryEntries({
    systemVersion,
    artifacts: [{ name: "host", version: systemVersion, kind: "host", data: zeros }],
  });
  return writeZip(entries.map((entry) => (entry.data === zeros ? { ...entry, deflated: deflateRawSync(zeros, { level: 9 }) } : entry)));
}
