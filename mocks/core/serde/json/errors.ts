/**
 * serde_json's error values (`src/error.rs`: `ErrorCode` texts, line/column, `Display`) and the
 * path that serde_path_to_error 0.1.20 attaches to them (`src/lib.rs` `Track`, `src/path.rs`).
 */

/** serde_json's `ErrorCode` texts (`src/error.rs`, `impl Display for ErrorCode`). */
export const Code = {
  EofWhileParsingList: "EOF while parsing a list",
  EofWhileParsingObject: "EOF while parsing an object",
  EofWhileParsingString: "EOF while parsing a string",
  EofWhileParsingValue: "EOF while parsing a value",
  ExpectedColon: "expected `:`",
  ExpectedListCommaOrEnd: "expected `,` or `]`",
  ExpectedObjectCommaOrEnd: "expected `,` or `}`",
  ExpectedSomeIdent: "expected ident",
  ExpectedSomeValue: "expected value",
  InvalidEscape: "invalid escape",
  InvalidNumber: "invalid number",
  NumberOutOfRange: "number out of range",
  InvalidUnicodeCodePoint: "invalid unicode code point",
  ControlCharacterWhileParsingString: "control character (\\u0000-\\u001F) found while parsing a string",
  KeyMustBeAString: "key must be a string",
  LoneLeadingSurrogateInHexEscape: "lone leading surrogate in hex escape",
  TrailingComma: "trailing comma",
  TrailingCharacters: "trailing characters",
  UnexpectedEndOfHexEscape: "unexpected end of hex escape",
  RecursionLimitExceeded: "recursion limit exceeded",
} as const;

/** One segment of a serde_path_to_error path (`src/path.rs`). */
export type Segment =
  { readonly kind: "seq"; readonly index: number } | { readonly kind: "map"; readonly key: string } | { readonly kind: "unknown" };

/** serde_path_to_error's `Chain`, reduced to the segments it contributes; `null` is `Chain::Root`. */
export type Chain = { readonly parent: Chain; readonly segment: Segment } | null;

/**
 * A serde_json `Error` (line 0 = not yet positioned, as for `de::Error::custom`) plus the path that
 * serde_path_to_error's `Track` recorded for it (`undefined` = not triggered yet).
 */
export class JsonError extends Error {
  path: readonly Segment[] | undefined = undefined;
  constructor(
    readonly code: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(code);
    this.name = "JsonError";
  }

  /** serde_json's `impl Display for ErrorImpl`. */
  display(): string {
    return this.line === 0 ? this.code : `${this.code} at line ${this.line} column ${this.column}`;
  }
}

/** An error made by `de::Error::custom` (no position until `fix_position`). */
export function customError(message: string): JsonError {
  return new JsonError(message, 0, 0);
}

/** `Track::trigger`: the first (innermost) trigger fixes the path. */
export function trigger(error: unknown, chain: Chain): unknown {
  if (error instanceof JsonError && error.path === undefined) {
    const segments: Segment[] = [];
    for (let link = chain; link !== null; link = link.parent) segments.push(link.segment);
    error.path = segments.reverse();
  }
  return error;
}

export function childChain(parent: Chain, segment: Segment): Chain {
  return { parent, segment };
}

export const UNKNOWN: Segment = { kind: "unknown" };

/** `impl Display for serde_path_to_error::Error`: `<path>: ` unless the path is empty or only `?`. */
export function pathPrefix(path: readonly Segment[] | undefined): string {
  if (path === undefined || path.every((segment) => segment.kind === "unknown")) return "";
  let out = "";
  let separator = "";
  for (const segment of path) {
    if (segment.kind !== "seq") out += separator;
    out += segment.kind === "seq" ? `[${segment.index}]` : segment.kind === "map" ? segment.key : "?";
    separator = ".";
  }
  return `${out}: `;
}
