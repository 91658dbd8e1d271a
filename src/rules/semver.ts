/**
 * Semantic versions with the semantics of the Rust `semver` crate (1.x), which the control plane uses:
 * the same grammar, the same error texts, equality that includes build metadata, and the crate's total
 * order. npm's `semver` would not do: it treats `1.0.0+a` and `1.0.0+b` as equal, upstream does not.
 */

export interface Semver {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** Pre-release identifiers joined by dots; "" when there are none. */
  readonly pre: string;
  /** Build metadata identifiers joined by dots; "" when there is none. */
  readonly build: string;
}

export type SemverParseResult = { readonly ok: true; readonly version: Semver } | { readonly ok: false; readonly message: string };

import { debugChar } from "../shared/rust-debug.js";

type Position = "major" | "minor" | "patch" | "pre" | "build";

const POSITION_TEXT: Record<Position, string> = {
  major: "major version number",
  minor: "minor version number",
  patch: "patch version number",
  pre: "pre-release identifier",
  build: "build metadata",
};

const U64_MAX = 18446744073709551615n;

class SemverError extends Error {}

function firstChar(text: string): string | undefined {
  const code = text.codePointAt(0);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

function fail(message: string): never {
  throw new SemverError(message);
}

function unexpectedChar(pos: Position, ch: string): never {
  fail(`unexpected character ${debugChar(ch)} while parsing ${POSITION_TEXT[pos]}`);
}

function unexpectedCharAfter(pos: Position, ch: string): never {
  fail(`unexpected character ${debugChar(ch)} after ${POSITION_TEXT[pos]}`);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function numericIdentifier(input: string, pos: Position): [bigint, string] {
  let len = 0;
  let value = 0n;
  while (len < input.length && isDigit(input.charCodeAt(len))) {
    if (value === 0n && len > 0) fail(`invalid leading zero in ${POSITION_TEXT[pos]}`);
    value = value * 10n + BigInt(input.charCodeAt(len) - 48);
    if (value > U64_MAX) fail(`value of ${POSITION_TEXT[pos]} exceeds u64::MAX`);
    len += 1;
  }
  if (len > 0) return [value, input.slice(len)];
  const ch = firstChar(input);
  if (ch !== undefined) unexpectedChar(pos, ch);
  fail(`unexpected end of input while parsing ${POSITION_TEXT[pos]}`);
}

function dot(input: string, pos: Position): string {
  if (input.startsWith(".")) return input.slice(1);
  const ch = firstChar(input);
  if (ch !== undefined) unexpectedCharAfter(pos, ch);
  fail(`unexpected end of input while parsing ${POSITION_TEXT[pos]}`);
}

function isIdentifierLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45;
}

/** Dot-separated identifiers of a pre-release or build part; returns [identifier, rest]. */
function identifier(input: string, pos: "pre" | "build"): [string, string] {
  let accumulated = 0;
  let segment = 0;
  let segmentHasNonDigit = false;
  for (;;) {
    const index = accumulated + segment;
    const code = index < input.length ? input.charCodeAt(index) : -1;
    if (code >= 0 && isIdentifierLetter(code)) {
      segment += 1;
      segmentHasNonDigit = true;
    } else if (code >= 0 && isDigit(code)) {
      segment += 1;
    } else {
      const boundaryIsDot = code === 46;
      if (segment === 0) {
        if (accumulated === 0 && !boundaryIsDot) return ["", input];
        fail(`empty identifier segment in ${POSITION_TEXT[pos]}`);
      }
      if (pos === "pre" && segment > 1 && !segmentHasNonDigit && input.charCodeAt(accumulated) === 48) {
        fail(`invalid leading zero in ${POSITION_TEXT[pos]}`);
      }
      accumulated += segment;
      if (!boundaryIsDot) return [input.slice(0, accumulated), input.slice(accumulated)];
      accumulated += 1;
      segment = 0;
      segmentHasNonDigit = false;
    }
  }
}

function parseOrThrow(text: string): Semver {
  if (text.length === 0) fail("empty string, expected a semver version");
  let pos: Position = "major";
  const [major, afterMajor] = numericIdentifier(text, pos);
  let rest = dot(afterMajor, pos);
  pos = "minor";
  const [minor, afterMinor] = numericIdentifier(rest, pos);
  rest = dot(afterMinor, pos);
  pos = "patch";
  const [patch, afterPatch] = numericIdentifier(rest, pos);
  rest = afterPatch;

  let pre = "";
  if (rest.startsWith("-")) {
    pos = "pre";
    [pre, rest] = identifier(rest.slice(1), "pre");
    if (pre === "") fail(`empty identifier segment in ${POSITION_TEXT.pre}`);
  }
  let build = "";
  if (rest.startsWith("+")) {
    pos = "build";
    [build, rest] = identifier(rest.slice(1), "build");
    if (build === "") fail(`empty identifier segment in ${POSITION_TEXT.build}`);
  }
  const unexpected = firstChar(rest);
  if (unexpected !== undefined) unexpectedCharAfter(pos, unexpected);
  return { major, minor, patch, pre, build };
}

/** The same few versions are parsed on every request (the api-version header, the current release). */
const parsed = new Map<string, SemverParseResult>();
const PARSE_CACHE_SIZE = 512;

/** Parses a version exactly as the control plane does; a failure carries the upstream error text. */
export function parseSemver(text: string): SemverParseResult {
  const cached = parsed.get(text);
  if (cached) return cached;
  let result: SemverParseResult;
  try {
    result = Object.freeze({ ok: true, version: Object.freeze(parseOrThrow(text)) });
  } catch (error) {
    if (!(error instanceof SemverError)) throw error;
    result = Object.freeze({ ok: false, message: error.message });
  }
  if (parsed.size >= PARSE_CACHE_SIZE) parsed.clear();
  parsed.set(text, result);
  return result;
}

/** Whether `text` is a version the control plane accepts. */
export function isSemver(text: string): boolean {
  return parseSemver(text).ok;
}

/** Parsed versions are cached and frozen, so the same objects come back: remember their text. */
const formatted = new WeakMap<Semver, string>();

export function formatSemver(version: Semver): string {
  const known = formatted.get(version);
  if (known !== undefined) return known;
  const text = formatUncached(version);
  if (Object.isFrozen(version)) formatted.set(version, text);
  return text;
}

function formatUncached(version: Semver): string {
  const core = `${version.major}.${version.minor}.${version.patch}`;
  return core + (version.pre ? `-${version.pre}` : "") + (version.build ? `+${version.build}` : "");
}

export function withoutBuild(version: Semver): Semver {
  return { ...version, build: "" };
}

/** Full equality, build metadata included (Rust `Version == Version`). */
export function semverEqual(a: Semver, b: Semver): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch && a.pre === b.pre && a.build === b.build;
}

export type Ordering = -1 | 0 | 1;

function cmp<T extends bigint | number | string>(a: T, b: T): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ALL_DIGITS = /^[0-9]+$/;

/**
 * Dot-separated identifiers compared one by one, as the crate does for both pre-release and build:
 * numeric below alphanumeric, alphanumeric in ASCII order, and a longer list above its prefix.
 */
function compareIdentifiers(a: string, b: string, compareNumeric: (l: string, r: string) => Ordering): Ordering {
  const left = a.split(".");
  const right = b.split(".");
  for (let i = 0; i < left.length; i++) {
    const l = left[i] as string;
    const r = right[i];
    if (r === undefined) return 1;
    const lNum = ALL_DIGITS.test(l);
    const rNum = ALL_DIGITS.test(r);
    if (lNum !== rNum) return lNum ? -1 : 1;
    const order = lNum ? compareNumeric(l, r) : cmp(l, r);
    if (order !== 0) return order;
  }
  return right.length > left.length ? -1 : 0;
}

/** Pre-release numbers have no leading zeros: the longer is the larger. */
const comparePreNumbers = (l: string, r: string): Ordering => cmp(l.length, r.length) || cmp(l, r);

/** Build numbers may have leading zeros: the crate orders 0 < 00 < 1 < 01 < 001 < 2, by value then length. */
function compareBuildNumbers(l: string, r: string): Ordering {
  const lv = l.replace(/^0+/, "");
  const rv = r.replace(/^0+/, "");
  return cmp(lv.length, rv.length) || cmp(lv, rv) || cmp(l.length, r.length);
}

function comparePre(a: string, b: string): Ordering {
  if (a === b) return 0;
  // A release (no pre-release) is greater than any pre-release of the same core version.
  if (a === "") return 1;
  if (b === "") return -1;
  return compareIdentifiers(a, b, comparePreNumbers);
}

function compareBuild(a: string, b: string): Ordering {
  if (a === b) return 0;
  if (a === "") return -1;
  if (b === "") return 1;
  return compareIdentifiers(a, b, compareBuildNumbers);
}

/** Semver precedence: major, minor, patch, then pre-release; build metadata is ignored. */
export function comparePrecedence(a: Semver, b: Semver): Ordering {
  return cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.patch, b.patch) || comparePre(a.pre, b.pre);
}

/** The crate's total order (`Ord for Version`): precedence, then build metadata as a tie-breaker. */
export function compareSemver(a: Semver, b: Semver): Ordering {
  return comparePrecedence(a, b) || compareBuild(a.build, b.build);
}
