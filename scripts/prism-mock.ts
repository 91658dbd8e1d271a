// `npm run mock:prism -- [--version <v>] [--port 4010] [--host 127.0.0.1] [--errors]`: Prism's static mock
// of one API version's document (the latest by default), answering from the document's examples (pick one
// with `Prefer: code=400, example=downgrade`). With `--errors`, Prism answers 500 when its own answer
// breaks the document. Signals are forwarded, so stopping this process stops Prism.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const specDir = path.join(root, "spec");
const prismBin = path.join(root, "node_modules", ".bin", "prism");

interface Manifest {
  latest: string;
  versions: { version: string; file: string }[];
}

const USAGE =
  "usage: npm run mock:prism -- [--version <api version>] [--port <port, default 4010>] [--host <host, default 127.0.0.1>] [--errors]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(path.join(specDir, "manifest.json"), "utf8")) as Manifest;
let version = manifest.latest;
let port = "4010";
let host = "127.0.0.1";
let errors = false;

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? "";
  const value = () => {
    const next = args[++i];
    if (next === undefined) fail(`${arg} needs a value`);
    return next;
  };
  if (arg === "--version") version = value();
  else if (arg === "--port" || arg === "-p") port = value();
  else if (arg === "--host" || arg === "-h") host = value();
  else if (arg === "--errors") errors = true;
  else if (arg === "--help") {
    process.stdout.write(`${USAGE}\nAPI versions: ${manifest.versions.map((v) => v.version).join(", ")} (latest ${manifest.latest})\n`);
    process.exit(0);
  } else fail(`unknown argument: ${arg}`);
}

const entry = manifest.versions.find((v) => v.version === version);
if (!entry) fail(`unknown API version ${version}; the documents are: ${manifest.versions.map((v) => v.version).join(", ")}`);
if (!/^\d+$/.test(port) || Number(port) > 65535) fail(`bad port: ${port}`);

const spec = path.join(specDir, entry.file);
process.stderr.write(`prism mock of API version ${version} (${path.relative(root, spec)}) on http://${host}:${port}\n`);
const child = spawn(process.execPath, [prismBin, "mock", "-h", host, "-p", port, ...(errors ? ["--errors"] : []), spec], {
  stdio: "inherit",
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on("error", (error) => {
  process.stderr.write(`cannot start prism (${prismBin}): ${error.message}\n`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1));
});
