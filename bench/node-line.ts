/**
 * Which Node a benchmark runs on: `--node 26` (the default: the Active LTS, what users run; from
 * `test/node26`, which `npm test` installs), `--node 22`, `--node current` (the Node running the script),
 * or a path to a `node` binary. The script re-runs itself under that binary, so the servers, the load
 * generator and Prism share one runtime. Without `--node`, a machine where Node 26 is not installed
 * falls back to the current Node and says so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { nodeLine, nodeLineInstalled } from "../test/support/node-lines.js";

const DEFAULT_LINE = "26";

/** Resolves `--node`, re-runs this script under it if that is another binary, and exits with its status. */
export function runOnChosenNode(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf("--node");
  const asked = at === -1 ? undefined : args[at + 1];
  if (at !== -1 && asked === undefined) refuse("--node needs a value: 26, 22, current or a path to node");
  const rest = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
  const binary = resolveNode(asked ?? DEFAULT_LINE, asked === undefined);
  if (realpathSync(binary) === realpathSync(process.execPath)) return;
  const run = spawnSync(binary, [...process.execArgv, process.argv[1] as string, ...rest, "--node", "current"], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

function resolveNode(asked: string, byDefault: boolean): string {
  if (asked === "current") return process.execPath;
  if (!/^\d+$/.test(asked)) {
    if (!existsSync(asked)) refuse(`--node ${asked}: no such file`);
    return asked;
  }
  const line = nodeLine(Number(asked));
  if (!existsSync(line.dir))
    refuse(`--node ${asked}: this repository has no Node ${asked} line (test/node${asked}); use 26, 22, current or a path to node`);
  if (nodeLineInstalled(line)) return line.node;
  const install = `npm ci --prefix ${line.dir} (or npm test, which installs it)`;
  if (!byDefault) refuse(`--node ${asked}: Node ${asked} is not installed; ${install}`);
  process.stderr.write(`Node ${asked} (the default) is not installed, so this runs on Node ${process.versions.node}; ${install}\n`);
  return process.execPath;
}

/** A bad `--node`: said in one line, exit status 2 (a usage error), no stack trace. */
function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
