/**
 * The unhappy paths a test or a page can ask for (docs/design.md, "Faults and latency"): fault rules and
 * latency, per session, validated here whether they come from the TypeScript API or from
 * `/__mock/faults` and `/__mock/latency`.
 */
import { isJsonObject, ownField } from "../../../src/shared/json.js";
import { isOperationId, OPERATION_IDS, type AnyOperationId } from "../protocol/operation-ids.js";
import { MockControlError } from "../protocol/control-errors.js";

export const FAULT_KINDS = ["http", "network", "hang", "applied-then-lost", "generation-conflict", "repository-pruned"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The kinds upstream meets at the insert of a target release: only the two PUTs that set it, and only when they would succeed. */
export type InsertFailureKind = "generation-conflict" | "repository-pruned";
export const isInsertFailure = (kind: FaultKind): kind is InsertFailureKind =>
  kind === "generation-conflict" || kind === "repository-pruned";
export const TARGET_RELEASE_OPERATIONS: ReadonlySet<AnyOperationId> = new Set(["target_release_update", "system_update_recovery_finish"]);

export interface FaultRuleInput {
  /** An operationId, or "*" for every operation (the two target-release kinds: both PUTs). */
  readonly operation: AnyOperationId | "*";
  readonly kind: FaultKind;
  /** For `http`: the status to answer (400–599; default 503). */
  readonly status?: number;
  /** How many times the rule applies before it expires; forever without it. */
  readonly times?: number;
  /** The chance that a matching request meets the fault (0 < p ≤ 1; default 1), drawn from the seeded generator. */
  readonly probability?: number;
}

export interface FaultRule {
  readonly id: string;
  readonly operation: AnyOperationId | "*";
  readonly kind: FaultKind;
  readonly status?: number;
  /** Times left; undefined: no limit. */
  readonly times?: number;
  readonly probability?: number;
}

export type LatencySpec = { readonly ms: number } | { readonly min: number; readonly max: number };

/** Longest latency the mock accepts: a test that wants a request never to answer uses the `hang` fault. */
export const MAX_LATENCY_MS = 600_000;

/** `name` as an operation id, or a refusal saying there is no such operation. */
export function requireOperationId(name: string): AnyOperationId {
  if (!isOperationId(name)) throw new MockControlError(`no operation ${name}`);
  return name;
}

const FAULT_KIND_SET: ReadonlySet<string> = new Set(FAULT_KINDS);
const isFaultKind = (kind: unknown): kind is FaultKind => typeof kind === "string" && FAULT_KIND_SET.has(kind);

const refuse = (message: string): never => {
  throw new MockControlError(message);
};

/** A fault rule from plain data (a request body or a TypeScript call); a bad one is refused, naming the field. */
export function parseFaultRule(value: unknown): FaultRuleInput {
  if (!isJsonObject(value)) return refuse('a fault rule is an object: {"operation", "kind", "status"?, "times"?, "probability"?}');
  const operation = ownField(value, "operation");
  if (operation !== "*" && (typeof operation !== "string" || !isOperationId(operation))) {
    return refuse(`operation must be "*" or an operationId: ${OPERATION_IDS.join(", ")}`);
  }
  const kind = ownField(value, "kind");
  if (!isFaultKind(kind)) return refuse(`kind must be one of ${FAULT_KINDS.join(", ")}`);
  if (isInsertFailure(kind) && operation !== "*" && !TARGET_RELEASE_OPERATIONS.has(operation)) {
    return refuse(`${kind} happens only to ${[...TARGET_RELEASE_OPERATIONS].join(" and ")}`);
  }
  const status = ownField(value, "status");
  if (status !== undefined) {
    if (kind !== "http") return refuse(`status applies to kind "http" only`);
    if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599)
      return refuse("status must be an integer from 400 to 599");
  }
  const times = ownField(value, "times");
  if (times !== undefined && (!Number.isInteger(times) || (times as number) < 1)) return refuse("times must be an integer >= 1");
  const probability = ownField(value, "probability");
  if (probability !== undefined && (typeof probability !== "number" || !(probability > 0 && probability <= 1))) {
    return refuse("probability must be a number above 0 and at most 1");
  }
  return {
    operation,
    kind,
    ...(status !== undefined && { status: status as number }),
    ...(times !== undefined && { times: times as number }),
    ...(probability !== undefined && { probability }),
  };
}

const isWholeMs = (ms: unknown): ms is number => Number.isInteger(ms) && (ms as number) >= 0 && (ms as number) <= MAX_LATENCY_MS;

/** A latency setting from plain data: `{ms}` or `{min, max}`, and optionally the operation it is for. */
export function parseLatency(value: unknown): { readonly spec: LatencySpec; readonly operation: AnyOperationId | undefined } {
  const shape = `latency is {"ms": n} or {"min": n, "max": n} (whole milliseconds up to ${MAX_LATENCY_MS}), with "operation" optional`;
  if (!isJsonObject(value)) return refuse(shape);
  const operation = ownField(value, "operation");
  if (operation !== undefined && (typeof operation !== "string" || !isOperationId(operation))) {
    return refuse(`operation must be an operationId: ${OPERATION_IDS.join(", ")}`);
  }
  const ms = ownField(value, "ms");
  const min = ownField(value, "min");
  const max = ownField(value, "max");
  if (ms !== undefined && min === undefined && max === undefined && isWholeMs(ms)) return { spec: { ms }, operation };
  if (ms === undefined && isWholeMs(min) && isWholeMs(max) && min <= max) return { spec: { min, max }, operation };
  return refuse(shape);
}
