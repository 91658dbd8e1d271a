/**
 * The request target, split once: the path below the mock's base path, and the raw query. Both forms
 * HTTP allows reach here alike: origin-form (`/v1/...`) from servers, absolute-form (`http://host/v1/...`)
 * from MSW and from clients talking to a proxy.
 */

export interface RequestTarget {
  /** The path without the base path and without the query, e.g. `/v1/system/update/status`. */
  readonly path: string;
  /** Everything after `?`, undecoded; "" when there is none. */
  readonly query: string;
}

/** Where the path starts in an absolute-form target (after `scheme://authority`), or 0. */
function pathStart(url: string): number {
  if (url.charCodeAt(0) === 0x2f /* "/" */) return 0;
  const scheme = url.indexOf("://");
  if (scheme < 0) return 0;
  const slash = url.indexOf("/", scheme + 3);
  return slash < 0 ? url.length : slash;
}

/**
 * Splits `url` and removes `basePath` (no trailing slash; "" for none). Undefined when the path lies
 * outside the base path: nothing of the mock lives there.
 */
export function parseTarget(url: string, basePath: string): RequestTarget | undefined {
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
