/**
 * The spine of the mock: one entry per operation of the latest API version, keyed by operationId, with
 * its route (method, path and versions, from `generated/operations.ts`), its body reader (which sets its
 * body cap) and its handler. An operation added to the spec is a compile error here until it has an entry
 * or is marked `notImplemented`. Routing, body caps, and every feature that names operations read this.
 */
import type { ApiVersion } from "../../../generated/index.js";
import { OPERATIONS } from "../../../generated/operations.js";
import { badRequest, errorResponse } from "../dropshot/errors.js";
import type { Answer, MockResponse } from "../protocol/message.js";
import type { BodyParseResult } from "../serde/bodies.js";
import { NO_BODY, TUF_SIGNED_ROOT_ROLE, RAW_BYTES, SET_TARGET_RELEASE_PARAMS, type BodyReader } from "./body-readers.js";
import { TypedOperationContext, type OperationContext, type Prepared, type RequestState } from "./context.js";
import { listRepositories, prepareUpload, uploadRepository, viewRepository } from "./repositories.js";
import { getStatus } from "./status.js";
import { changeTargetRelease } from "./target-release.js";
import { createTrustRoot, deleteTrustRoot, listTrustRoots, viewTrustRoot } from "./trust-roots.js";
import type { BodyKind, OperationId } from "../protocol/operation-types.js";

/** Whether a request may go on to its body, after the checks upstream makes before reading it. */
export type Admission =
  | { readonly ok: false; readonly response: MockResponse }
  | { readonly ok: true; serve(body: Uint8Array, contentType: string | null): Answer };

/**
 * One operation as routing and the pipeline see it, whatever its types: the route, the body's kind (which
 * sets its cap), and `admit`, which runs the checks made before the body and then serves it with the
 * operation's reader and handler, each getting the operation's own types (checked in `operation`).
 */
export interface Operation<K extends OperationId = OperationId> {
  readonly operationId: K;
  readonly method: string;
  /** The path template, e.g. `/v1/system/update/repositories/{system_version}`. */
  readonly path: string;
  /** The API versions that have the operation, oldest first. */
  readonly versions: readonly ApiVersion[];
  readonly bodyKind: BodyKind<K>;
  admit(request: RequestState): Admission;
}

/** Every operation id of a spec with its entry: the table's type. */
export type OperationTable<Id extends string = OperationId> = { readonly [K in Id]: K extends OperationId ? Operation<K> : never };

interface OperationParts<K extends OperationId, Body> {
  readonly body: BodyReader<Body, BodyKind<K>>;
  handle(ctx: OperationContext<K>, body: Body): Answer;
}

interface PreparedOperationParts<K extends OperationId, Body, P> {
  readonly body: BodyReader<Body, BodyKind<K>>;
  /**
   * Checks upstream makes before the body is read: a streaming body is read by the handler itself, after
   * it parsed its query and authenticated, so those refusals come without reading (or waiting for) it.
   */
  prepare(ctx: OperationContext<K>): Prepared<P>;
  handle(ctx: OperationContext<K>, body: Body, prepared: P): Answer;
}

/** An entry: the route from the generated metadata; the reader's output is the handler's body type. */
// K comes from the id alone (NoInfer): a handler shared by two operations must not widen it.
function operation<K extends OperationId, Body>(operationId: K, parts: OperationParts<NoInfer<K>, Body>): Operation<K>;
function operation<K extends OperationId, Body, P>(operationId: K, parts: PreparedOperationParts<NoInfer<K>, Body, P>): Operation<K>;
function operation<K extends OperationId, Body, P>(
  operationId: K,
  parts: OperationParts<K, Body> | PreparedOperationParts<K, Body, P>,
): Operation<K> {
  if (!("prepare" in parts)) {
    return operation(operationId, { body: parts.body, prepare: nothingToPrepare, handle: (ctx, body) => parts.handle(ctx, body) });
  }
  const { method, path, versions } = OPERATIONS[operationId];
  return {
    operationId,
    method,
    path,
    versions,
    bodyKind: parts.body.kind,
    admit(request) {
      const ctx = new TypedOperationContext(operationId, request);
      const prepared = parts.prepare(ctx);
      if (!prepared.ok) return prepared;
      return {
        ok: true,
        serve(bytes, contentType) {
          const answer = (body: BodyParseResult<Body>) =>
            body.ok ? parts.handle(ctx, body.value, prepared.value) : badRequest(body.message);
          const body = parts.body.read(bytes, contentType);
          return body instanceof Promise ? body.then(answer) : answer(body);
        },
      };
    },
  };
}

const nothingToPrepare = (): Prepared<undefined> => ({ ok: true, value: undefined });

/**
 * An operation the mock knowingly does not serve: it routes like the others and answers 501 naming itself,
 * so a client sees why instead of a 404. (No operation needs it today; test/mock/table-completeness.test.ts
 * shows it compiles in a table for a spec with one more operation.)
 * @public
 */
export function notImplemented<K extends OperationId>(operationId: K, bodyKind: BodyKind<K>): Operation<K> {
  const body: BodyReader<undefined, BodyKind<K>> = { kind: bodyKind, read: () => ({ ok: true, value: undefined }) };
  return operation(operationId, { body, handle: () => errorResponse(501, undefined, `the mock does not implement ${operationId}`) });
}

export const OPERATION_TABLE: OperationTable = {
  target_release_update: operation("target_release_update", { body: SET_TARGET_RELEASE_PARAMS, handle: changeTargetRelease("update") }),
  system_update_recovery_finish: operation("system_update_recovery_finish", {
    body: SET_TARGET_RELEASE_PARAMS,
    handle: changeTargetRelease("recover"),
  }),
  system_update_status: operation("system_update_status", { body: NO_BODY, handle: getStatus }),
  system_update_repository_upload: operation("system_update_repository_upload", {
    body: RAW_BYTES,
    prepare: prepareUpload,
    handle: uploadRepository,
  }),
  system_update_repository_list: operation("system_update_repository_list", { body: NO_BODY, handle: listRepositories }),
  system_update_repository_view: operation("system_update_repository_view", { body: NO_BODY, handle: viewRepository }),
  system_update_trust_root_list: operation("system_update_trust_root_list", { body: NO_BODY, handle: listTrustRoots }),
  system_update_trust_root_create: operation("system_update_trust_root_create", { body: TUF_SIGNED_ROOT_ROLE, handle: createTrustRoot }),
  system_update_trust_root_view: operation("system_update_trust_root_view", { body: NO_BODY, handle: viewTrustRoot }),
  system_update_trust_root_delete: operation("system_update_trust_root_delete", { body: NO_BODY, handle: deleteTrustRoot }),
};
