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

export interface PruneInput {
  /** How many of the newest other uploads to keep. */
  readonly keepUploads: number;
  readonly repositories: readonly Repository[];
  /** The most recent distinct target releases to keep (upstream's `recent_releases`). */
  readonly recentReleases: ReadonlySet<string>;
}

export interface PruneDecision {
  readonly keptAsTargetRelease: readonly string[];
  readonly keptAsRecentUpload: readonly string[];
  /** The repository to prune, if any: the oldest upload not kept. */
  readonly prune: string | null;
  /** The others that could have been pruned (one activation prunes one). */
  readonly eligible: readonly string[];
}

/** Upstream's `decide_prune`, over the unpruned repositories. */
export function decidePruneWith(input: PruneInput): PruneDecision {
  const unpruned = input.repositories.filter((repository) => repository.pruned !== true);
  const keptAsTargetRelease = unpruned.filter((repository) => input.recentReleases.has(repository.system_version));
  // Newest upload first; the sort is stable, so equal times keep the document's order.
  const others = unpruned
    .filter((repository) => !input.recentReleases.has(repository.system_version))
    .sort((a, b) => Date.parse(b.time_created) - Date.parse(a.time_created));
  const versions = (repositories: readonly Repository[]) => repositories.map((repository) => repository.system_version);
  const candidates = versions(others.slice(input.keepUploads));
  return {
    keptAsTargetRelease: versions(keptAsTargetRelease),
    keptAsRecentUpload: versions(others.slice(0, input.keepUploads)),
    prune: candidates[candidates.length - 1] ?? null,
    eligible: candidates.slice(0, -1),
  };
}

/** What one activation would do on this rack, or undefined when its pruner is disabled. */
export function decidePrune(state: RackState): PruneDecision | undefined {
  const config = state.pruner ?? DEFAULT_PRUNER;
  if (!config.enabled) return undefined;
  const keepReleases = saturatingU8(KEEP_TARGET_RELEASES_ALWAYS, config.nkeep_extra_target_releases);
  return decidePruneWith({
    keepUploads: saturatingU8(KEEP_UPLOADS_ALWAYS, config.nkeep_extra_newly_uploaded),
    repositories: state.repositories,
    recentReleases: new Set(recentReleases(state.target_release).slice(0, keepReleases)),
  });
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
