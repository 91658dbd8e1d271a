/**
 * Recording an uploaded repository, after upstream's datastore (`insert_impl` in
 * `nexus/db-queries/src/db/datastore/update.rs`), with its 409 texts (`From<InsertError>`). A pure
 * function over the rack state: the upload handler reads the archive and checks access first.
 *
 * 1. A repository of the same system version (pruned or not): the same artifacts (as a set), then the
 *    same archive hash, or 409. Equal: `already_exists`, its `time_created` renewed and un-pruned.
 * 2. Otherwise each uploaded artifact is checked against every artifact recorded before, from any
 *    repository (pruned ones too: upstream keeps their rows), and against the upload's own earlier
 *    artifacts: one SHA-256 must always come with one length and one version. Any mismatch is one 409
 *    listing them all; nothing is recorded.
 * Upstream also compares the TUF metadata of two uploads of one version; the mock keeps no metadata.
 */
import type { RackState, Repository, StoredArtifact } from "./state.js";

export interface UploadedRepository {
  readonly systemVersion: string;
  readonly fileName: string;
  /** sha256 of the archive. */
  readonly hash: string;
  readonly artifacts: readonly StoredArtifact[];
}

export type InsertResult =
  | { readonly ok: true; readonly state: RackState; readonly repository: Repository; readonly status: "inserted" | "already_exists" }
  | { readonly ok: false; readonly message: string };

/** What upstream's `tuf_artifact_file` keeps per SHA-256 (`TufArtifactFile`): one length and one version. */
type ArtifactFile = Pick<StoredArtifact, "hash" | "length" | "version">;

const sameFile = (a: ArtifactFile, b: ArtifactFile): boolean => a.hash === b.hash && a.length === b.length && a.version === b.version;

const artifactKey = (a: StoredArtifact): string => JSON.stringify([a.version, a.kind, a.name, a.hash, a.length]);

/**
 * The artifacts as a set in one order (upstream's `ArtifactSet`, ordered by version, tags, hash and
 * length; the mock's tags are the kind and name). Equal artifacts listed twice count once.
 */
export function artifactSet(artifacts: readonly StoredArtifact[]): StoredArtifact[] {
  const byKey = new Map<string, StoredArtifact>();
  for (const artifact of artifacts) {
    const { name, version, kind, hash, length } = artifact;
    byKey.set(artifactKey(artifact), { name, version, kind, hash, length });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, artifact]) => artifact);
}

function sameArtifacts(a: readonly StoredArtifact[], b: readonly StoredArtifact[]): boolean {
  const left = artifactSet(a).map(artifactKey);
  const right = artifactSet(b).map(artifactKey);
  return left.length === right.length && left.every((key, i) => key === right[i]);
}

function mismatchLine(uploaded: ArtifactFile, existing: ArtifactFile): string {
  return (
    `- Uploaded artifact with SHA-256 checksum ${uploaded.hash} has length ${uploaded.length} and version ${uploaded.version}, ` +
    `but existing artifact with SHA-256 checksum ${existing.hash} has length ${existing.length} and version ${existing.version}.\n`
  );
}

/** The mismatch lines of `uploaded` against what `repositories` recorded; empty when none. */
function artifactMismatches(repositories: readonly Repository[], uploaded: readonly StoredArtifact[]): string[] {
  // The first file recorded per hash: upstream's table holds one row per hash, and every later one matched it.
  const recorded = new Map<string, ArtifactFile>();
  for (const repository of repositories) {
    for (const artifact of repository.artifacts ?? []) if (!recorded.has(artifact.hash)) recorded.set(artifact.hash, artifact);
  }
  const newFiles = new Map<string, ArtifactFile>();
  const lines: string[] = [];
  for (const artifact of uploaded) {
    let mismatched = false;
    const earlier = newFiles.get(artifact.hash);
    if (earlier !== undefined && !sameFile(artifact, earlier)) {
      lines.push(mismatchLine(artifact, earlier));
      mismatched = true;
    }
    const existing = recorded.get(artifact.hash);
    if (existing !== undefined && !sameFile(artifact, existing)) {
      lines.push(mismatchLine(artifact, existing));
      mismatched = true;
    }
    if (!mismatched) newFiles.set(artifact.hash, artifact);
  }
  return lines;
}

export function insertRepository(state: RackState, upload: UploadedRepository, now: string): InsertResult {
  const version = upload.systemVersion;
  const uploaded = artifactSet(upload.artifacts);
  const existing = state.repositories.find((repository) => repository.system_version === version);
  if (existing !== undefined) {
    // A seeded repository (artifacts never seen) is compared by archive hash only.
    if (existing.artifacts !== undefined && !sameArtifacts(existing.artifacts, uploaded)) {
      return {
        ok: false,
        message: `Uploaded repository with system version ${version} does not have the same artifacts as existing repository with same system version`,
      };
    }
    if (existing.hash !== upload.hash) {
      return {
        ok: false,
        message: `Uploaded repository with system version ${version} has SHA256 hash ${upload.hash}, but existing repository has SHA256 hash ${existing.hash}.`,
      };
    }
    // Upstream answers with the stored record: its original file name, a fresh time_created, no longer pruned.
    const { pruned: _wasPruned, ...kept } = existing;
    const renewed: Repository = { ...kept, time_created: now, artifacts: existing.artifacts ?? uploaded };
    const repositories = state.repositories.map((repository) => (repository === existing ? renewed : repository));
    return { ok: true, state: { ...state, repositories }, repository: renewed, status: "already_exists" };
  }
  const mismatches = artifactMismatches(state.repositories, uploaded);
  if (mismatches.length > 0) return { ok: false, message: `Uploaded artifacts don't match existing artifacts:\n${mismatches.join("")}` };
  const inserted: Repository = {
    system_version: version,
    file_name: upload.fileName,
    hash: upload.hash,
    time_created: now,
    artifacts: uploaded,
  };
  return { ok: true, state: { ...state, repositories: [...state.repositories, inserted] }, repository: inserted, status: "inserted" };
}
