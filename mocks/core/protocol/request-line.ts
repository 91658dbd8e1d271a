/**
 * The request target as upstream's HTTP stack takes it, before dropshot sees it: hyper hands the target to
 * the `http` crate (1.4, `src/uri/path.rs` `scan_path_and_query`), which refuses some bytes that node's
 * parser lets through, and drops a fragment. A refused target gets hyper's automatic answer, a 400 with an
 * empty body, from the adapter that reads the request line (only the node adapter: a browser's `fetch`
 * percent-encodes these bytes before MSW sees them).
 */

/** Where the path starts in an absolute-form target (after `scheme://authority`), or 0. */
export function pathStart(url: string): number {
  if (url.charCodeAt(0) === 0x2f /* "/" */) return 0;
  const scheme = url.indexOf("://");
  if (scheme < 0) return 0;
  const slash = url.indexOf("/", scheme + 3);
  return slash < 0 ? url.length : slash;
}

/** Bytes the path may hold as they are: the WHATWG path set, plus `"`, `{` and `}` (for parity with httparse). */
function pathByte(b: number): boolean {
  return (
    b === 0x21 ||
    (b >= 0x24 && b <= 0x3b) ||
    b === 0x3d ||
    (b >= 0x40 && b <= 0x5f) ||
    (b >= 0x61 && b <= 0x7a) ||
    b === 0x7c ||
    b === 0x7e ||
    b === 0x22 ||
    b === 0x7b ||
    b === 0x7d ||
    b >= 0x80
  );
}

/** Bytes the query may hold as they are: the WHATWG query set (so not `"`, `<`, `>`, space, DEL). */
function queryByte(b: number): boolean {
  return b === 0x21 || (b >= 0x24 && b <= 0x3b) || b === 0x3d || (b >= 0x3f && b <= 0x7e) || b >= 0x80;
}

/**
 * Whether hyper refuses this target (its path-and-query part) with a bare 400. Bytes from 0x80 up count as
 * UTF-8 text, which the `http` crate accepts (node's own parser refuses them before this runs).
 */
export function hyperRefusesTarget(url: string): boolean {
  let inQuery = false;
  for (let i = pathStart(url); i < url.length; i++) {
    const b = url.charCodeAt(i);
    if (b === 0x23 /* "#" */) return false;
    if (!inQuery && b === 0x3f /* "?" */) {
      inQuery = true;
      continue;
    }
    if (!(inQuery ? queryByte(b) : pathByte(b))) return true;
  }
  return false;
}

/** The target without its fragment: what hyper passes on (`PathAndQuery::from_shared` truncates at `#`). */
export function withoutFragment(url: string): string {
  const hash = url.indexOf("#", pathStart(url));
  return hash < 0 ? url : url.slice(0, hash);
}
