/**
 * Every limit of the mock in one place: its default, the option that changes it and the flag of
 * `system-update mock`. Upstream's own limits keep upstream's values; the mock's extra ones keep a
 * long-running mock's memory and work per request bounded. A refusal names the limit and its flag; the
 * README's "Limits" table lists them all.
 */
export interface MockLimits {
  /** Sessions kept at once; storing one more evicts the least recently used (`--max-sessions`). */
  readonly maxSessions: number;
  /** Body cap of the API's JSON operations: production Nexus's 1 MiB (`--max-json-body-bytes`). */
  readonly maxJsonBodyBytes: number;
  /**
   * Body cap of the repository upload (`--max-upload-bytes`). Upstream's is 4 GiB; the mock holds an
   * upload in memory while it reads it, so its default is lower.
   */
  readonly maxUploadBytes: number;
  /** Body cap of the `/__mock/` control endpoints: a state document of many sleds is large (`--max-control-body-bytes`). */
  readonly maxControlBodyBytes: number;
  /** Longest version string the mock stores (state documents, mupdates, uploaded repositories) (`--max-version-length`). */
  readonly maxVersionLength: number;
  /** Most sleds in a rack (`--max-sleds`). */
  readonly maxSleds: number;
  /** Most bytes a session keeps: its state document and its trust roots, as JSON (`--max-stored-bytes`). */
  readonly maxStoredBytes: number;
  /** Most entries in an uploaded zip archive (`--max-zip-entries`). */
  readonly maxZipEntries: number;
  /** Most bytes an upload's entries may inflate to, all together (`--max-inflated-bytes`). */
  readonly maxInflatedBytes: number;
  /**
   * Uploads the mock receives and reads at once, all sessions together (`--max-uploads-in-flight`): each
   * holds up to `maxUploadBytes + maxInflatedBytes` of memory while it runs.
   */
  readonly maxUploadsInFlight: number;
  /** Most artifacts an uploaded repository may list (`--max-artifacts`). */
  readonly maxArtifacts: number;
  /**
   * Largest TUF metadata file of an upload (`--max-metadata-bytes`). tough allows 1 MiB for roots, the
   * timestamp and the snapshot and 10 MiB for targets; parsing JSON cannot be sliced, so the mock's default
   * (1 MiB, thousands of targets) keeps one parse short (BENCHMARKS.md, "TUF verification").
   */
  readonly maxMetadataBytes: number;
  /** Entries of each session's request journal, a ring: the oldest go first; 0 turns it off (`--journal-size`). */
  readonly journalSize: number;
  /** Longest a `hang` fault holds a request when no reset or shutdown releases it first (`--max-hang-ms`). */
  readonly maxHangMs: number;
  /** Fault rules a session keeps; every API request of the session reads them (`--max-fault-rules`). */
  readonly maxFaultRules: number;
}

export const DEFAULT_LIMITS: MockLimits = {
  maxSessions: 1000,
  maxJsonBodyBytes: 1_048_576,
  maxUploadBytes: 256 * 1_048_576,
  maxControlBodyBytes: 16 * 1_048_576,
  maxVersionLength: 256,
  maxSleds: 1024,
  maxStoredBytes: 64 * 1_048_576,
  maxZipEntries: 10_000,
  maxInflatedBytes: 512 * 1_048_576,
  maxArtifacts: 10_000,
  maxMetadataBytes: 1_048_576,
  maxUploadsInFlight: 4,
  journalSize: 200,
  maxHangMs: 300_000,
  maxFaultRules: 100,
};

/** The command-line flag of each limit. */
export const LIMIT_FLAGS: { readonly [K in keyof MockLimits]: string } = {
  maxSessions: "--max-sessions",
  maxJsonBodyBytes: "--max-json-body-bytes",
  maxUploadBytes: "--max-upload-bytes",
  maxControlBodyBytes: "--max-control-body-bytes",
  maxVersionLength: "--max-version-length",
  maxSleds: "--max-sleds",
  maxStoredBytes: "--max-stored-bytes",
  maxZipEntries: "--max-zip-entries",
  maxInflatedBytes: "--max-inflated-bytes",
  maxArtifacts: "--max-artifacts",
  maxMetadataBytes: "--max-metadata-bytes",
  maxUploadsInFlight: "--max-uploads-in-flight",
  journalSize: "--journal-size",
  maxHangMs: "--max-hang-ms",
  maxFaultRules: "--max-fault-rules",
};

/** Upstream's upload cap, the most `maxUploadBytes` may be. */
export const UPSTREAM_UPLOAD_CAP = 4_294_967_296;

/** The defaults with `overrides` applied; a limit that is not a positive whole number is refused, naming it. */
export function resolveLimits(overrides: Partial<MockLimits> = {}): MockLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof MockLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    const least = key === "journalSize" ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < least)
      throw new RangeError(`limit ${key} must be a whole number >= ${least}, got ${String(value)}`);
    limits[key] = value;
  }
  if (limits.maxUploadBytes > UPSTREAM_UPLOAD_CAP) {
    throw new RangeError(`limit maxUploadBytes must be at most upstream's ${UPSTREAM_UPLOAD_CAP} bytes, got ${limits.maxUploadBytes}`);
  }
  return limits;
}

/** The refusal text of a limit: what went over, the limit's value, and how to raise it. */
export function limitMessage<K extends keyof MockLimits>(limits: Pick<MockLimits, K>, key: K, what: string): string {
  return `${what}: over the mock's limit ${key} of ${limits[key]} (raise it with ${LIMIT_FLAGS[key]} or the limits option)`;
}
