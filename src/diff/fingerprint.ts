// Stable identities for changes, for the accepted-changes file: the same change in the same place gets the
// same fingerprint in every run, whatever the order of the documents (no array indices, no line numbers).
import { createHash } from "node:crypto";
import type { Json } from "./json.js";

export interface FingerprintParts {
  rule: string;
  /** The operation (`GET /v1/x`), the component (`schemas/X`) or `document`. */
  scope: string;
  area: string;
  at: string;
  before?: Json | undefined;
  after?: Json | undefined;
}

/** 12 hex digits of a sha256 of the parts. */
export function fingerprint(parts: FingerprintParts): string {
  const text = [
    parts.rule,
    parts.scope,
    parts.area,
    parts.at,
    JSON.stringify(parts.before ?? null),
    JSON.stringify(parts.after ?? null),
  ].join("\n");
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
