/**
 * `--state-dir <dir>`: every session's rack kept in a directory, so a restart (or a crash) keeps it (the
 * README, "Keeping the rack across restarts"). One file per session, `<hash of the name>.json`, holding
 * `{"session": name, "state": document}`. Each change marks its session; `writeDelayMs` later the marked
 * sessions are written, each atomically: a temporary file, fsync, rename, fsync of the directory. So a
 * crash leaves every file whole: the last change written, or one before it by at most `writeDelayMs` plus
 * the time one write takes.
 *
 * At start every file is loaded (each at most `maxStoredBytes`, the cap a session's state has anyway). A
 * file that cannot be read or is no rack state stops the start-up with an error naming the file and the
 * way out (`--fresh-state`); nothing in the directory is overwritten then.
 */
import { createHash } from "node:crypto";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { MockCore } from "../core/mock.js";
import { watchForPersistence, type PersistenceWatch, type RackStore } from "../core/persistence.js";
import { MockControlError } from "../core/protocol/control-errors.js";

export const DEFAULT_WRITE_DELAY_MS = 100;
export const STATE_DIR_FLAG = "--state-dir";
export const FRESH_STATE_FLAG = "--fresh-state";

export interface StateDirOptions {
  readonly dir: string;
  /** Start from the mock's starting rack and overwrite what the directory holds (`--fresh-state`). */
  readonly fresh?: boolean;
  /** How long after a change its session is written (default 100 ms): changes in between are written once. */
  readonly writeDelayMs?: number;
}

/** The directory's content cannot be used: the start-up stops, and the message says how to go on. */
export class StateDirError extends Error {}

const FILE = /^[0-9a-f]{32}\.json$/;
const fileOf = (session: string): string => `${createHash("sha256").update(session).digest("hex").slice(0, 32)}.json`;

function unusable(dir: string, file: string, reason: string): StateDirError {
  return new StateDirError(
    `${STATE_DIR_FLAG} ${dir}: ${file} ${reason}; it was left as it is. Move it away, or start from the scenario with ${FRESH_STATE_FLAG} (which replaces every rack stored there)`,
  );
}

async function loadOne(core: MockCore, dir: string, file: string): Promise<void> {
  const full = path.join(dir, file);
  const { size } = await stat(full);
  if (size > core.limits.maxStoredBytes + 4096)
    throw unusable(
      dir,
      file,
      `is ${size} bytes, over the mock's limit maxStoredBytes of ${core.limits.maxStoredBytes} (raise it with --max-stored-bytes)`,
    );
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(full, "utf8"));
  } catch (error) {
    throw unusable(dir, file, `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const session =
    typeof stored === "object" && stored !== null && Object.hasOwn(stored, "session")
      ? (stored as { session: unknown }).session
      : undefined;
  if (typeof session !== "string" || fileOf(session) !== file || !Object.hasOwn(stored as object, "state"))
    throw unusable(dir, file, 'is not {"session": name, "state": document} of this mock');
  try {
    core.setState((stored as { state: unknown }).state, session);
  } catch (error) {
    if (!(error instanceof MockControlError)) throw error;
    throw unusable(dir, file, `holds no valid rack state: ${error.message}`);
  }
}

/** Loads every session of `dir` into `core` (creating the directory if needed), then keeps it written. */
export async function attachStateDir(core: MockCore, options: StateDirOptions): Promise<PersistenceWatch> {
  const { dir } = options;
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw new StateDirError(`${STATE_DIR_FLAG} ${dir}: cannot create it (${error instanceof Error ? error.message : String(error)})`);
  });
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new StateDirError(`${STATE_DIR_FLAG} ${dir}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  // Temporary files a crash left behind never hold the newest acknowledged state a rename would have made.
  for (const name of names) if (name.endsWith(".tmp")) await rm(path.join(dir, name), { force: true });
  const stored = names.filter((name) => FILE.test(name));
  if (options.fresh) for (const name of stored) await rm(path.join(dir, name), { force: true });
  else for (const name of stored) await loadOne(core, dir, name);
  const store: RackStore = {
    write: (session, state) => {
      const file = path.join(dir, fileOf(session));
      // An evicted session's file goes with it: a restart must not bring back what the mock dropped.
      return state === undefined ? rm(file, { force: true }) : writeAtomically(dir, file, JSON.stringify({ session, state }));
    },
  };
  // Fresh: the starting racks replace what the directory held, at once.
  return watchForPersistence(core, store, options.writeDelayMs ?? DEFAULT_WRITE_DELAY_MS, options.fresh ? core.sessionNames() : []);
}

async function writeAtomically(dir: string, file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  // The rename itself survives a power cut only once the directory is synced too.
  const directory = await open(dir, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
