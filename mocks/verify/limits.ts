/**
 * The limits of `system-update verify`, in one place: how fast and how long it may talk to a rack, and how
 * much it reads. Each has a default safe for production, a flag, and a bound the flag cannot pass; the
 * README's "Limits" table lists them.
 */
export interface VerifyLimits {
  /** Requests a second at most (`--max-rps`): probes go one at a time, spaced at least 1/maxRps apart. */
  readonly maxRps: number;
  /** How long one request may take, head to end of body (`--timeout`, milliseconds); no retry after. */
  readonly timeoutMs: number;
  /** Pages one listing probe follows at most (`--max-pages`); more is a difference, not a longer run. */
  readonly maxPages: number;
  /** Bytes of one answer read at most; a longer answer is cut and reported as a difference. */
  readonly maxAnswerBytes: number;
  /** Bytes of a `--replay` file read at most. */
  readonly maxRecordBytes: number;
}

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  maxRps: 2,
  timeoutMs: 10_000,
  maxPages: 50,
  maxAnswerBytes: 1024 * 1024,
  maxRecordBytes: 16 * 1024 * 1024,
};

/** The bounds each flag accepts: a rack is never sent more than 50 requests a second by this tool. */
export const VERIFY_LIMIT_BOUNDS = {
  maxRps: { min: 1, max: 50, flag: "max-rps" },
  timeoutMs: { min: 100, max: 120_000, flag: "timeout" },
  maxPages: { min: 1, max: 1000, flag: "max-pages" },
} as const;
