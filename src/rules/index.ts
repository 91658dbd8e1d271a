/** `system-update/rules`: the control plane's target-release rules as pure functions over plain data. */
export * from "./semver.js";
export * from "./blueprint.js";
export * from "./refusals.js";
export * from "./target-release.js";
