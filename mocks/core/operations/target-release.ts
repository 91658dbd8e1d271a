/** Both PUTs that set the target release (upstream's `target_release_update` app function, two intents). */
import {
  classifyBlueprint,
  decideTargetRelease,
  describeRefusal,
  type BlueprintStatus,
  type SledView,
  type TargetReleaseIntent,
} from "../../../src/rules/index.js";
import { errorResponse, forbidden } from "../dropshot/errors.js";
import { denyUnlessReader } from "../auth/auth.js";
import type { MockResponse } from "../protocol/message.js";
import type { SetTargetReleaseBody } from "../serde/bodies.js";
import { setTargetRelease } from "../simulator/target-release.js";
import type { OperationContext } from "./context.js";

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

/** Either PUT's context (a union of the two, so each keeps its own reply types). */
type TargetReleaseContext = OperationContext<"target_release_update"> | OperationContext<"system_update_recovery_finish">;

/**
 * Validation by intent, the repository lookup, then the admin check at the insert: validation refusals
 * and a missing repository answer viewers and collaborators too (docs/design.md, "Order of checks").
 */
export function changeTargetRelease(intent: TargetReleaseIntent) {
  return (ctx: TargetReleaseContext, body: SetTargetReleaseBody): MockResponse => {
    const denied = denyUnlessReader(ctx);
    if (denied) return denied;
    const state = ctx.session.state;
    const decision = decideTargetRelease(state, intent, body.version, { classify: classifyOnce });
    if (!decision.ok) {
      const { status, errorCode, message } = describeRefusal(decision.refusal);
      return errorResponse(status, errorCode, message);
    }
    // Modify on the target release config needs a fleet admin; refusals above come first.
    if (ctx.role !== "admin") return forbidden();
    ctx.session.state = setTargetRelease(state, body.system_version, decision.generation, ctx.now());
    return ctx.replyEmpty(204);
  };
}
