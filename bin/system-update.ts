#!/usr/bin/env node
/**
 * `system-update`: the command line. `mock` serves a mock rack and `verify` checks a rack against it (both
 * loaded on demand, so `src/` never imports `mocks/`), `diff` compares API versions, everything else talks
 * to a rack (or the mock) over HTTP.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CommandIo } from "../src/cli/args.js";
import { CLIENT_HELP, runClientCommand } from "../src/cli/commands.js";

const HELP = `Usage: system-update <command> [options]

  system-update mock [--port 12220] [--scenario factory] ...   serve a mock rack (see: system-update mock --help)
  system-update diff <old> <new>                             compare two API versions (see: system-update diff --help)
  system-update verify --url <rack> [--token <t>] ...        check a rack against the mock (see: system-update verify --help)

${CLIENT_HELP}
Files for those commands, made offline:
  system-update repositories build <system-version> [-o <file.zip>]   a repository archive to upload
  system-update trust-roots generate [-o <root.json>]               the trust root a fresh mock rack has

  system-update --version                                    print the package version
  system-update help [<command>]                             show help (also: system-update <command> --help)
`;

/** `repositories build` and `trust-roots generate` (by any spelling the client commands accept). */
function inputCommand(argv: readonly string[]): "build" | "generate" | undefined {
  const [group, verb] = argv;
  if (verb === "build" && (group === "repositories" || group === "repos" || group === "repo")) return "build";
  if (verb === "generate" && (group === "trust-roots" || group === "trust-root")) return "generate";
  return undefined;
}

/** The package's version, from the nearest `package.json` above this file (source and compiled layouts). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === "system-update" && typeof manifest.version === "string") return manifest.version;
    } catch {
      // not here: look one level up
    }
    dir = dirname(dir);
  }
  return "unknown";
}

async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr(HELP);
      return EXIT_USAGE;
    case "help":
    case "--help":
    case "-h":
      if (rest.length > 0) return main([...rest, "--help"], io);
      io.stdout(HELP);
      return EXIT_OK;
    case "--version":
    case "-V":
    case "version":
      io.stdout(`system-update ${packageVersion()}\n`);
      return EXIT_OK;
    case "mock": {
      const { runMockCommand } = await import("../mocks/cli/command.js");
      return runMockCommand(rest, io);
    }
    case "verify": {
      // Loaded on demand like `mock`: it predicts with the mock core.
      const { runVerifyCommand } = await import("../mocks/verify/command.js");
      return runVerifyCommand(rest, io);
    }
    case "diff": {
      // Loaded on demand like `mock`; it needs no optional peer to start (YAML input loads `yaml` itself).
      const { runDiffCommand } = await import("../src/cli/diff-command.js");
      return runDiffCommand(rest, io);
    }
    default: {
      const input = inputCommand(argv);
      if (input === undefined) return runClientCommand(argv, io);
      // Loaded on demand like `mock`: the archive builder lives with the mock.
      const { runInputCommand } = await import("../mocks/cli/inputs.js");
      return runInputCommand(input, argv.slice(2), io);
    }
  }
}

const io: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
};

let code: number;
try {
  code = await main(process.argv.slice(2), io);
} catch (error) {
  io.stderr(`system-update: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  code = EXIT_FAILURE;
}
process.exitCode = code;
// Exit even if something (a stray socket) would keep the process alive; unref'd, so a clean run exits at once.
setTimeout(() => process.exit(code), 1000).unref();
