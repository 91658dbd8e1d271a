/**
 * The repository pruner (docs/design.md, "Repository pruning"), after upstream's background task
 * `nexus/src/app/background/tasks/tuf_repo_pruner.rs` (`decide_prune`). One activation marks at most one
 * repository pruned: it keeps the most recent distinct target releases and the newest uploads, and of
 * the rest prunes the one uploaded longest ago. Pure functions over the rack state.
 */
import { DEFAULT_PRUNER, type RackState, type Repository } from "./state.js";
import { recentReleases } from "./target-release.js";

/** Always kept, whatever the configuration: the current and the previous target release. */
const KEEP_TARGET_RELEASES_ALWAYS = 2;
/** Always kept: the newest upload (the operator may be about to update to it). */
const KEEP_UPLOADS_ALWAYS = 1;

/** Upstream's counts are u8 with saturating addition. */
const saturatingU8 = (a: number, b: number): number => Math.min(255, a + b);

export interface PruneDecision {
  readonly keptAsTargetRelease: readonly string[];
  readonly keptAsRecentUpload: readonly string[];
  /** The repository to prune, if any. */
  readonly prune: string | null;
}

/** What one activation would do, or undefined when the pruner is disabled. */
export function decidePrune(state: RackState): PruneDecision | undefined {
  const config = state.pruner ?? DEFAULT_PRUNER;
  if (!config.enabled) return undefined;
  const keepReleases = saturatingU8(KEEP_TARGET_RELEASES_ALWAYS, config.nkeep_extra_target_releases);
  const keepUploads = saturatingU8(KEEP_UPLOADS_ALWAYS, config.nkeep_extra_newly_uploaded);
  const unpruned = state.repositories.filter((repository) => repository.pruned !== true);
  const releases = new Set(recentReleases(state.target_release).slice(0, keepReleases));
  const keptAsTargetRelease = unpruned.filter((repository) => releases.has(repository.system_version));
  // Newest upload first; the sort is stable, so equal times keep the document's order.
  const others = unpruned
    .filter((repository) => !releases.has(repository.system_version))
    .sort((a, b) => Date.parse(b.time_created) - Date.parse(a.time_created));
  const keptAsRecentUpload = others.slice(0, keepUploads);
  const candidates = others.slice(keepUploads);
  const oldest: Repository | undefined = candidates[candidates.length - 1];
  return {
    keptAsTargetRelease: keptAsTargetRelease.map((repository) => repository.system_version),
    keptAsRecentUpload: keptAsRecentUpload.map((repository) => repository.system_version),
    prune: oldest?.system_version ?? null,
  };
}

/** One pruner activation: the state with one more repository pruned, or undefined when there is none to prune. */
export function pruneOnce(state: RackState): RackState | undefined {
  const version = decidePrune(state)?.prune ?? null;
  if (version === null) return undefined;
  const repositories = state.repositories.map((repository) =>
    repository.system_version === version ? { ...repository, pruned: true } : repository,
  );
  return { ...state, repositories };
}
