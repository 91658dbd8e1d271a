/**
 * TUF verification as a client meets it (issue 24), one table of cases driven through the typed client
 * against whatever adapter the caller gives (MSW in Node, the standalone server, the browser worker):
 * trust roots refused or accepted while their body is read, and each refusal of an upload, with
 * upstream's statuses and messages; a refusal changes nothing.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { MockControl } from "../../mocks/control-client.js";
import { buildRepositoryArchive, type ArchiveRefusal } from "../../mocks/core/tuf/archive-build.js";
import { TEST_ONLY_ED25519_OTHER_KEY } from "../../mocks/core/tuf/test-keys.js";
import { createClient, type ApiResult } from "../../src/index.js";

export interface TufTarget {
  readonly baseUrl: string;
  readonly control: MockControl;
}

/** Upstream's real signed root (test/fixtures/tuf/PROVENANCE.md). */
export const EXPIRED_ROOT = JSON.parse(readFileSync(new URL("../fixtures/tuf/tuf-expired-root.json", import.meta.url), "utf8")) as {
  signed: unknown;
  signatures: { keyid: string; sig: string }[];
};

const BODY = "unable to parse JSON body: ";
const chain = (message: string, cause: string) => `${message}\nCaused by:\n  -> ${cause}`;
const threshold = (role: string, needed: number, valid: number) =>
  `Signature threshold of ${needed} not met for role ${role} (${valid} valid signatures)`;
const verifyFailed = (role: string, needed: number, valid: number) =>
  chain(`Failed to verify ${role} metadata: ${threshold(role, needed, valid)}`, threshold(role, needed, valid));

function apiError(result: ApiResult<unknown>) {
  const error = result.error;
  if (error?.kind !== "api") throw new Error(`expected an ApiError, got ${error?.kind ?? "success"}`);
  return { status: error.status, errorCode: error.errorCode, message: error.message };
}

/** The root with the first byte of its signature changed. */
function tampered(root: typeof EXPIRED_ROOT): typeof EXPIRED_ROOT {
  const [first, ...rest] = root.signatures;
  if (first === undefined) throw new Error("the fixture has a signature");
  const flipped = (parseInt(first.sig.slice(0, 2), 16) ^ 0x01).toString(16).padStart(2, "0");
  return { ...root, signatures: [{ ...first, sig: flipped + first.sig.slice(2) }, ...rest] };
}

export function describeTufVerification(target: () => TufTarget): void {
  let t: TufTarget;
  beforeEach(async () => {
    t = target();
    await t.control.reset("steady");
  });
  const client = () => createClient({ baseUrl: t.baseUrl });
  const roots = async () => (await client().listTrustRoots()).data?.items ?? [];
  const repositories = async () => (await client().listRepositories()).data?.items ?? [];

  describe("trust roots", () => {
    it("accepts upstream's real signed root, and refuses it with one signature byte changed", async () => {
      const created = await client().createTrustRoot(EXPIRED_ROOT);
      expect(created.response?.status).toBe(201);
      expect(created.data?.root_role).toEqual(EXPIRED_ROOT);
      expect(apiError(await client().createTrustRoot(tampered(EXPIRED_ROOT)))).toEqual({
        status: 400,
        errorCode: undefined,
        message: `${BODY}Unable to verify root role: ${threshold("root", 1, 0)}`,
      });
      expect(await roots()).toHaveLength(2);
    });

    it("refuses what is not a signed root in serde's words, and an unsigned root as upstream does", async () => {
      const [seeded] = await roots();
      const unsigned = { ...(seeded?.root_role as object), signatures: [] };
      const cases: [unknown, string][] = [
        [{}, "missing field `signed`"],
        ["just a string", 'invalid type: string "just a string", expected struct Signed'],
        [{ signed: {}, signatures: [] }, "missing field `spec_version`"],
        [unsigned, `Unable to verify root role: ${threshold("root", 1, 0)}`],
      ];
      for (const [body, message] of cases) {
        expect(apiError(await client().createTrustRoot(body))).toEqual({ status: 400, errorCode: undefined, message: BODY + message });
      }
      expect(await roots()).toHaveLength(1);
    });

    it("starts each session with a valid self-signed root, which may be posted back", async () => {
      const [seeded] = await roots();
      expect((await client().createTrustRoot(seeded?.root_role)).response?.status).toBe(201);
    });
  });

  describe("uploads", () => {
    const upload = async (archive: Uint8Array) => client().uploadRepository("repo.zip", archive);
    const refused = async (refusal: ArchiveRefusal) =>
      apiError(await upload(await buildRepositoryArchive({ systemVersion: "1.0.0", refusal })));

    it("accepts an archive signed with the test key, and one that rotates its root properly", async () => {
      expect((await upload(await buildRepositoryArchive({ systemVersion: "1.0.0" }))).data?.status).toBe("inserted");
      const rotated = await buildRepositoryArchive({ systemVersion: "2.0.0", rotation: { keys: [TEST_ONLY_ED25519_OTHER_KEY] } });
      expect((await upload(rotated)).data?.status).toBe("inserted");
    });

    it("refuses unsigned metadata, a wrong key, too few signatures and an unendorsed root rotation (400)", async () => {
      const before = await repositories();
      expect(await refused("unsigned")).toEqual({ status: 400, errorCode: undefined, message: verifyFailed("timestamp", 1, 0) });
      expect(await refused("wrong-key")).toEqual({ status: 400, errorCode: undefined, message: verifyFailed("timestamp", 1, 0) });
      expect(await refused("under-threshold")).toEqual({ status: 400, errorCode: undefined, message: verifyFailed("timestamp", 2, 1) });
      expect(await refused("rotated-root")).toEqual({ status: 400, errorCode: undefined, message: verifyFailed("root", 1, 0) });
      expect(await repositories()).toEqual(before);
    });

    it("refuses a tampered target as a transport failure (503), naming both hashes", async () => {
      const before = await repositories();
      const original = new TextEncoder().encode("fake gimlet_sp image gimlet_sp 1.0.0\n");
      const changed = original.map((byte, i) => (i === 0 ? byte ^ 0x01 : byte));
      const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
      const url = `zip:///repo/targets/${sha(original)}.gimlet_sp-1.0.0.zip`;
      const mismatch = `Hash mismatch for ${url}: calculated ${sha(changed)}, expected ${sha(original)}`;
      expect(await refused("tampered-target")).toEqual({
        status: 503,
        errorCode: undefined,
        message: chain(`Transport 'other' error fetching '${url}': ${mismatch}`, mismatch),
      });
      expect(await repositories()).toEqual(before);
    });

    it("verifies against every trusted root, and refuses uploads with none configured", async () => {
      const before = await repositories();
      const [seeded] = await roots();
      await client().createTrustRoot(EXPIRED_ROOT);
      await client().deleteTrustRoot(seeded?.id ?? "");
      const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
      // Upstream's RSA root verifies itself, then not the archive's test-key timestamp.
      expect(apiError(await upload(archive))).toEqual({ status: 400, errorCode: undefined, message: verifyFailed("timestamp", 1, 0) });
      for (const root of await roots()) await client().deleteTrustRoot(root.id);
      expect(apiError(await upload(archive))).toEqual({
        status: 400,
        errorCode: undefined,
        message: "no trust roots provided to load repository",
      });
      expect(await repositories()).toEqual(before);
    });
  });
}
