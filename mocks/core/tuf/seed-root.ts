/**
 * The trust root every mock session starts with, and what `system-update trust-roots generate` writes: a
 * TUF root role document (the mock stores trust roots without verifying them).
 */

/** A fresh copy of the seeded root role document (`root_role` of the seeded `UpdatesTrustRoot`). */
export function seedRootRole(): Record<string, unknown> {
  return { signed: { _type: "root", spec_version: "1.0.0", version: 1 } };
}
