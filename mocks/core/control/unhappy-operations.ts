/**
 * The control operations of the unhappy paths (docs/design.md, "Faults and latency"): a session's fault
 * rules and latency, its request journal, and one-off overrides. Each change is announced to listeners
 * (the devtools page), as a change of state is.
 */
import type { ApiVersion } from "../../../generated/index.js";
import { OPERATIONS } from "../../../generated/operations.js";
import type { OverrideOptions, OverrideResolver, StoredOverride } from "../faults/overrides.js";
import { parseFaultRule, parseLatency, requireOperationId } from "../faults/rules.js";
import type { JournalEntry } from "../journal/journal.js";
import type { OperationId } from "../protocol/operation-types.js";
import type { ControlOperations } from "./control-types.js";
import { limitMessage, type MockLimits } from "../protocol/limits.js";
import { MockControlError } from "../protocol/control-errors.js";
import { DEFAULT_SESSION, type SessionStore } from "../sessions/store.js";

export type UnhappyOperations = Pick<
  ControlOperations,
  | "addFault"
  | "faults"
  | "removeFault"
  | "clearFaults"
  | "setLatency"
  | "latency"
  | "clearLatency"
  | "requests"
  | "clearRequests"
  | "override"
>;

export function unhappyOperations(store: SessionStore, limits: Pick<MockLimits, "maxFaultRules">): UnhappyOperations {
  const faultsChanged = (name: string) => store.emit({ type: "faults", session: name });

  return {
    addFault(rule, name = DEFAULT_SESSION) {
      const parsed = parseFaultRule(rule);
      const kept = store.find(name)?.faults.rules().length ?? 0;
      if (kept >= limits.maxFaultRules) {
        throw new MockControlError(limitMessage(limits, "maxFaultRules", `the session has ${kept} fault rules`));
      }
      const added = store.open(name).faults.addRule(parsed);
      faultsChanged(name);
      return added;
    },
    faults: (name = DEFAULT_SESSION) => store.find(name)?.faults.rules() ?? [],
    removeFault(id, name = DEFAULT_SESSION) {
      const removed = store.find(name)?.faults.removeRule(id) ?? false;
      if (removed) faultsChanged(name);
      return removed;
    },
    clearFaults(name = DEFAULT_SESSION) {
      store.find(name)?.faults.clearRules();
      faultsChanged(name);
    },
    setLatency(latency, name = DEFAULT_SESSION) {
      const { spec, operation } = parseLatency(latency);
      store.open(name).faults.setLatency(spec, operation);
      faultsChanged(name);
    },
    latency: (name = DEFAULT_SESSION) => (store.find(name) ?? store.draft(name)).faults.latency(),
    clearLatency(name = DEFAULT_SESSION) {
      store.find(name)?.faults.clearLatency();
      faultsChanged(name);
    },
    requests<K extends OperationId = OperationId>(filter: { readonly operation?: K; readonly session?: string } = {}) {
      if (filter.operation !== undefined) requireOperationId(filter.operation);
      return (store.find(filter.session ?? DEFAULT_SESSION)?.journal.entries(filter.operation) ?? []) as JournalEntry<K>[];
    },
    clearRequests(name = DEFAULT_SESSION) {
      const session = store.find(name);
      session?.journal.clear();
      // A live view showing the journal must see it emptied, like every other change.
      if (session !== undefined) store.emit({ type: "request", session: name });
    },
    override<K extends OperationId, V extends ApiVersion = ApiVersion>(
      operationId: K,
      resolver: OverrideResolver<K, NoInfer<V>>,
      options: OverrideOptions<V> = {},
    ) {
      requireOperationId(operationId);
      const { apiVersion } = options;
      if (apiVersion !== undefined && !(OPERATIONS[operationId].versions as readonly string[]).includes(apiVersion))
        throw new MockControlError(`${operationId} is not an operation of API version ${String(apiVersion)}`);
      if (options.times !== undefined && (!Number.isInteger(options.times) || options.times < 1))
        throw new MockControlError("times must be an integer >= 1");
      const session = store.open(options.session ?? DEFAULT_SESSION);
      const stored: StoredOverride = {
        operationId,
        resolve: resolver as unknown as StoredOverride["resolve"],
        apiVersion,
        remaining: options.times,
      };
      session.overrides.push(stored);
      return {
        remove() {
          const at = session.overrides.indexOf(stored);
          if (at >= 0) session.overrides.splice(at, 1);
        },
      };
    },
  };
}
