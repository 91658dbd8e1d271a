/** `GET /v1/system/update/status`: one operation, two response shapes chosen by the API version. */
import { isAtLeast, mustParse } from "../protocol/api-version.js";
import { denyUnlessReader } from "../auth/auth.js";
import type { MockResponse } from "../protocol/message.js";
import { computeStatus } from "../simulator/status.js";
import type { OperationContext } from "./context.js";

/** Upstream routes older clients to a second handler that drops the field added in this version. */
export const VERSION_CONTACT_SUPPORT = "2026052000.0.0";
const CONTACT_SUPPORT_SINCE = mustParse(VERSION_CONTACT_SUPPORT);

export function getStatus(ctx: OperationContext<"system_update_status">): MockResponse {
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  return ctx.reply(200, computeStatus(ctx.session.state, { contactSupportField: isAtLeast(ctx.apiVersion, CONTACT_SUPPORT_SINCE) }));
}
