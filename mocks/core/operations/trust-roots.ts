/**
 * The trust store for TUF repositories (`/v1/system/update/trust-roots`). A new root is checked to be a
 * self-signed TUF root role while its body is read (`TUF_SIGNED_ROOT_ROLE`), before this handler runs,
 * as upstream does. Authorization as upstream: the list is a fleet-viewer collection, creating needs
 * a fleet admin; a single root is a fleet child, which hides itself (404) from callers who cannot read it.
 */
import type { Schemas } from "../../../generated/index.js";
import { badPathParameter, badRequest, errorResponse, forbidden, objectNotFound, unauthorized } from "../dropshot/errors.js";
import { parsePageQuery, resultsPage, type ScanSpec } from "../dropshot/pagination.js";
import { denyUnlessReader } from "../auth/auth.js";
import type { MockResponse } from "../protocol/message.js";
import { parseUuid } from "../serde/uuid.js";
import { overBudget } from "../sessions/budget.js";
import type { TrustRoot } from "../sessions/session.js";
import type { CallerIdentity } from "../auth/auth.js";
import type { OperationContext } from "./context.js";

/** `ResourceType::TufTrustRoot` in kebab-case, as lookups by id print it. */
const RESOURCE = "tuf-trust-root";

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
function view(root: TrustRoot): Schemas["UpdatesTrustRoot"] {
  return { id: root.id, time_created: root.time_created, root_role: root.root_role };
}

/** POST /v1/system/update/trust-roots: `CreateChild` on the trust root list needs a fleet admin. */
export function createTrustRoot(ctx: OperationContext<"system_update_trust_root_create">, body: unknown): MockResponse {
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  if (ctx.role !== "admin") return forbidden();
  const root: TrustRoot = { id: ctx.newUuid(), root_role: body, time_created: ctx.now().toISOString() };
  const session = ctx.session;
  const trustRoots = [...session.trustRoots, root];
  // A list page holds every root: the session's budget keeps it answerable (docs/design.md, "Limits").
  const over = overBudget(session.state, trustRoots, ctx.limits);
  if (over !== undefined) return errorResponse(400, "InvalidRequest", over);
  session.trustRoots = trustRoots;
  return ctx.reply(201, view(root));
}

/** GET /v1/system/update/trust-roots: ascending id pages (dropshot's generic id scan and token). */
export function listTrustRoots(ctx: OperationContext<"system_update_trust_root_list">): MockResponse {
  const parsed = parsePageQuery(ctx.query, ID_SCAN);
  if (!parsed.ok) return badRequest(parsed.message);
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  const listed = resultsPage(ctx.session.trustRoots, parsed.page, {
    descending: false,
    key: (root) => root.id,
    lastSeenOf: (root) => root.id,
    view,
  });
  return listed.ok ? ctx.reply(200, listed.page) : listed.response;
}

type Lookup = { ok: true; root: TrustRoot } | { ok: false; response: MockResponse };

/**
 * The path's `trust_root_id` (a `Uuid`: dropshot answers `bad parameter in URL path: ` + serde's
 * custom error `UUID parsing failed: …`), then the lookup: unknown, and unreadable (no fleet role), are
 * the same 404.
 */
type LookupContext = CallerIdentity & Pick<OperationContext<"system_update_trust_root_view">, "session" | "pathParams">;

function lookup(ctx: LookupContext): Lookup {
  const parsed = parseUuid(ctx.pathParams.get("trust_root_id") ?? "");
  if (!parsed.ok) return { ok: false, response: badPathParameter(`UUID parsing failed: ${parsed.message}`) };
  if (!ctx.authenticated) return { ok: false, response: unauthorized() };
  const root = ctx.session.trustRoots.find((r) => r.id === parsed.uuid);
  if (!root || ctx.role === "none") return { ok: false, response: objectNotFound(RESOURCE, parsed.uuid) };
  return { ok: true, root };
}

/** GET /v1/system/update/trust-roots/{trust_root_id}. */
export function viewTrustRoot(ctx: OperationContext<"system_update_trust_root_view">): MockResponse {
  const found = lookup(ctx);
  return found.ok ? ctx.reply(200, view(found.root)) : found.response;
}

/** DELETE /v1/system/update/trust-roots/{trust_root_id}: readers who may not delete get 403. */
export function deleteTrustRoot(ctx: OperationContext<"system_update_trust_root_delete">): MockResponse {
  const found = lookup(ctx);
  if (!found.ok) return found.response;
  if (ctx.role !== "admin") return forbidden();
  ctx.session.trustRoots = ctx.session.trustRoots.filter((root) => root !== found.root);
  return ctx.replyEmpty(204);
}
