/** TUF trust roots read as tough reads them (serde's messages) and verified as tough verifies them. */
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { canonicalize } from "@tufjs/canonical-json";
import { describe, expect, it } from "vitest";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { signedDocument } from "../../mocks/core/tuf/sign.js";
import { TEST_ONLY_ED25519_KEY, TEST_ONLY_ED25519_THIRD_KEY, keyIdOf } from "../../mocks/core/tuf/test-keys.js";
import { checkTrustRoot } from "../../mocks/core/tuf/trust-root.js";
import { canonicalRole } from "../../mocks/core/tuf/verify-role.js";
import { EXPIRED_ROOT } from "../support/tuf-cases.js";

type Doc = Record<string, unknown>;
const seed = () => seedRootRole() as { signed: Doc; signatures: Doc[] };
const withSigned = (change: (signed: Doc) => void) => {
  const root = seed();
  change(root.signed);
  return root;
};
const refusal = async (document: unknown) => {
  const checked = await checkTrustRoot(document);
  return checked.ok ? "accepted" : checked.message;
};
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("the seeded trust root", () => {
  it("is what signing the documented root with TEST_ONLY_ED25519_KEY gives, and verifies", async () => {
    const body = { consistent_snapshot: true, expires: "2100-01-01T00:00:00Z", spec_version: "1.0.0", version: 1 };
    const signed = await signedDocument("root", body, { keys: [TEST_ONLY_ED25519_KEY], threshold: 1 }, [TEST_ONLY_ED25519_KEY]);
    expect(seedRootRole()).toEqual(signed);
    expect(await checkTrustRoot(seedRootRole())).toEqual({ ok: true });
  });

  it("upstream's RSA-PSS root verifies; its key id is the sha256 of the key's canonical JSON", async () => {
    expect(await checkTrustRoot(EXPIRED_ROOT)).toEqual({ ok: true });
    const keys = (EXPIRED_ROOT.signed as { keys: Record<string, unknown> }).keys;
    for (const [id, key] of Object.entries(keys)) expect(sha256(canonicalize(key))).toBe(id);
  });
});

describe("Signed<Root> in serde's words", () => {
  it("names the first problem in field order", async () => {
    const keyId = await keyIdOf(TEST_ONLY_ED25519_KEY);
    const cases: [unknown, string][] = [
      [[], "invalid type: sequence, expected struct Signed"],
      [{ signed: 5, signatures: [] }, "invalid type: integer `5`, expected struct Root"],
      [{ signed: seed().signed }, "missing field `signatures`"],
      [withSigned((s) => (s["version"] = 0)), "invalid value: integer `0`, expected a nonzero u64"],
      [withSigned((s) => (s["version"] = "1")), 'invalid type: string "1", expected a nonzero u64'],
      [withSigned((s) => (s["consistent_snapshot"] = null)), "invalid type: unit value, expected a boolean"],
      [withSigned((s) => (s["keys"] = { zz: {} })), "Invalid hex string: Invalid character 'z' at position 0"],
      [withSigned((s) => (s["keys"] = { abc: {} })), "Invalid hex string: Odd number of digits"],
      [withSigned((s) => (s["keys"] = { [keyId]: { keyval: {} } })), "missing field `keytype`"],
      [
        withSigned((s) => (s["keys"] = { [keyId]: { keytype: "dsa" } })),
        "unknown variant `dsa`, expected one of `rsa`, `ed25519`, `ecdsa`, `ecdsa-sha2-nistp256`",
      ],
      [
        withSigned((s) => (s["roles"] = { mirror: { keyids: [], threshold: 1 } })),
        "unknown variant `mirror`, expected one of `root`, `snapshot`, `targets`, `timestamp`, `delegated-targets`",
      ],
      [withSigned((s) => (s["roles"] = { root: { keyids: [keyId], threshold: 0 } })), "invalid value: integer `0`, expected a nonzero u64"],
    ];
    for (const [document, message] of cases) expect(await refusal(document), message).toBe(message);
  });

  it("checks each key id against the key", async () => {
    const wrongId = "00".repeat(32);
    const root = withSigned((s) => {
      const keys = s["keys"] as Doc;
      s["keys"] = { [wrongId]: Object.values(keys)[0] };
    });
    const calculated = await keyIdOf(TEST_ONLY_ED25519_KEY);
    expect(await refusal(root)).toBe(`Invalid key ID ${wrongId}: calculated ${calculated}`);
  });
});

describe("verify_role's thresholds", () => {
  it("needs the root role, counts a key once, and only keys the role lists", async () => {
    expect(await refusal(withSigned((s) => delete (s["roles"] as Doc)["root"]))).toBe(
      "Unable to verify root role: Role root missing from root metadata",
    );
    const two = await signedDocument(
      "root",
      { consistent_snapshot: true, expires: "2100-01-01T00:00:00Z", spec_version: "1.0.0", version: 1 },
      { keys: [TEST_ONLY_ED25519_KEY, TEST_ONLY_ED25519_THIRD_KEY], threshold: 2 },
      [TEST_ONLY_ED25519_KEY],
    );
    const signatures = two["signatures"] as Doc[];
    expect(await refusal({ ...two, signatures: [...signatures, ...signatures] })).toBe(
      "Unable to verify root role: Signature threshold of 2 not met for role root (1 valid signatures)",
    );
  });

  it("verifies ECDSA P-256 keys, as a hex point or a PEM document, with DER signatures", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const point = `04${Buffer.from(jwk.x ?? "", "base64url").toString("hex")}${Buffer.from(jwk.y ?? "", "base64url").toString("hex")}`;
    const pem = publicKey.export({ format: "pem", type: "spki" }).toString();
    for (const [keytype, text] of [
      ["ecdsa", point],
      ["ecdsa-sha2-nistp256", pem],
    ]) {
      const key = { keytype, keyval: { public: text }, scheme: "ecdsa-sha2-nistp256" };
      const id = sha256(canonicalize(key));
      const role = { keyids: [id], threshold: 1 };
      const signed = {
        _type: "root",
        consistent_snapshot: true,
        expires: "2100-01-01T00:00:00Z",
        keys: { [id]: key },
        roles: { root: role, snapshot: role, targets: role, timestamp: role },
        spec_version: "1.0.0",
        version: 1,
      };
      const sig = sign("sha256", await canonicalRole("root", signed), privateKey).toString("hex");
      expect(await checkTrustRoot({ signed, signatures: [{ keyid: id, sig }] }), keytype).toEqual({ ok: true });
      const other = sign("sha256", Buffer.from("something else"), privateKey).toString("hex");
      expect(await refusal({ signed, signatures: [{ keyid: id, sig: other }] })).toMatch(/\(0 valid signatures\)$/);
    }
  });
});
