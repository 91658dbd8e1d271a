/**
 * What the session's faults and overrides do to one API request once the pipeline has routed it
 * (docs/design.md, "Faults and latency"): hold it (`hang`), change the handler's answer after it ran
 * (`applied-then-lost`, the two insert failures), or answer instead of the rack (an override).
 */
import { LATEST_API_VERSION } from "../../../generated/index.js";
import { API_VERSION_HEADER } from "../protocol/api-version.js";
import { NETWORK_FAILURE, type Answer, type MockResponse, type RequestHead } from "../protocol/message.js";
import type { RequestContext } from "./request-context.js";
import type { RequestTarget } from "../protocol/target.js";
import type { Session } from "../sessions/session.js";
import { insertFailure } from "../faults/answers.js";
import { overrideResponse, type StoredOverride } from "../faults/overrides.js";
import type { Fault } from "../faults/plan.js";
import { isInsertFailure } from "../faults/rules.js";

/** A request held by a `hang` fault: its connection fails when the session is reset or the mock shuts down. */
export function hang(session: Session, maxMs: number): Promise<MockResponse> {
  return new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      session.hangs.delete(release);
      resolve(NETWORK_FAILURE);
    };
    const timer = setTimeout(release, maxMs);
    session.hangs.add(release);
  });
}

/** The `system_version` of a body the target-release reader accepted (it is a JSON object holding one). */
function systemVersionOf(bytes: Uint8Array): string {
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { system_version?: unknown };
  return String(parsed.system_version);
}

/** What a fault that applies once the request was handled makes of its answer. */
export function afterHandling(
  fault: Fault | undefined,
  ctx: RequestContext,
  before: Session["state"],
  bytes: Uint8Array,
  response: MockResponse,
): MockResponse {
  if (fault === undefined) return response;
  if (fault.kind === "applied-then-lost") return NETWORK_FAILURE;
  if (isInsertFailure(fault.kind) && response.status >= 200 && response.status < 300) {
    // Upstream fails at the insert: nothing of the change stays.
    ctx.session.state = before;
    ctx.session.faults.consume(fault.id);
    return insertFailure(fault.kind, systemVersionOf(bytes));
  }
  return response;
}

/** The override of the session that answers this request, if any (pinned ones only at their api-version). */
export function findOverride(session: Session | undefined, operationId: string, head: RequestHead): StoredOverride | undefined {
  if (session === undefined || session.overrides.length === 0) return undefined;
  const requested = head.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION;
  return session.overrides.find(
    (candidate) => candidate.operationId === operationId && (candidate.apiVersion === undefined || candidate.apiVersion === requested),
  );
}

/** Answers with an override (counting down its `times`); the resolver sees the request and its parsed body. */
export function serveOverride(
  override: StoredOverride,
  ctx: RequestContext,
  head: RequestHead,
  target: RequestTarget,
  bytes: Uint8Array,
): Answer {
  if (override.remaining !== undefined && --override.remaining <= 0) {
    const overrides = ctx.session.overrides;
    overrides.splice(overrides.indexOf(override), 1);
  }
  let body: unknown;
  try {
    body = bytes.byteLength === 0 ? undefined : (JSON.parse(new TextDecoder().decode(bytes)) as unknown);
  } catch {
    body = undefined;
  }
  const resolved = override.resolve({
    operationId: override.operationId,
    apiVersion: head.headers.get(API_VERSION_HEADER) ?? LATEST_API_VERSION,
    method: head.method,
    path: target.path,
    query: new URLSearchParams(ctx.query.map(([name, value]) => [name, value])),
    body: body as never,
  });
  return resolved instanceof Promise ? resolved.then(overrideResponse) : overrideResponse(resolved);
}
