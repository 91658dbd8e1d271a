/**
 * Every operationId of every API version, with the first version that has it and the last (none: the
 * latest still has it). Derived from `generated/operations.ts`, so an operation a later version drops is
 * still known here: a fault rule or a journal filter may name it, and a request at an older version meets it.
 */
import { LATEST_API_VERSION, type ApiVersion } from "../../../generated/index.js";
import { OPERATIONS } from "../../../generated/operations.js";

/** An operationId of any API version. */
export type AnyOperationId = keyof typeof OPERATIONS & string;

export interface OperationVersions {
  readonly first: ApiVersion;
  /** The last API version that has the operation; absent while the latest has it. */
  readonly last?: ApiVersion;
}

function versionsOf(versions: readonly ApiVersion[]): OperationVersions {
  const first = versions[0] ?? LATEST_API_VERSION;
  const last = versions[versions.length - 1] ?? LATEST_API_VERSION;
  return last === LATEST_API_VERSION ? { first } : { first, last };
}

export const OPERATION_VERSIONS: Readonly<Record<AnyOperationId, OperationVersions>> = Object.fromEntries(
  Object.entries(OPERATIONS).map(([id, spec]) => [id, versionsOf(spec.versions)]),
) as Record<AnyOperationId, OperationVersions>;

/** Every operationId, in the order of `generated/operations.ts`. */
export const OPERATION_IDS = Object.keys(OPERATION_VERSIONS) as readonly AnyOperationId[];

/** Own keys only: a name such as `constructor` or `__proto__` is no operation. */
export function isOperationId(name: string): name is AnyOperationId {
  return Object.hasOwn(OPERATION_VERSIONS, name);
}
