/**
 * TUF repository archives as tufaceous lays them out: every entry under `repo/`, TUF metadata in
 * `repo/metadata/`, targets in `repo/targets/` named `<sha256>.<target name>`, and the target
 * `artifacts.json` naming the system version and the artifacts (docs/design.md, "Repository archives").
 */

/** The target that names the system version and lists the artifacts. */
export const MANIFEST = "artifacts.json";
