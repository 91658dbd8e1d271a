/**
 * One handler per operation, keyed by operationId: an operation added to `OPERATIONS` is a compile
 * error here until it is handled. Bodies arrive parsed and callers authenticated (see `dispatch.ts`);
 * handlers hold only the domain rules.
 */
import {
  classifyBlueprint,
  decideTargetRelease,
  describeRefusal,
  parseSemver,
  type BlueprintStatus,
  type SledView,
  type TargetReleaseIntent,
} from "../../../src/rules/index.js";
import { isAtLeast, mustParse } from "../http/api-version.js";
import { denyUnlessReader } from "../http/auth.js";
import type { HandlerContext } from "./context.js";
import { errorResponse, forbidden, jsonResponse, noContent } from "../dropshot/errors.js";
import type { MockResponse } from "../http/message.js";
import { listRepositories, uploadRepository, viewRepository } from "./repositories.js";
import { VERSION_CONTACT_SUPPORT, type OperationId } from "../http/router.js";
import { computeStatus } from "../simulator/status.js";
import { setTargetRelease } from "../simulator/target-release.js";
import { createTrustRoot, deleteTrustRoot, listTrustRoots, viewTrustRoot } from "./trust-roots.js";

type Result = MockResponse | Promise<MockResponse>;

export type OperationHandler =
  | { readonly body: "none"; handle(ctx: HandlerContext): Result }
  /** `SetTargetReleaseParams`, parsed with dropshot's and serde's exact error texts. */
  | { readonly body: "set-target-release"; handle(ctx: HandlerContext, body: { system_version: string }): Result }
  /** Any JSON value. */
  | { readonly body: "json"; handle(ctx: HandlerContext, body: unknown): Result }
  /** Raw bytes (the repository archive), up to upstream's 4 GiB cap. */
  | { readonly body: "binary"; handle(ctx: HandlerContext): Result };

/**
 * Blueprint classifications by sleds array: the mock replaces its state and never edits it in place, so
 * an array always holds the same sleds (a busy mock is asked the same question again and again).
 */
const classified = new WeakMap<readonly SledView[], Map<string, BlueprintStatus>>();
function classifyOnce(sleds: readonly SledView[], version: string): BlueprintStatus {
  let byVersion = classified.get(sleds);
  if (!byVersion) classified.set(sleds, (byVersion = new Map()));
  let status = byVersion.get(version);
  if (!status) {
    if (byVersion.size >= 16) byVersion.clear();
    byVersion.set(version, (status = classifyBlueprint(sleds, version)));
  }
  return status;
}

/** Both PUTs: validation by intent, repository lookup, then the admin check at the insert (domain.md §2.1). */
function changeTargetRelease(intent: TargetReleaseIntent) {
  return (ctx: HandlerContext, body: { system_version: string }): MockResponse => {
    const proposed = parseSemver(body.system_version);
    // The body parser already rejected anything else; this narrows the type.
    if (!proposed.ok) throw new Error(proposed.message);
    const denied = denyUnlessReader(ctx);
    if (denied) return denied;
    const state = ctx.session.state;
    const decision = decideTargetRelease(state, intent, proposed.version, { classify: classifyOnce });
    if (!decision.ok) {
      const { status, errorCode, message } = describeRefusal(decision.refusal);
      return errorResponse(status, errorCode, message);
    }
    // Modify on the target release config needs a fleet admin; refusals above come first.
    if (ctx.role !== "admin") return forbidden();
    ctx.session.state = setTargetRelease(state, body.system_version, decision.generation, ctx.now());
    return noContent();
  };
}

const CONTACT_SUPPORT_SINCE = mustParse(VERSION_CONTACT_SUPPORT);

export const HANDLERS: { readonly [K in OperationId]: OperationHandler } = {
  target_release_update: { body: "set-target-release", handle: changeTargetRelease("update") },
  system_update_recovery_finish: { body: "set-target-release", handle: changeTargetRelease("recover") },
  system_update_status: {
    body: "none",
    handle: (ctx) =>
      denyUnlessReader(ctx) ??
      jsonResponse(200, computeStatus(ctx.session.state, { contactSupportField: isAtLeast(ctx.apiVersionParsed, CONTACT_SUPPORT_SINCE) })),
  },
  system_update_repository_upload: { body: "binary", handle: uploadRepository },
  system_update_repository_list: { body: "none", handle: listRepositories },
  system_update_repository_view: { body: "none", handle: viewRepository },
  system_update_trust_root_list: { body: "none", handle: listTrustRoots },
  system_update_trust_root_create: { body: "json", handle: createTrustRoot },
  system_update_trust_root_view: { body: "none", handle: viewTrustRoot },
  system_update_trust_root_delete: { body: "none", handle: deleteTrustRoot },
};
