/**
 * Dropshot's routing over the operation table: a literal path beats a variable one; 404 for an unknown
 * path, 405 (with `Allow`) for a known path whose other methods exist at the requested API version, 404
 * when none does. An operation exists from the first API version that has it until the first one that
 * drops it.
 */
import { API_VERSIONS, LATEST_API_VERSION } from "../../../generated/index.js";
import type { Semver } from "../../../src/rules/index.js";
import { decodePercent } from "../../../src/shared/percent.js";
import { OPERATION_TABLE, type Operation } from "../operations/table.js";
import { isAtLeast, mustParse } from "../protocol/api-version.js";

interface CompiledRoute {
  readonly entry: Operation;
  readonly segments: readonly string[];
  /** The first API version with the operation; undefined when it is in the oldest document (no lower bound). */
  readonly since: Semver | undefined;
  /** The first API version without the operation; undefined while the latest has it. */
  readonly until: Semver | undefined;
}

function compile(entry: Operation): CompiledRoute {
  const first = entry.versions[0] ?? LATEST_API_VERSION;
  const last = entry.versions[entry.versions.length - 1] ?? LATEST_API_VERSION;
  const after = API_VERSIONS[API_VERSIONS.indexOf(last) + 1];
  return {
    entry,
    segments: entry.path.split("/").slice(1),
    // An operation in the oldest document has no version range upstream: every version routes to it (1.0.0 too).
    since: first === API_VERSIONS[0] ? undefined : mustParse(first),
    until: last === LATEST_API_VERSION || after === undefined ? undefined : mustParse(after),
  };
}

const ROUTES: readonly CompiledRoute[] = Object.values<Operation>(OPERATION_TABLE).map(compile);

const servedAt = (route: CompiledRoute, version: Semver): boolean =>
  (route.since === undefined || isAtLeast(version, route.since)) && (route.until === undefined || !isAtLeast(version, route.until));

export type RouteMatch =
  | { readonly kind: "operation"; readonly entry: Operation; readonly pathParams: ReadonlyMap<string, string> }
  | { readonly kind: "not-found" }
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] };

function matchSegments(route: readonly string[], actual: readonly string[]): Map<string, string> | undefined {
  if (route.length !== actual.length) return undefined;
  const params = new Map<string, string>();
  for (let i = 0; i < route.length; i++) {
    const expected = route[i] as string;
    const segment = actual[i] as string;
    if (expected.startsWith("{")) {
      // Dropshot percent-decodes path variables; a variable never matches an empty segment.
      if (segment === "") return undefined;
      params.set(expected.slice(1, -1), decodePercent(segment));
    } else if (expected !== segment) return undefined;
  }
  return params;
}

const NO_PARAMS: ReadonlyMap<string, string> = new Map();

/** Routes without path variables by their path: most requests match one without splitting the path. */
const LITERAL = new Map<string, CompiledRoute[]>();
for (const route of ROUTES) {
  if (route.segments.some((segment) => segment.startsWith("{"))) continue;
  LITERAL.set(route.entry.path, [...(LITERAL.get(route.entry.path) ?? []), route]);
}

/** Routes a request path (no query) at an API version. */
export function matchRoute(method: string, path: string, version: Semver): RouteMatch {
  for (const route of LITERAL.get(path) ?? []) {
    if (route.entry.method === method && servedAt(route, version)) return { kind: "operation", entry: route.entry, pathParams: NO_PARAMS };
  }
  const actual = path.split("/").slice(1);
  let found: { entry: Operation; params: ReadonlyMap<string, string> } | undefined;
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const params = matchSegments(route.segments, actual);
    if (!params || !servedAt(route, version)) continue;
    if (route.entry.method === method) found = { entry: route.entry, params };
    else if (!allowed.includes(route.entry.method)) allowed.push(route.entry.method);
  }
  if (found) return { kind: "operation", entry: found.entry, pathParams: found.params };
  if (allowed.length > 0) return { kind: "method-not-allowed", allowed };
  return { kind: "not-found" };
}

/** The path every operation lives under (`/v1/system/update/`): adapters route only this prefix to the core. */
export const API_PREFIX = (() => {
  const paths = ROUTES.map((route) => route.entry.path);
  let prefix = paths[0] ?? "/";
  for (const path of paths) while (!path.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf("/") + 1);
})();
