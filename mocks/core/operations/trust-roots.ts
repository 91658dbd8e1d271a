/**
 * The trust store for TUF repositories (`/v1/system/update/trust-roots`). Upstream checks that a new
 * root is a self-signed TUF root role while parsing the body; the mock stores any JSON (it verifies no
 * signatures anywhere). Authorization as upstream: the list is a fleet-viewer collection, creating needs
 * a fleet admin; a single root is a fleet child, which hides itself (404) from callers who cannot read it.
 */
import type { HandlerContext, TrustRoot } from "./context.js";
import { denyUnlessReader } from "../http/auth.js";
import { badPathParameter, badRequest, forbidden, jsonResponse, noContent, objectNotFound, unauthorized } from "../dropshot/errors.js";
import type { MockResponse } from "../http/message.js";
import { parsePageQuery, resultsPage, type ScanSpec } from "./repositories.js";

/** `ResourceType::TufTrustRoot` in kebab-case, as lookups by id print it. */
const RESOURCE = "tuf-trust-root";

/**
 * `Uuid::from_str` of the uuid crate (1.x): simple, hyphenated, braced and URN forms, any case; the
 * result is the lowercase hyphenated text. A failure carries the crate's `Display` text.
 */
export function parseUuid(text: string): { ok: true; uuid: string } | { ok: false; message: string } {
  const bytes = new TextEncoder().encode(text);
  let inner = text;
  if (bytes.length === 38 && text.startsWith("{") && text.endsWith("}")) inner = text.slice(1, -1);
  else if (bytes.length === 45 && text.startsWith("urn:uuid:")) inner = text.slice(9);
  const simple = bytes.length === 32 && /^[0-9a-fA-F]{32}$/.test(text);
  const hyphenated = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(inner) && inner.length === 36;
  if (simple || (hyphenated && (inner !== text || bytes.length === 36))) {
    const hex = (simple ? text : inner).replaceAll("-", "").toLowerCase();
    return { ok: true, uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  }
  return { ok: false, message: uuidError(inner !== text ? inner : text) };
}

/** `InvalidUuid::into_err`: which of the crate's messages a bad input gets (indexes are 1-based bytes). */
function uuidError(input: string): string {
  const inputLength = new TextEncoder().encode(input).length;
  let body = input;
  let offset = 0;
  let simple = true;
  if (input.startsWith("{") && input.endsWith("}") && input.length >= 2) [body, offset, simple] = [input.slice(1, -1), 1, false];
  else if (input.startsWith("urn:uuid:")) [body, offset, simple] = [input.slice(9), 9, false];
  const bounds: number[] = [];
  let hyphens = 0;
  let index = 0;
  for (const ch of body) {
    if (ch === "-") {
      if (hyphens < 4) bounds.push(index);
      hyphens += 1;
    } else if (!/^[0-9a-fA-F]$/.test(ch)) {
      return `invalid character: found \`${ch}\` at ${index + offset + 1}`;
    }
    index += new TextEncoder().encode(ch).length;
  }
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${inputLength}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const starts = [0, 9, 14, 19, 24];
  const expected = [8, 4, 4, 4, 12];
  for (let group = 0; group < 4; group++) {
    const bound = bounds[group] ?? 0;
    if (bound !== (starts[group + 1] ?? 0) - 1) {
      // usize arithmetic: a hyphen before the group's start wraps around, as in a release build.
      const length = BigInt.asUintN(64, BigInt(bound - (starts[group] ?? 0)));
      return `invalid group length in group ${group}: expected ${expected[group]}, found ${length}`;
    }
  }
  return `invalid group length in group 4: expected 12, found ${inputLength - 24}`;
}

type IdSortMode = "id_ascending";

const ID_SCAN: ScanSpec<IdSortMode> = {
  modes: ["id_ascending"],
  defaultMode: "id_ascending",
  parseLastSeen: (value) => {
    if (typeof value !== "string") return undefined;
    const parsed = parseUuid(value);
    return parsed.ok ? parsed.uuid : undefined;
  },
};

/** `UpdatesTrustRoot` in upstream's serialization order (the Rust struct's field order). */
function view(root: TrustRoot) {
  return { id: root.id, time_created: root.time_created, root_role: root.root_role };
}

/** POST /v1/system/update/trust-roots: `CreateChild` on the trust root list needs a fleet admin. */
export function createTrustRoot(ctx: HandlerContext, body: unknown): MockResponse {
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  if (ctx.role !== "admin") return forbidden();
  const root: TrustRoot = { id: ctx.newUuid(), root_role: body, time_created: ctx.now().toISOString() };
  ctx.session.trustRoots = [...ctx.session.trustRoots, root];
  return jsonResponse(201, view(root));
}

/** GET /v1/system/update/trust-roots: ascending id pages (dropshot's generic id scan and token). */
export function listTrustRoots(ctx: HandlerContext): MockResponse {
  const parsed = parsePageQuery(ctx.query, ID_SCAN);
  if (!parsed.ok) return badRequest(parsed.message);
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  return resultsPage(ctx.session.trustRoots, parsed.page, {
    descending: false,
    key: (root) => root.id,
    lastSeenOf: (root) => root.id,
    view,
  });
}

type Lookup = { ok: true; root: TrustRoot } | { ok: false; response: MockResponse };

/**
 * The path's `trust_root_id` (a `Uuid`: dropshot answers `bad parameter in URL path: ` + serde's
 * custom error `UUID parsing failed: …`), then the lookup: unknown, and unreadable (no fleet role), are
 * the same 404.
 */
function lookup(ctx: HandlerContext): Lookup {
  const parsed = parseUuid(ctx.pathParams.trust_root_id ?? "");
  if (!parsed.ok) return { ok: false, response: badPathParameter(`UUID parsing failed: ${parsed.message}`) };
  if (!ctx.authenticated) return { ok: false, response: unauthorized() };
  const root = ctx.session.trustRoots.find((r) => r.id === parsed.uuid);
  if (!root || ctx.role === "none") return { ok: false, response: objectNotFound(RESOURCE, parsed.uuid) };
  return { ok: true, root };
}

/** GET /v1/system/update/trust-roots/{trust_root_id}. */
export function viewTrustRoot(ctx: HandlerContext): MockResponse {
  const found = lookup(ctx);
  return found.ok ? jsonResponse(200, view(found.root)) : found.response;
}

/** DELETE /v1/system/update/trust-roots/{trust_root_id}: readers who may not delete get 403. */
export function deleteTrustRoot(ctx: HandlerContext): MockResponse {
  const found = lookup(ctx);
  if (!found.ok) return found.response;
  if (ctx.role !== "admin") return forbidden();
  ctx.session.trustRoots = ctx.session.trustRoots.filter((root) => root !== found.root);
  return noContent();
}
