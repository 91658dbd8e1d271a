/**
 * The operations of the `system/update` API with their methods, paths and the API versions that have
 * them, and dropshot's routing answers: 404 for an unknown path, 405 (with `Allow`) for a known path
 * whose other methods exist at the requested version, 404 when none does.
 */
import type { Semver } from "../../../src/rules/index.js";
import { isAtLeast, mustParse } from "./api-version.js";

export const VERSION_RECOVERY_FINISH = "2026022500.0.0";
export const VERSION_CONTACT_SUPPORT = "2026052000.0.0";

export interface RouteSpec {
  readonly method: "GET" | "PUT" | "POST" | "DELETE";
  readonly path: string;
  /** First API version that has the operation; absent: every version. */
  readonly since?: string;
}

/** Every operation of the API by operationId; the handler table is keyed the same way. */
export const OPERATIONS = {
  target_release_update: { method: "PUT", path: "/v1/system/update/target-release" },
  system_update_recovery_finish: { method: "PUT", path: "/v1/system/update/recovery-finish", since: VERSION_RECOVERY_FINISH },
  system_update_status: { method: "GET", path: "/v1/system/update/status" },
  system_update_repository_upload: { method: "PUT", path: "/v1/system/update/repositories" },
  system_update_repository_list: { method: "GET", path: "/v1/system/update/repositories" },
  system_update_repository_view: { method: "GET", path: "/v1/system/update/repositories/{system_version}" },
  system_update_trust_root_list: { method: "GET", path: "/v1/system/update/trust-roots" },
  system_update_trust_root_create: { method: "POST", path: "/v1/system/update/trust-roots" },
  system_update_trust_root_view: { method: "GET", path: "/v1/system/update/trust-roots/{trust_root_id}" },
  system_update_trust_root_delete: { method: "DELETE", path: "/v1/system/update/trust-roots/{trust_root_id}" },
} as const satisfies Record<string, RouteSpec>;

export type OperationId = keyof typeof OPERATIONS;

interface CompiledRoute {
  readonly operationId: OperationId;
  readonly method: string;
  readonly segments: readonly string[];
  readonly since: Semver | undefined;
}

const ROUTES: readonly CompiledRoute[] = (Object.entries(OPERATIONS) as [OperationId, RouteSpec][]).map(([operationId, spec]) => ({
  operationId,
  method: spec.method,
  segments: spec.path.split("/").slice(1),
  since: spec.since === undefined ? undefined : mustParse(spec.since),
}));

export type RouteMatch =
  | { readonly kind: "operation"; readonly operationId: OperationId; readonly pathParams: Record<string, string> }
  | { readonly kind: "not-found" }
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] };

function matchSegments(route: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (route.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < route.length; i++) {
    const expected = route[i] as string;
    const segment = actual[i] as string;
    if (expected.startsWith("{")) {
      // Dropshot percent-decodes path variables; a variable never matches an empty segment.
      if (segment === "") return undefined;
      params[expected.slice(1, -1)] = safeDecode(segment);
    } else if (expected !== segment) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
/** Routes without path variables by their path: most requests match one without splitting the path. */
const STATIC = new Map<string, CompiledRoute[]>();
for (const route of ROUTES) {
  if (route.segments.some((segment) => segment.startsWith("{"))) continue;
  const key = `/${route.segments.join("/")}`;
  STATIC.set(key, [...(STATIC.get(key) ?? []), route]);
}

/** Routes a request path (no query) at an API version. */
export function matchRoute(method: string, path: string, version: Semver): RouteMatch {
  // A literal path beats a variable one (as in dropshot); anything else (405, 404, variables) takes the full walk.
  for (const route of STATIC.get(path) ?? []) {
    if (route.method === method && (!route.since || isAtLeast(version, route.since))) {
      return { kind: "operation", operationId: route.operationId, pathParams: NO_PARAMS };
    }
  }
  return matchAnyRoute(method, path, version);
}

function matchAnyRoute(method: string, path: string, version: Semver): RouteMatch {
  const actual = path.split("/").slice(1);
  let found: { operationId: OperationId; params: Record<string, string> } | undefined;
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const params = matchSegments(route.segments, actual);
    if (!params) continue;
    if (route.since && !isAtLeast(version, route.since)) continue;
    if (route.method === method) found = { operationId: route.operationId, params };
    else if (!allowed.includes(route.method)) allowed.push(route.method);
  }
  if (found) return { kind: "operation", operationId: found.operationId, pathParams: found.params };
  if (allowed.length > 0) return { kind: "method-not-allowed", allowed };
  return { kind: "not-found" };
}
