/**
 * The spine of the mock: one entry per operation of the latest API version, keyed by operationId, with
 * its route (method, path and versions, from `generated/operations.ts`), its body reader (which sets its
 * body cap) and its handler. An operation added to the spec is a compile error here until it has an entry
 * or is marked `notImplemented`. Routing, body caps, and every feature that names operations read this.
 */
import type { ApiVersion } from "../../../generated/index.js";
import { OPERATIONS } from "../../../generated/operations.js";
import { badRequest, errorResponse } from "../dropshot/errors.js";
import type { MockResponse } from "../http/message.js";
import { ANY_JSON, NO_BODY, RAW_BYTES, SET_TARGET_RELEASE_PARAMS, type BodyReader } from "./body-readers.js";
import { TypedOperationContext, type OperationContext, type RequestState } from "./context.js";
import { listRepositories, uploadRepository, viewRepository } from "./repositories.js";
import { getStatus } from "./status.js";
import { changeTargetRelease } from "./target-release.js";
import { createTrustRoot, deleteTrustRoot, listTrustRoots, viewTrustRoot } from "./trust-roots.js";
import type { BodyKind, OperationId } from "./types.js";

/**
 * One operation as routing and the pipeline see it, whatever its types: the route, the body's kind (which
 * sets its cap), and `serve`, which reads the body with the operation's reader and hands the handler a
 * context and body of the operation's own types (checked where the entry is made, in `operation`).
 */
export interface Operation<K extends OperationId = OperationId> {
  readonly operationId: K;
  readonly method: string;
  /** The path template, e.g. `/v1/system/update/repositories/{system_version}`. */
  readonly path: string;
  /** The API versions that have the operation, oldest first. */
  readonly versions: readonly ApiVersion[];
  readonly bodyKind: BodyKind<K>;
  serve(request: RequestState, body: Uint8Array, contentType: string | null): MockResponse | Promise<MockResponse>;
}

/** Every operation id of a spec with its entry: the table's type. */
export type OperationTable<Id extends string = OperationId> = { readonly [K in Id]: K extends OperationId ? Operation<K> : never };

/** An entry: the route from the generated metadata; the reader's output is the handler's body type. */
function operation<K extends OperationId, Body>(
  operationId: K,
  reader: BodyReader<Body, BodyKind<K>>,
  handle: (ctx: OperationContext<K>, body: Body) => MockResponse | Promise<MockResponse>,
): Operation<K> {
  const { method, path, versions } = OPERATIONS[operationId];
  return {
    operationId,
    method,
    path,
    versions,
    bodyKind: reader.kind,
    serve(request, bytes, contentType) {
      const body = reader.read(bytes, contentType);
      return body.ok ? handle(new TypedOperationContext(operationId, request), body.value) : badRequest(body.message);
    },
  };
}

/**
 * An operation the mock knowingly does not serve: it routes like the others and answers 501 naming itself,
 * so a client sees why instead of a 404. (No operation needs it today; test/mock/table-completeness.test.ts
 * shows it compiles in a table for a spec with one more operation.)
 * @public
 */
export function notImplemented<K extends OperationId>(operationId: K, bodyKind: BodyKind<K>): Operation<K> {
  const reader: BodyReader<undefined, BodyKind<K>> = { kind: bodyKind, read: () => ({ ok: true, value: undefined }) };
  return operation(operationId, reader, () => errorResponse(501, undefined, `the mock does not implement ${operationId}`));
}

export const OPERATION_TABLE: OperationTable = {
  target_release_update: operation("target_release_update", SET_TARGET_RELEASE_PARAMS, changeTargetRelease("update")),
  system_update_recovery_finish: operation("system_update_recovery_finish", SET_TARGET_RELEASE_PARAMS, changeTargetRelease("recover")),
  system_update_status: operation("system_update_status", NO_BODY, getStatus),
  system_update_repository_upload: operation("system_update_repository_upload", RAW_BYTES, uploadRepository),
  system_update_repository_list: operation("system_update_repository_list", NO_BODY, listRepositories),
  system_update_repository_view: operation("system_update_repository_view", NO_BODY, viewRepository),
  system_update_trust_root_list: operation("system_update_trust_root_list", NO_BODY, listTrustRoots),
  system_update_trust_root_create: operation("system_update_trust_root_create", ANY_JSON, createTrustRoot),
  system_update_trust_root_view: operation("system_update_trust_root_view", NO_BODY, viewTrustRoot),
  system_update_trust_root_delete: operation("system_update_trust_root_delete", NO_BODY, deleteTrustRoot),
};
