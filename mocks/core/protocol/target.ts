/**
 * The request target, split once: the path below the mock's base path, and the raw query. Both forms
 * HTTP allows reach here alike: origin-form (`/v1/...`) from servers, absolute-form (`http://host/v1/...`)
 * from MSW and from clients talking to a proxy. A fragment never reaches dropshot (hyper drops it).
 */
import { pathStart, withoutFragment } from "./request-line.js";

export interface RequestTarget {
  /** The path without the base path and without the query, e.g. `/v1/system/update/status`. */
  readonly path: string;
  /** Everything after the first `?` (a second `?` is part of it), undecoded; "" when there is none. */
  readonly query: string;
}

/**
 * Splits `url` and removes `basePath` (no trailing slash; "" for none). Undefined when the path lies
 * outside the base path: nothing of the mock lives there.
 */
export function parseTarget(fullUrl: string, basePath: string): RequestTarget | undefined {
  const url = withoutFragment(fullUrl);
  const start = pathStart(url);
  const queryAt = url.indexOf("?", start);
  let path = queryAt < 0 ? url.slice(start) : url.slice(start, queryAt);
  if (path === "") path = "/";
  const query = queryAt < 0 ? "" : url.slice(queryAt + 1);
  if (basePath === "") return { path, query };
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
  return { path: path.slice(basePath.length) || "/", query };
}

/** A base path as the core keeps it: a leading slash, no trailing slash, "" for the root. */
export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, "");
  if (trimmed === "") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}
