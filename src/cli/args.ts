/**
 * A small flag parser shared by the command line's commands (`mocks/cli.ts` uses it too): `--flag value`,
 * `--flag=value`, boolean `--flag`, `--` ends the flags. Unknown flags and missing values are usage errors.
 */

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
 * Parses `args` against `spec` (flag names without the dashes). `aliases` maps short forms such as `-h`
 * to a flag name. A string flag given twice keeps the last value, as most CLIs do.
 */
export function parseArgs<S extends FlagSpec>(args: readonly string[], spec: S, aliases: Readonly<Record<string, keyof S & string>> = {}): ParsedArgs<S> {
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    const alias = aliases[arg];
    if (!arg.startsWith("--") && alias === undefined) {
      if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = alias ?? (eq === -1 ? arg.slice(2) : arg.slice(2, eq));
    const inline = alias === undefined && eq !== -1 ? arg.slice(eq + 1) : undefined;
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) throw new UsageError(`unknown option --${name}`);
    if (kind === "boolean") {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      // `--url --json` is a forgotten value, not a URL called "--json".
      if (next === undefined || (next.startsWith("--") && next.length > 2)) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (value === "") throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
