/**
 * What every client command shares: the flags, the context a command runs in, and the helpers that print
 * results and errors the same way for all of them (src/cli/verbs.ts holds the commands).
 */
import { readFile } from "node:fs/promises";
import { OPERATIONS } from "../../generated/operations.js";
import type { ApiResult, SystemUpdateClient } from "../client/client.js";
import { ApiError, NetworkError } from "../client/errors.js";
import { EXIT_FAILURE, UsageError, errorMessage, integerFlag, type CommandIo, type FlagValues } from "./args.js";

export const FLAGS = {
  url: "string",
  token: "string",
  "api-version": "string",
  json: "boolean",
  help: "boolean",
  "system-version": "string",
  limit: "string",
  "sort-by": "string",
  path: "string",
} as const;

export type Flags = FlagValues<typeof FLAGS>;
export type CommandFlag = "system-version" | "limit" | "sort-by" | "path";

export interface Context {
  readonly client: SystemUpdateClient;
  /** The command's words, e.g. ["trust-roots", "view"]. */
  readonly words: readonly string[];
  readonly operation: keyof typeof OPERATIONS;
  readonly url: string;
  readonly flags: Flags;
  readonly operands: readonly string[];
  readonly io: CommandIo;
}

export interface Command {
  readonly words: readonly string[];
  /** The API operation it calls: its versions explain a 404 from an older `--api-version`. */
  readonly operation: keyof typeof OPERATIONS;
  /** The command line after `system-update`, with its operands and flags. */
  readonly usage: string;
  readonly summary: string;
  /** Command-specific flags it accepts (the connection flags and --json always apply). */
  readonly flags: readonly CommandFlag[];
  readonly operands: number;
  run(ctx: Context): Promise<number>;
}

export const SORT_MODES = ["version_ascending", "version_descending"] as const;

export function systemVersion(ctx: Context, allowOperand: boolean): string {
  const fromFlag = ctx.flags["system-version"];
  const fromOperand = allowOperand ? ctx.operands[0] : undefined;
  if (fromFlag !== undefined && fromOperand !== undefined)
    throw new UsageError("give the system version once: as --system-version or as an argument");
  const version = fromFlag ?? fromOperand;
  if (version === undefined) throw new UsageError("--system-version <v> is required");
  return version;
}

export function printJson(io: CommandIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned columns; the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")).join("\n") + "\n";
}

/** Every item of every page, or the exit code after printing why a page could not be read. */
export async function collectPages<T>(ctx: Context, pages: AsyncIterable<{ readonly items: readonly T[] }>): Promise<T[] | number> {
  const items: T[] = [];
  try {
    for await (const page of pages) items.push(...page.items);
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
    return reportError(ctx, error);
  }
  return items;
}

export const limitOf = (ctx: Context): number | undefined =>
  ctx.flags.limit === undefined ? undefined : integerFlag("limit", ctx.flags.limit, 1, 10_000);

/** The one operand a command needs, or a usage error naming it. */
export function operand(ctx: Context, what: string): string {
  const value = ctx.operands[0];
  if (value === undefined) throw new UsageError(`give the ${what}: ${ctx.words.join(" ")} <${what}>`);
  return value;
}

/** A file the command was given; one it cannot read is a usage error. */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${errorMessage(error)}`);
  }
}

/** Prints the error of a failed call (stderr) and gives the exit code; undefined when it succeeded. */
export function failed(ctx: Context, result: ApiResult<unknown>): number | undefined {
  return result.error ? reportError(ctx, result.error) : undefined;
}

/** Prints why a call failed (stderr) and gives the exit code. */
function reportError(ctx: Context, error: ApiError | NetworkError): number {
  const hint = error instanceof ApiError ? notFoundHint(ctx, error) : undefined;
  ctx.io.stderr(`error: ${describeError(error, ctx.url)}\n${hint === undefined ? "" : `${hint}\n`}`);
  return EXIT_FAILURE;
}

/**
 * Why dropshot's bare 404 (no route: no error code) came back: the operation is not in the requested API
 * version, or `--url` carries a path the API does not live under. A missing object has its own message.
 */
function notFoundHint(ctx: Context, error: ApiError): string | undefined {
  if (error.status !== 404 || error.errorCode !== undefined) return undefined;
  const command = ctx.words.join(" ");
  const requested = ctx.flags["api-version"];
  const versions: readonly string[] = OPERATIONS[ctx.operation].versions;
  if (requested !== undefined && !versions.includes(requested)) {
    const first = versions[0] ?? "";
    return requested < first
      ? `hint: ${command} is not in API version ${requested}: it arrived in ${first}; pass --api-version ${first} or later, or leave --api-version out`
      : `hint: ${command} is not in API version ${requested} (it is in ${versions.join(", ")})`;
  }
  const { pathname } = new URL(ctx.url);
  if (pathname !== "/" && pathname !== "")
    return `hint: no such endpoint under ${ctx.url}: --url is the API's base URL, without /v1 (e.g. ${new URL(ctx.url).origin})`;
  return undefined;
}

/** The innermost cause that says what went wrong on the network (e.g. `connect ECONNREFUSED 127.0.0.1:12220`). */
function rootCause(error: unknown): string {
  let current: unknown = error;
  let message = errorMessage(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  if (current !== undefined && !(current instanceof Error)) message = String(current);
  return message;
}

export function describeError(error: ApiError | NetworkError, url: string): string {
  if (error instanceof NetworkError) return `cannot reach ${url}: ${rootCause(error.cause)}`;
  const status = [String(error.status), error.errorCode].filter((part) => part !== undefined).join(" ");
  return `${error.message} (${status})`;
}
