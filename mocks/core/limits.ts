/**
 * Every limit of the mock in one place: its default, and the option that changes it. Upstream's own
 * limits keep upstream's values; the mock's extra ones keep a long-running mock's memory bounded.
 * The README's "Limits" table lists them with their command-line flags.
 */
export interface MockLimits {
  /** Sessions kept at once; storing one more evicts the least recently used (`--max-sessions`). */
  readonly maxSessions: number;
  /** Body cap of the API's JSON operations: production Nexus's 1 MiB (`--max-json-body-bytes`). */
  readonly maxJsonBodyBytes: number;
  /** Body cap of the repository upload: upstream's 4 GiB (`--max-upload-bytes`). */
  readonly maxUploadBytes: number;
  /** Body cap of the `/__mock/` control endpoints (a state document of many sleds is large). */
  readonly maxControlBodyBytes: number;
}

export const DEFAULT_LIMITS: MockLimits = {
  maxSessions: 1000,
  maxJsonBodyBytes: 1_048_576,
  maxUploadBytes: 4_294_967_296,
  maxControlBodyBytes: 16 * 1_048_576,
};

/** The defaults with `overrides` applied; a limit that is not a positive whole number is refused, naming it. */
export function resolveLimits(overrides: Partial<MockLimits> = {}): MockLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof MockLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`limit ${key} must be a whole number >= 1, got ${String(value)}`);
    limits[key] = value;
  }
  return limits;
}
