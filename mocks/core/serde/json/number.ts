/**
 * serde_json's number grammar as compiled into Nexus (serde_json 1.0.15x, features `std`, `alloc`,
 * `raw_value`, `unbounded_depth`; *no* `float_roundtrip`, *no* `arbitrary_precision`, per omicron's
 * workspace-hack/Cargo.toml). So `parse_integer`/`parse_number`/`parse_decimal`/`parse_exponent`/
 * `parse_long_integer`/`f64_from_parts` are the non-`float_roundtrip` versions of `src/de.rs`, and
 * the skipping variants are `ignore_integer`/`ignore_decimal`/`ignore_exponent`.
 */
import { Code } from "./errors.js";
import type { Reader } from "./reader.js";

export type ParserNumber =
  | { readonly kind: "u64"; readonly value: bigint }
  | { readonly kind: "i64"; readonly value: bigint }
  | { readonly kind: "f64"; readonly value: number };

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const U64_MAX_DIV_10 = U64_MAX / 10n;
const U64_MAX_MOD_10 = U64_MAX % 10n;
const I32_MAX = 2147483647;
const I32_MIN = -2147483648;
const I32_MAX_DIV_10 = 214748364;
const I32_MAX_MOD_10 = 7;

/** serde_json's `POW10` table: the f64 nearest to 10^i, as Rust's float literals give them. */
const POW10: readonly number[] = Array.from({ length: 309 }, (_, i) => Number(`1e${i}`));

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** `overflow!(a * 10 + b, u64::MAX)`. */
function overflowsU64(significand: bigint, digit: bigint): boolean {
  return significand >= U64_MAX_DIV_10 && (significand > U64_MAX_DIV_10 || digit > U64_MAX_MOD_10);
}

/** `parse_integer` (also `parse_any_number` without arbitrary_precision); a leading `-` was already eaten. */
export function parseInteger(r: Reader, positive: boolean): ParserNumber {
  const next = r.next();
  if (next < 0) throw r.error(Code.EofWhileParsingValue);
  if (next === 0x30) {
    if (isDigit(r.peekOrNull())) throw r.peekError(Code.InvalidNumber);
    return parseNumber(r, positive, 0n);
  }
  if (next < 0x31 || next > 0x39) throw r.error(Code.InvalidNumber);
  let significand = BigInt(next - 0x30);
  for (;;) {
    const c = r.peekOrNull();
    if (!isDigit(c)) return parseNumber(r, positive, significand);
    const digit = BigInt(c - 0x30);
    if (overflowsU64(significand, digit)) return { kind: "f64", value: parseLongInteger(r, positive, significand) };
    r.discard();
    significand = significand * 10n + digit;
  }
}

function parseNumber(r: Reader, positive: boolean, significand: bigint): ParserNumber {
  const c = r.peekOrNull();
  if (c === 0x2e) return { kind: "f64", value: parseDecimal(r, positive, significand, 0) };
  if (c === 0x65 || c === 0x45) return { kind: "f64", value: parseExponent(r, positive, significand, 0) };
  if (positive) return { kind: "u64", value: significand };
  // `(significand as i64).wrapping_neg()`; a non-negative result (including -0) becomes a float.
  const neg = BigInt.asIntN(64, -BigInt.asIntN(64, significand));
  if (neg >= 0n) return { kind: "f64", value: -Number(significand) };
  return { kind: "i64", value: neg };
}

function parseDecimal(r: Reader, positive: boolean, significandIn: bigint, exponentBeforeDecimalPoint: number): number {
  r.discard();
  let significand = significandIn;
  let exponentAfterDecimalPoint = 0;
  for (;;) {
    const c = r.peekOrNull();
    if (!isDigit(c)) break;
    const digit = BigInt(c - 0x30);
    if (overflowsU64(significand, digit)) {
      return parseDecimalOverflow(r, positive, significand, exponentBeforeDecimalPoint + exponentAfterDecimalPoint);
    }
    r.discard();
    significand = significand * 10n + digit;
    exponentAfterDecimalPoint -= 1;
  }
  if (exponentAfterDecimalPoint === 0) {
    throw r.peekError(r.peek() >= 0 ? Code.InvalidNumber : Code.EofWhileParsingValue);
  }
  const exponent = exponentBeforeDecimalPoint + exponentAfterDecimalPoint;
  const c = r.peekOrNull();
  if (c === 0x65 || c === 0x45) return parseExponent(r, positive, significand, exponent);
  return f64FromParts(r, positive, significand, exponent);
}

function parseExponent(r: Reader, positive: boolean, significand: bigint, startingExp: number): number {
  r.discard();
  let positiveExp = true;
  const sign = r.peekOrNull();
  if (sign === 0x2b) r.discard();
  else if (sign === 0x2d) {
    r.discard();
    positiveExp = false;
  }
  const next = r.next();
  if (next < 0) throw r.error(Code.EofWhileParsingValue);
  if (!isDigit(next)) throw r.error(Code.InvalidNumber);
  let exp = next - 0x30;
  for (;;) {
    const c = r.peekOrNull();
    if (!isDigit(c)) break;
    r.discard();
    const digit = c - 0x30;
    if (exp >= I32_MAX_DIV_10 && (exp > I32_MAX_DIV_10 || digit > I32_MAX_MOD_10)) {
      return parseExponentOverflow(r, positive, significand === 0n, positiveExp);
    }
    exp = exp * 10 + digit;
  }
  const finalExp = positiveExp ? startingExp + exp : startingExp - exp;
  return f64FromParts(r, positive, significand, Math.min(I32_MAX, Math.max(I32_MIN, finalExp)));
}

function f64FromParts(r: Reader, positive: boolean, significand: bigint, exponentIn: number): number {
  let exponent = exponentIn;
  // `significand as f64`: round to nearest, ties to even (as Number(bigint) does).
  let f = Number(significand);
  for (;;) {
    const pow = POW10[Math.abs(exponent)];
    if (pow !== undefined) {
      if (exponent >= 0) {
        f *= pow;
        if (!Number.isFinite(f)) throw r.error(Code.NumberOutOfRange);
      } else {
        f /= pow;
      }
      break;
    }
    if (f === 0) break;
    if (exponent >= 0) throw r.error(Code.NumberOutOfRange);
    f /= 1e308;
    exponent += 308;
  }
  return positive ? f : -f;
}

function parseLongInteger(r: Reader, positive: boolean, significand: bigint): number {
  let exponent = 0;
  for (;;) {
    const c = r.peekOrNull();
    if (isDigit(c)) {
      r.discard();
      exponent += 1;
    } else if (c === 0x2e) {
      return parseDecimal(r, positive, significand, exponent);
    } else if (c === 0x65 || c === 0x45) {
      return parseExponent(r, positive, significand, exponent);
    } else {
      return f64FromParts(r, positive, significand, exponent);
    }
  }
}

function parseDecimalOverflow(r: Reader, positive: boolean, significand: bigint, exponent: number): number {
  while (isDigit(r.peekOrNull())) r.discard();
  const c = r.peekOrNull();
  if (c === 0x65 || c === 0x45) return parseExponent(r, positive, significand, exponent);
  return f64FromParts(r, positive, significand, exponent);
}

function parseExponentOverflow(r: Reader, positive: boolean, zeroSignificand: boolean, positiveExp: boolean): number {
  if (!zeroSignificand && positiveExp) throw r.error(Code.NumberOutOfRange);
  while (isDigit(r.peekOrNull())) r.discard();
  return positive ? 0 : -0;
}

/** `ignore_integer` (+ `ignore_decimal`, `ignore_exponent`): no range checks at all; a leading `-` was already eaten. */
export function ignoreInteger(r: Reader): void {
  const first = r.next();
  if (first === 0x30) {
    if (isDigit(r.peekOrNull())) throw r.peekError(Code.InvalidNumber);
  } else if (first >= 0x31 && first <= 0x39) {
    while (isDigit(r.peekOrNull())) r.discard();
  } else {
    throw r.error(Code.InvalidNumber);
  }
  let c = r.peekOrNull();
  if (c === 0x2e) {
    r.discard();
    let atLeastOneDigit = false;
    while (isDigit(r.peekOrNull())) {
      r.discard();
      atLeastOneDigit = true;
    }
    if (!atLeastOneDigit) throw r.peekError(Code.InvalidNumber);
    c = r.peekOrNull();
  }
  if (c === 0x65 || c === 0x45) {
    r.discard();
    const sign = r.peekOrNull();
    if (sign === 0x2b || sign === 0x2d) r.discard();
    if (!isDigit(r.next())) throw r.error(Code.InvalidNumber);
    while (isDigit(r.peekOrNull())) r.discard();
  }
}

/**
 * `zmij::Buffer::format` (zmij 1.0.21, which serde_json uses for `floating point` in messages):
 * shortest round-trip digits; plain notation when the decimal exponent is in -5..=15 (with `.0`
 * for integers), otherwise `d.ddde+X` / `de-X` with no leading zeros in the exponent.
 */
export function formatF64(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value < 0 ? "-inf" : "inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  if (value === 0) return `${sign}0.0`;
  const [mantissa = "", expText = "0"] = Math.abs(value).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const length = digits.length;
  if (exp >= -5 && exp <= 15) {
    if (length - 1 <= exp) return `${sign}${digits}${"0".repeat(exp + 1 - length)}.0`;
    if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const head = length > 1 ? `${digits[0] ?? ""}.${digits.slice(1)}` : digits;
  return `${sign}${head}e${exp >= 0 ? "+" : "-"}${Math.abs(exp)}`;
}

/** serde_json's `JsonUnexpected` for a parsed number (`ParserNumber::invalid_type`). */
export function unexpectedNumber(n: ParserNumber): string {
  if (n.kind === "f64") return `floating point \`${formatF64(n.value)}\``;
  return `integer \`${n.value}\``;
}
