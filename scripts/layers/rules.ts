/**
 * The layers of the repository, bottom first, and the import rules dependency-cruiser holds them to
 * (docs/layers.md draws them). A module may import its own layer and those below, never one above.
 */
import type { IForbiddenRuleType, IRuleSetType } from "dependency-cruiser";

export interface Layer {
  readonly name: string;
  /** What the layer is, one line (docs/layers.md lists it). */
  readonly holds: string;
  /** A regular expression over repository-relative paths. */
  readonly path: string;
}

// The control files still in sessions/ belong to the control layer; issue-19-control moves them to
// mocks/core/control/, then this list goes.
const CONTROL_FILES = "(control-http|control-types|control|rack-operations|unhappy-operations)\\.ts$";

export const LAYERS: readonly Layer[] = [
  { name: "generated", holds: "types and operation table generated from spec/", path: "^generated/" },
  { name: "src", holds: "the SDK: rules, client, diff, CLI, shared helpers", path: "^src/" },
  { name: "protocol", holds: "requests and answers, targets, api-version, operation ids, limits", path: "^mocks/core/protocol/" },
  {
    name: "conventions and models",
    holds: "dropshot and serde conventions, TUF archives, callers' roles, the simulated rack",
    path: "^mocks/core/(dropshot|serde|tuf|auth|simulator)/",
  },
  { name: "faults and journal", holds: "fault rules, latency, overrides; the request journal", path: "^mocks/core/(faults|journal)/" },
  { name: "sessions", holds: "a session's state and the store of sessions", path: `^mocks/core/sessions/(?!${CONTROL_FILES})` },
  {
    name: "operations",
    holds: "the API operations (one handler each) and the control operations",
    path: `^mocks/core/((operations|control)/|sessions/${CONTROL_FILES})`,
  },
  { name: "pipeline", holds: "one request from head to answer: routing, admission, faults, journal", path: "^mocks/core/pipeline/" },
  { name: "mock", holds: "the mock: pipeline and control composed", path: "^mocks/core/[^/]+\\.ts$" },
  { name: "adapters", holds: "MSW, node:http, devtools, the CLI and the public entry points", path: "^mocks/(?!core/)" },
];

function layerRules(): IForbiddenRuleType[] {
  return LAYERS.slice(0, -1).map((layer, index) => ({
    name: `layer-${layer.name.replaceAll(" ", "-")}`,
    comment: `${layer.name} imports nothing above it`,
    severity: "error",
    from: { path: layer.path },
    to: { path: LAYERS.slice(index + 1).map((above) => `(${above.path})`) },
  }));
}

export const RULES: IRuleSetType = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "no import cycle, type-only imports included",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-not-mocks",
      comment: "src/ never imports the mock or msw",
      severity: "error",
      from: { path: "^src/" },
      to: { path: ["^mocks/", "(^|/)node_modules/msw/"] },
    },
    {
      name: "generated-imports-nothing",
      comment: "generated/ imports nothing of ours",
      severity: "error",
      from: { path: "^generated/" },
      to: { pathNot: "^generated/" },
    },
    ...layerRules(),
  ],
};
