/**
 * The targets of a loaded repository, read as tough's `Repository::read_target` streams them: only
 * targets the signed `targets.json` lists, from `<sha256>.<name>` under consistent snapshots, each cut
 * at its signed length and checked against its signed sha256 (both failures are transport errors, which
 * upstream answers 503). Each target is read and checked once, however many artifacts name it.
 */
import { checkFile, fetchFile, LoadError, TARGETS_URL, transportError, type ArchiveFiles, type LoadedRepository } from "./load.js";

export type TargetFailure = { readonly ok: false; readonly status: 400 | 503; readonly message: string };
export type TargetRead = { readonly ok: true; readonly data: Uint8Array } | TargetFailure;
export type TargetDigest = { readonly ok: true; readonly sha256: string; readonly length: number } | TargetFailure;

export class SignedTargets {
  /** Digests only: the bytes of a checked target are not kept. */
  readonly #digests = new Map<string, Promise<TargetDigest>>();

  constructor(
    private readonly files: ArchiveFiles,
    private readonly loaded: LoadedRepository,
  ) {}

  /** The target's checked bytes; undefined when `targets.json` does not list it. */
  read(name: string): Promise<TargetRead> | undefined {
    const meta = this.loaded.targets.get(name);
    if (meta === undefined) return undefined;
    const file = this.loaded.consistentSnapshot ? `${meta.sha256}.${name}` : name;
    const url = TARGETS_URL + file;
    return (async (): Promise<TargetRead> => {
      try {
        const data = await fetchFile(this.files, `repo/targets/${file}`, url);
        if (data === undefined) throw transportError("file not found", url, "file not found", 400);
        await checkFile(data, url, meta.length, meta.sha256, "targets.json");
        return { ok: true, data };
      } catch (error) {
        if (error instanceof LoadError) return { ok: false, status: error.status, message: error.message };
        throw error;
      }
    })();
  }

  /** The target's signed sha256 and length, once its bytes were checked against them. */
  digest(name: string): Promise<TargetDigest> | undefined {
    const meta = this.loaded.targets.get(name);
    if (meta === undefined) return undefined;
    let found = this.#digests.get(name);
    if (found === undefined) {
      found = this.read(name)?.then((read) => (read.ok ? { ok: true, sha256: meta.sha256, length: read.data.byteLength } : read));
      if (found === undefined) return undefined;
      this.#digests.set(name, found);
    }
    return found;
  }
}
