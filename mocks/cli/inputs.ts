/**
 * The command line's own inputs, so its examples need nothing else: `repositories build <version>` writes a
 * repository archive laid out as tufaceous does (`buildRepositoryArchive`), `trust-roots generate` writes
 * the trust root a fresh mock rack starts with. Offline: no rack is asked.
 */
import { writeFile } from "node:fs/promises";
import { EXIT_OK, EXIT_USAGE, UsageError, errorMessage, parseArgs, type CommandIo } from "../../src/cli/args.js";
import { buildRepositoryArchive } from "../core/tuf/archive-build.js";
import { seedRootRole } from "../core/tuf/seed-root.js";

const BUILD_USAGE = "repositories build <system-version> [-o <file.zip>]";
const GENERATE_USAGE = "trust-roots generate [-o <root.json>]";

const INPUT_HELP = {
  build: `Usage: system-update ${BUILD_USAGE}

Write a TUF repository archive for <system-version>, laid out as tufaceous lays one out, for
"repositories upload" (default file: repo-<system-version>.zip).
`,
  generate: `Usage: system-update ${GENERATE_USAGE}

Write the TUF root role document a fresh mock rack trusts, for "trust-roots create" (default: stdout).
`,
} as const;

const FLAGS = { output: "string", help: "boolean" } as const;

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
      const text = `${JSON.stringify(seedRootRole(), null, 2)}\n`;
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
    const file = flags.output ?? `repo-${systemVersion}.zip`;
    await write(file, await buildRepositoryArchive({ systemVersion }));
    io.stderr(`wrote ${file}; upload it with: system-update repositories upload ${file}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`system-update: ${error.message}\n${INPUT_HELP[which]}`);
    return EXIT_USAGE;
  }
}
