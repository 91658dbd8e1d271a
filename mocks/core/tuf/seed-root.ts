/**
 * The trust root every mock session starts with: a valid, self-signed TUF root (version 1) naming
 * `TEST_ONLY_ED25519_KEY` for every role, so archives from `buildRepositoryArchive` upload out of the
 * box. It is written out because sessions are seeded synchronously and WebCrypto signs asynchronously;
 * test/mock/tuf-keys.test.ts signs it again with the test key and requires these exact bytes.
 */
const KEY_ID = "643bae0555622e7410fe72006ca7a4abd111993934961ee17cd12fe4cd0cc038";
const role = () => ({ keyids: [KEY_ID], threshold: 1 });

/** A fresh copy of the seeded root role document (`root_role` of the seeded `UpdatesTrustRoot`). */
export function seedRootRole(): Record<string, unknown> {
  return {
    signatures: [
      {
        keyid: KEY_ID,
        sig: "8a9c40577f86ff1e88b3a67cbe60c8fbd4848683b775aa8df24d4e977a9b67338d2058f8f2fc686ddba23833ba6e05d93900c40983f1e03c0667a363a3a9470e",
      },
    ],
    signed: {
      _type: "root",
      consistent_snapshot: true,
      expires: "2100-01-01T00:00:00Z",
      spec_version: "1.0.0",
      version: 1,
      keys: {
        [KEY_ID]: {
          keytype: "ed25519",
          keyval: { public: "56e0140fee4318133c2f7450a8c06c95bfe512598b506c7a35d48e4316f58f54" },
          scheme: "ed25519",
        },
      },
      roles: { root: role(), snapshot: role(), targets: role(), timestamp: role() },
    },
  };
}
