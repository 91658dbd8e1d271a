/**
 * The repository pruner (docs/design.md, "Repository pruning"): upstream's `decide_prune` unit test
 * replayed, then the rack-level rules (kept target releases, kept uploads, one per activation, config,
 * planner steps, and what a pruned repository means for list, view, target release and upload).
 */
import { describe, expect, it } from "vitest";
import { decidePrune, decidePruneWith, pruneOnce } from "../../mocks/core/simulator/pruner.js";
import { advance } from "../../mocks/core/simulator/planner.js";
import { setTargetRelease } from "../../mocks/core/simulator/target-release.js";
import type { RackState, Repository } from "../../mocks/core/simulator/state.js";
import { decideTargetRelease, parseSemver } from "../../src/rules/index.js";
import { minimalState } from "../support/context.js";

const repo = (system_version: string, hour: number): Repository => ({
  system_version,
  file_name: `${system_version}.zip`,
  hash: "0".repeat(64),
  time_created: `2025-09-26T0${hour}:00:00Z`,
});

/** Upstream's `make_test_repos`: six repositories uploaded an hour apart. */
const SIX = [repo("1.0.0", 1), repo("2.0.0", 2), repo("3.0.0", 3), repo("4.0.0", 4), repo("4.1.0", 5), repo("4.2.0", 6)];

const DISABLED = { enabled: false, nkeep_extra_target_releases: 1, nkeep_extra_newly_uploaded: 1 };

const unpruned = (state: RackState): string[] => state.repositories.filter((r) => r.pruned !== true).map((r) => r.system_version);

describe("decide_prune (upstream tuf_repo_pruner.rs::test_decide_prune)", () => {
  it("has nothing to keep or prune without repositories", () => {
    expect(decidePruneWith({ keepUploads: 1, repositories: [], recentReleases: new Set() })).toEqual({
      keptAsTargetRelease: [],
      keptAsRecentUpload: [],
      prune: null,
      eligible: [],
    });
  });

  it("keeps only the recent releases, prunes the oldest upload", () => {
    const decision = decidePruneWith({ keepUploads: 0, repositories: SIX, recentReleases: new Set(["3.0.0", "4.0.0"]) });
    expect(decision).toEqual({
      keptAsTargetRelease: ["3.0.0", "4.0.0"],
      keptAsRecentUpload: [],
      prune: "1.0.0",
      eligible: ["4.2.0", "4.1.0", "2.0.0"],
    });
  });

  it("keeps only recent uploads when no target release is recent", () => {
    const decision = decidePruneWith({ keepUploads: 2, repositories: SIX, recentReleases: new Set() });
    expect(decision.keptAsTargetRelease).toEqual([]);
    expect(decision.keptAsRecentUpload).toEqual(["4.2.0", "4.1.0"]);
    expect(decision.prune).toBe("1.0.0");
    expect([...decision.eligible].sort()).toEqual(["2.0.0", "3.0.0", "4.0.0"]);
  });

  it("keeps recent releases and recent uploads together", () => {
    const decision = decidePruneWith({ keepUploads: 1, repositories: SIX, recentReleases: new Set(["3.0.0", "4.0.0"]) });
    expect(decision.keptAsRecentUpload).toEqual(["4.2.0"]);
    expect(decision.prune).toBe("1.0.0");
    expect([...decision.eligible].sort()).toEqual(["2.0.0", "4.1.0"]);
  });
});

describe("the rack's pruner", () => {
  it("keeps three distinct target releases and two uploads by default, pruning one per activation", () => {
    let state = minimalState({ repositories: SIX });
    for (const [i, version] of ["1.0.0", "2.0.0", "3.0.0"].entries()) {
      state = setTargetRelease(state, version, i + 2, new Date("2025-09-27T00:00:00Z"));
    }
    expect(state.target_release).toMatchObject({ version: "3.0.0", previous_version: "2.0.0", earlier_releases: ["1.0.0"] });
    expect(decidePrune(state)).toMatchObject({ keptAsTargetRelease: ["1.0.0", "2.0.0", "3.0.0"], keptAsRecentUpload: ["4.2.0", "4.1.0"] });
    const once = pruneOnce(state);
    expect(once && unpruned(once)).toEqual(["1.0.0", "2.0.0", "3.0.0", "4.1.0", "4.2.0"]);
    expect(once && pruneOnce(once)).toBeUndefined();
  });

  it("counts a release set twice in a row once (distinct releases)", () => {
    let state = minimalState({ repositories: SIX });
    const at = new Date("2025-09-27T00:00:00Z");
    state = setTargetRelease(state, "1.0.0", 2, at);
    state = setTargetRelease(state, "2.0.0", 3, at);
    state = setTargetRelease(state, "2.0.0", 4, at);
    expect(decidePrune(state)?.keptAsTargetRelease).toEqual(["1.0.0", "2.0.0"]);
  });

  it("follows its configuration, and does nothing when disabled", () => {
    const state = minimalState({
      repositories: SIX,
      pruner: { enabled: true, nkeep_extra_target_releases: 0, nkeep_extra_newly_uploaded: 4 },
    });
    expect(decidePrune(state)).toMatchObject({ keptAsRecentUpload: ["4.2.0", "4.1.0", "4.0.0", "3.0.0", "2.0.0"], prune: "1.0.0" });
    expect(pruneOnce({ ...state, pruner: { ...DISABLED } })).toBeUndefined();
    expect(decidePrune({ ...state, pruner: { ...DISABLED } })).toBeUndefined();
  });

  it("runs with planner steps: advance until settled prunes every eligible repository, without recording a planning time", () => {
    const state = minimalState({ repositories: SIX });
    const result = advance(state, { until: "settled" }, () => new Date("2030-01-01T00:00:00Z"));
    expect(unpruned(result.state)).toEqual(["4.1.0", "4.2.0"]);
    expect(result.steps).toBe(4);
    expect(result.settled).toBe(true);
    expect(result.state.time_last_step_planned).toBe(state.time_last_step_planned);
  });
});

describe("a pruned repository", () => {
  it("cannot be the target release: upstream looks up unpruned repositories only (404 repo-not-found)", () => {
    const state = minimalState({ repositories: [{ ...repo("1.0.0", 1), pruned: true }] });
    const version = parseSemver("1.0.0");
    if (!version.ok) throw new Error(version.message);
    expect(decideTargetRelease(state, "update", version.version)).toEqual({
      ok: false,
      refusal: { kind: "repo-not-found", version: "1.0.0" },
    });
    const unpruned = minimalState({ repositories: [repo("1.0.0", 1)] });
    expect(decideTargetRelease(unpruned, "update", version.version)).toMatchObject({ ok: true, generation: 2 });
  });
});
