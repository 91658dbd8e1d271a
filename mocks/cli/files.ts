/** The files `system-update mock` reads: `--auth` (tokens and roles) and `--state` (a rack state document). */
import { readFile } from "node:fs/promises";
import { UsageError, errorMessage } from "../../src/cli/args.js";
import { isJsonObject, ownField } from "../../src/shared/json.js";
import type { AuthConfig, FleetRole } from "../core/auth/auth.js";

const ROLES: readonly FleetRole[] = ["admin", "collaborator", "viewer", "none"];

/** A JSON file's value; any problem is a usage error naming the flag and the file. */
export async function readJsonFile(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${flag} file ${file}: ${errorMessage(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${flag} file ${file} is not JSON: ${errorMessage(error)}`);
  }
}

/** An `--auth` file: `{"tokens": {"<token>": role, ...}, "control"?: "<control token>"}`. */
export async function readAuthFile(file: string): Promise<AuthConfig> {
  const document = await readJsonFile(file, "--auth");
  const shape = `expected {"tokens": {"<token>": "admin" | "collaborator" | "viewer" | "none"}, "control": "<control token>"}`;
  if (!isJsonObject(document)) throw new UsageError(`--auth file ${file}: ${shape}`);
  const tokens = ownField(document, "tokens");
  if (!isJsonObject(tokens)) throw new UsageError(`--auth file ${file}: "tokens" missing or not an object; ${shape}`);
  // A Map: a token named `__proto__` or `constructor` is a token like any other.
  const checked = new Map<string, FleetRole>();
  for (const [token, role] of Object.entries(tokens)) {
    if (token === "" || /\s/.test(token))
      throw new UsageError(`--auth file ${file}: token ${JSON.stringify(token)} is empty or has whitespace`);
    const known = ROLES.find((r) => r === role);
    if (known === undefined) {
      throw new UsageError(
        `--auth file ${file}: token ${JSON.stringify(token)} has role ${JSON.stringify(role)}; use one of ${ROLES.join(", ")}`,
      );
    }
    checked.set(token, known);
  }
  if (checked.size === 0) throw new UsageError(`--auth file ${file}: no tokens (every request would get 401)`);
  const control = ownField(document, "control");
  if (control === undefined) return { tokens: checked };
  if (typeof control !== "string" || control === "" || /\s/.test(control) || checked.has(control)) {
    throw new UsageError(`--auth file ${file}: "control" must be a token of its own (no whitespace, not one of the API tokens)`);
  }
  return { tokens: checked, control };
}
