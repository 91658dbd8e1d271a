/**
 * The command line's own inputs, so its examples need nothing else: `repositories build <version>` writes a
 * repository archive laid out as tufaceous does (`buildRepositoryArchive`), `trust-roots generate` writes
 * the trust root a fresh mock rack starts with. Offline: no rack is asked.
 */
import { writeFile } from "node:fs/promises";
import { EXIT_OK, EXIT_USAGE, UsageError, errorMessage, parseArgs, type CommandIo } from "../../src/cli/args.js";
import { buildRepositoryArchive } from "../core/tuf/archive-build.js";
import { seedRootRole } from "../core/tuf/seed-root.js";
import { signedDocument } from "../core/tuf/sign.js";
import type { Ed25519TestKey } from "../core/tuf/test-keys.js";
import { readKeyFile, writeNewKeyFile } from "./key-file.js";

const BUILD_USAGE = "repositories build <system-version> [-o <file.zip>] [--key <key.json>]";
const GENERATE_USAGE = "trust-roots generate [-o <root.json>] [--key <key.json> | --new-key <key.json>]";

const INPUT_HELP = {
  build: `Usage: system-update ${BUILD_USAGE}

Write a TUF repository archive for <system-version>, laid out as tufaceous lays one out, for
"repositories upload" (default file: repo-<system-version>.zip). It is signed with the shipped test key
(TEST_ONLY_ED25519_KEY, the key a fresh mock rack trusts), or with --key's Ed25519 key file.
`,
  generate: `Usage: system-update ${GENERATE_USAGE}

Write a TUF root role document for "trust-roots create" (default: stdout): the one a fresh mock rack
trusts (signed with the shipped test key), or a root naming --key's Ed25519 key, or --new-key's: a fresh
key written to that file ({"privateSeed", "publicKey"} as hex; it holds the private half) for
"repositories build --key".
`,
} as const;

const FLAGS = { output: "string", key: "string", "new-key": "string", help: "boolean" } as const;

/** A root naming `key` for every role, signed by it: what tufaceous generates for one key. */
async function rootRoleFor(key: Ed25519TestKey): Promise<Record<string, unknown>> {
  const body = { consistent_snapshot: true, expires: "2100-01-01T00:00:00Z", spec_version: "1.0.0", version: 1 };
  return signedDocument("root", body, { keys: [key], threshold: 1 }, [key]);
}

async function write(file: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFile(file, data);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${errorMessage(error)}`);
  }
}

/** Runs `repositories build` or `trust-roots generate` (`args` after those words); the exit code. */
export async function runInputCommand(which: keyof typeof INPUT_HELP, args: readonly string[], io: CommandIo): Promise<number> {
  try {
    const { flags, positional } = parseArgs(args, FLAGS, { "-o": "output", "-h": "help" });
    if (flags.help) {
      io.stdout(INPUT_HELP[which]);
      return EXIT_OK;
    }
    if (which === "generate") {
      if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}: ${GENERATE_USAGE}`);
      if (flags.key !== undefined && flags["new-key"] !== undefined)
        throw new UsageError(`give --key or --new-key, not both: ${GENERATE_USAGE}`);
      const key =
        flags.key !== undefined
          ? await readKeyFile(flags.key)
          : flags["new-key"] !== undefined
            ? await writeNewKeyFile(flags["new-key"])
            : undefined;
      const text = `${JSON.stringify(key ? await rootRoleFor(key) : seedRootRole(), null, 2)}\n`;
      if (flags.output === undefined) io.stdout(text);
      else {
        await write(flags.output, text);
        io.stderr(`wrote ${flags.output}; add it with: system-update trust-roots create ${flags.output}\n`);
      }
      return EXIT_OK;
    }
    const [systemVersion, extra] = positional;
    if (systemVersion === undefined) throw new UsageError(`give the system version: ${BUILD_USAGE}`);
    if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}: ${BUILD_USAGE}`);
    if (flags["new-key"] !== undefined) throw new UsageError(`--new-key belongs to trust-roots generate; here give --key: ${BUILD_USAGE}`);
    const key = flags.key === undefined ? undefined : await readKeyFile(flags.key);
    const file = flags.output ?? `repo-${systemVersion}.zip`;
    await write(file, await buildRepositoryArchive({ systemVersion, ...(key && { keys: [key] }) }));
    io.stderr(`wrote ${file}; upload it with: system-update repositories upload ${file}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`system-update: ${error.message}\n${INPUT_HELP[which]}`);
    return EXIT_USAGE;
  }
}
