/** `GET /v1/system/update/status`: one operation, two response shapes chosen by the API version. */
import { isAtLeast, mustParse } from "../protocol/api-version.js";
import { denyUnlessReader } from "../auth/auth.js";
import type { MockResponse } from "../protocol/message.js";
import type { RackState } from "../simulator/state.js";
import { computeStatus, type UpdateStatus, type UpdateStatusBeforeContactSupport } from "../simulator/status.js";
import type { OperationContext } from "./context.js";

/** Upstream routes older clients to a second handler that drops the field added in this version. */
export const VERSION_CONTACT_SUPPORT = "2026052000.0.0";
const CONTACT_SUPPORT_SINCE = mustParse(VERSION_CONTACT_SUPPORT);

type StatusBody = UpdateStatus | UpdateStatusBeforeContactSupport;

/**
 * Each state's status, in both shapes once asked for: the mock replaces its state and never edits it in
 * place, so a state's status never changes, and a UI polling a settled rack asks for the same one again
 * and again (the count walks every sled and zone). Held weakly: a replaced state takes its entry with it.
 */
const computed = new WeakMap<RackState, { withField?: StatusBody; withoutField?: StatusBody }>();
function statusOnce(state: RackState, contactSupportField: boolean): StatusBody {
  let shapes = computed.get(state);
  if (shapes === undefined) computed.set(state, (shapes = {}));
  return contactSupportField
    ? (shapes.withField ??= computeStatus(state, { contactSupportField }))
    : (shapes.withoutField ??= computeStatus(state, { contactSupportField }));
}

export function getStatus(ctx: OperationContext<"system_update_status">): MockResponse {
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  return ctx.reply(200, statusOnce(ctx.session.state, isAtLeast(ctx.apiVersion, CONTACT_SUPPORT_SINCE)));
}
