/**
 * Small readers for validating untrusted JSON by path. Each one returns the value in its checked type or
 * throws `InvalidField` naming the path, so the first bad field (in the order the caller reads fields)
 * is the one reported. Only `parseRackState` catches these; nothing here leaks out of it.
 */
import { parseSemver } from "../../../src/rules/index.js";

export class InvalidField extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

/** `a.b` for names that read as identifiers, `a["odd key"]` otherwise, so every path is unambiguous. */
export function child(path: string, key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

export const item = (path: string, index: number): string => `${path}[${index}]`;

/** An own property only: inherited names (`toString`, `__proto__`) are never fields of a document. */
export function get(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function readObject(value: unknown, path: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidField(path, "must be an object");
  return value as JsonObject;
}

/** Rejects the first key that is not one of `known` (in the document's own key order). */
export function onlyKnownKeys(object: JsonObject, path: string, known: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw new InvalidField(child(path, key), "is not a known field");
  }
}

export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new InvalidField(path, "must be an array");
  return value;
}

export function readString(value: unknown, path: string): string {
  if (typeof value !== "string") throw new InvalidField(path, "must be a string");
  return value;
}

export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") throw new InvalidField(path, "must be a boolean");
  return value;
}

export function readGeneration(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidField(path, "must be an integer >= 1");
  }
  return value;
}

export function readEnum<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  throw new InvalidField(path, `must be ${choices.map((choice) => JSON.stringify(choice)).join(" or ")}`);
}

export function readVersion(value: unknown, path: string): string {
  if (typeof value !== "string") throw new InvalidField(path, "must be a semver version string");
  const parsed = parseSemver(value);
  if (!parsed.ok) throw new InvalidField(path, `must be a semver version (${parsed.message})`);
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Lowercase hyphenated form only: ids are compared as text (sled order is string order). */
export function readUuid(value: unknown, path: string): string {
  if (typeof value !== "string" || !UUID.test(value)) throw new InvalidField(path, "must be a lowercase hyphenated UUID");
  return value;
}

export function readHash(value: unknown, path: string): string {
  if (typeof value !== "string" || !/^[0-9a-f]{64}$/.test(value)) {
    throw new InvalidField(path, "must be 64 lowercase hexadecimal digits (sha256)");
  }
  return value;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (!match) return false;
  const parts = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = parts;
  // Second 60 is RFC 3339's leap second.
  return (
    day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 60 && offsetHour <= 23 && offsetMinute <= 59
  );
}

export function readTime(value: unknown, path: string): string {
  if (typeof value !== "string" || !isRfc3339(value)) throw new InvalidField(path, "must be an RFC 3339 date-time");
  return value;
}

type Reader<T> = (value: unknown, path: string) => T;

/** `read` for a present value, null for null; `what` names the non-null type in the message. */
export function readNullable<T>(value: unknown, path: string, read: Reader<T>, what: string): T | null {
  if (value === null) return null;
  if (value === undefined) throw new InvalidField(path, `is required (${what} or null)`);
  return read(value, path);
}

/** The fields of one object of the document, each read by its path. */
export class Fields {
  private constructor(
    private readonly object: JsonObject,
    readonly path: string,
  ) {}

  /** `value` as an object with no keys but `known`; "is required" when it is absent. */
  static of(value: unknown, path: string, known: readonly string[]): Fields {
    if (value === undefined) throw new InvalidField(path, "is required (an object)");
    const object = readObject(value, path);
    onlyKnownKeys(object, path, known);
    return new Fields(object, path);
  }

  at(key: string): string {
    return child(this.path, key);
  }

  raw(key: string): unknown {
    return get(this.object, key);
  }

  required<T>(key: string, read: Reader<T>, what: string): T {
    const value = this.raw(key);
    if (value === undefined) throw new InvalidField(this.at(key), `is required (${what})`);
    return read(value, this.at(key));
  }

  /** Required, but null is a value. */
  nullable<T>(key: string, read: Reader<T>, what: string): T | null {
    return readNullable(this.raw(key), this.at(key), read, what);
  }

  /** May be omitted: absent reads as `fallback`. */
  optional<T>(key: string, read: Reader<T>, fallback: T): T {
    const value = this.raw(key);
    return value === undefined ? fallback : read(value, this.at(key));
  }

  /** May be omitted or null: both read as null. */
  optionalNullable<T>(key: string, read: Reader<T>): T | null {
    const value = this.raw(key);
    return value === undefined || value === null ? null : read(value, this.at(key));
  }

  /** A required array; `Array.from` visits the holes of a sparse array (as undefined) where `map` skips them. */
  array<T>(key: string, read: Reader<T>): T[] {
    const path = this.at(key);
    const value = this.required(key, readArray, "an array");
    return Array.from(value, (element, index) => read(element, item(path, index)));
  }
}
