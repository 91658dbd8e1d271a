/**
 * What every command of the command line shares (`mocks/cli.ts` and the diff command too): where output
 * goes, exit codes, and one flag parser (`--flag value`, `--flag=value`, boolean `--flag`, `--` ends the
 * flags; unknown flags and missing values are usage errors).
 */
import { parseArgs as nodeParseArgs } from "node:util";
import { closestName } from "../shared/suggest.js";

/** Where a command writes; the same shape as the diff command's, so one object serves every command. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

/** Exit codes shared by the commands: success, the command ran and failed (refusal, network), bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: the caller prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type FlagKind = "string" | "boolean";
export type FlagSpec = Readonly<Record<string, FlagKind>>;
export type FlagValues<S extends FlagSpec> = { -readonly [K in keyof S]?: S[K] extends "string" ? string : boolean };

export interface ParsedArgs<S extends FlagSpec> {
  readonly flags: FlagValues<S>;
  readonly positional: string[];
}

/**
 * Parses `args` against `spec` (flag names without the dashes) with `node:util`'s `parseArgs`, then
 * applies our usage rules to its tokens: unknown flags, missing values and values given to boolean flags
 * are usage errors naming the flag. `aliases` maps short forms such as `-h` to a flag name. A string flag
 * given twice keeps the last value, as most CLIs do.
 */
export function parseArgs<S extends FlagSpec>(
  args: readonly string[],
  spec: S,
  aliases: Readonly<Record<string, keyof S & string>> = {},
): ParsedArgs<S> {
  const options: Record<string, { type: FlagKind; short?: string }> = {};
  for (const [name, type] of Object.entries(spec)) options[name] = { type };
  for (const [alias, name] of Object.entries(aliases)) {
    const option = options[name];
    if (option && /^-\w$/.test(alias)) option.short = alias.slice(1);
  }
  // Not strict: its errors do not say which flag; the tokens let us say it in our words.
  const { tokens } = nodeParseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positional.push(token.value);
    if (token.kind !== "option") continue;
    const kind = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined;
    if (kind === undefined) {
      const near = closestName(token.name, Object.keys(spec));
      throw new UsageError(`unknown option ${token.rawName}${near === undefined ? "" : `. Did you mean --${near}?`}`);
    }
    if (kind === "boolean") {
      if (token.inlineValue) throw new UsageError(`--${token.name} takes no value`);
      flags[token.name] = true;
      continue;
    }
    const value = token.value;
    // `--url --json` is a forgotten value, not a URL called "--json".
    const forgotten = !token.inlineValue && value !== undefined && value.startsWith("--") && value.length > 2;
    // `--token "$OXIDE_TOKEN"` with the variable unset arrives as an empty value.
    if (value === "") throw new UsageError(`--${token.name} got an empty value: is the shell variable you passed set?`);
    if (value === undefined || forgotten) throw new UsageError(`--${token.name} needs a value`);
    flags[token.name] = value;
  }
  return { flags: flags as FlagValues<S>, positional };
}

/** An integer flag within bounds, or a usage error naming the flag. */
export function integerFlag(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${text}`);
  return value;
}

/** The `--url` flag as a URL, or a usage error unless it parses and is http(s). */
export function httpUrlFlag(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--url must be an http(s) URL, got "${text}"`);
  return url;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
