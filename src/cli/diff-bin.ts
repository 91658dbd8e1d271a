// `npm run diff -- <old> <new>`: the diff command on its own, until the main CLI dispatches to it.
import { runDiffCommand } from "./diff-command.js";

// `npm run -s diff -- ... | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await runDiffCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
});
