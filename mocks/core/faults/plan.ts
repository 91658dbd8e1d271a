/**
 * A session's faults and latency, and what they mean for one request: how long it waits, and which fault
 * (if any) it meets. Rules match in the order they were added; `times` counts down when a fault applies,
 * and the rule goes at zero. Probabilities and latency ranges are drawn from a generator seeded per
 * session, so a test run reproduces.
 */
import type { OperationId } from "../protocol/operation-types.js";
import { seedOf, seededRandom } from "../protocol/random.js";
import {
  TARGET_RELEASE_OPERATIONS,
  isInsertFailure,
  type FaultKind,
  type FaultRule,
  type FaultRuleInput,
  type LatencySpec,
} from "./rules.js";

/** Random upstream-shaped failures across operations, as the Oxide console's mock has them, but seeded. */
export interface ChaosSettings {
  /** The share of API requests that fail, from 0 to 100. */
  readonly percent: number;
}

export interface FaultDefaults {
  /** Latency every session starts with. */
  readonly latency?: LatencySpec | undefined;
  readonly chaos?: ChaosSettings | undefined;
  /** Seed of the generators; each session's is derived from it and the session's name. */
  readonly seed: number;
}

/** The fault a request meets: a rule's, or chaos's (id "chaos"). */
export interface Fault {
  readonly id: string;
  readonly kind: FaultKind;
  readonly status?: number;
}

export interface RequestPlan {
  readonly latencyMs: number;
  readonly fault: Fault | undefined;
}

const NONE: RequestPlan = { latencyMs: 0, fault: undefined };
const CHAOS: readonly Fault[] = [
  { id: "chaos", kind: "http", status: 500 },
  { id: "chaos", kind: "http", status: 503 },
  { id: "chaos", kind: "network" },
];

interface LiveRule {
  readonly rule: Omit<FaultRule, "times">;
  remaining: number | undefined;
}

export class SessionFaults {
  readonly #rules: LiveRule[] = [];
  #latency: LatencySpec | undefined;
  readonly #byOperation = new Map<OperationId, LatencySpec>();
  readonly #chaos: ChaosSettings | undefined;
  readonly #random: () => number;
  #nextId = 1;

  constructor(defaults: FaultDefaults, sessionName: string) {
    this.#latency = defaults.latency;
    this.#chaos = defaults.chaos;
    this.#random = seededRandom((defaults.seed ^ seedOf(sessionName)) >>> 0);
  }

  /** Nothing configured: requests go straight through (the hot path checks this first). */
  get idle(): boolean {
    return this.#rules.length === 0 && this.#latency === undefined && this.#byOperation.size === 0 && this.#chaos === undefined;
  }

  addRule(input: FaultRuleInput): FaultRule {
    const { times, ...rest } = input;
    const live: LiveRule = { rule: { id: `f${this.#nextId++}`, ...rest }, remaining: times };
    this.#rules.push(live);
    return this.#view(live);
  }

  rules(): FaultRule[] {
    return this.#rules.map((live) => this.#view(live));
  }

  removeRule(id: string): boolean {
    const index = this.#rules.findIndex((live) => live.rule.id === id);
    if (index >= 0) this.#rules.splice(index, 1);
    return index >= 0;
  }

  clearRules(): void {
    this.#rules.length = 0;
  }

  setLatency(spec: LatencySpec, operation?: OperationId): void {
    if (operation === undefined) this.#latency = spec;
    else this.#byOperation.set(operation, spec);
  }

  clearLatency(): void {
    this.#latency = undefined;
    this.#byOperation.clear();
  }

  latency(): { readonly all: LatencySpec | null; readonly operations: Readonly<Record<string, LatencySpec>> } {
    return { all: this.#latency ?? null, operations: Object.fromEntries(this.#byOperation) };
  }

  /** What this request meets; a fault that applies now is counted (see `consume` for the two that apply later). */
  plan(operationId: OperationId): RequestPlan {
    if (this.idle) return NONE;
    const spec = this.#byOperation.get(operationId) ?? this.#latency;
    const latencyMs = spec === undefined ? 0 : "ms" in spec ? spec.ms : spec.min + Math.floor(this.#random() * (spec.max - spec.min + 1));
    const matched = this.#rules.find((live) => this.#matches(live.rule, operationId));
    if (matched !== undefined) {
      // An insert failure counts only if the request would have succeeded (`consume`, from pipeline/apply-faults.ts).
      if (!isInsertFailure(matched.rule.kind)) this.#countDown(matched);
      return { latencyMs, fault: matched.rule };
    }
    if (this.#chaos !== undefined && this.#random() * 100 < this.#chaos.percent) {
      return { latencyMs, fault: CHAOS[Math.floor(this.#random() * CHAOS.length)] };
    }
    return latencyMs === 0 ? NONE : { latencyMs, fault: undefined };
  }

  /** Counts one application of a rule; it expires when its `times` run out. */
  consume(id: string): void {
    const live = this.#rules.find((candidate) => candidate.rule.id === id);
    if (live !== undefined) this.#countDown(live);
  }

  #countDown(live: LiveRule): void {
    if (live.remaining === undefined) return;
    live.remaining -= 1;
    if (live.remaining <= 0) this.#rules.splice(this.#rules.indexOf(live), 1);
  }

  #matches(rule: LiveRule["rule"], operationId: OperationId): boolean {
    if (rule.operation !== "*" && rule.operation !== operationId) return false;
    if (isInsertFailure(rule.kind) && !TARGET_RELEASE_OPERATIONS.has(operationId)) return false;
    return rule.probability === undefined || this.#random() < rule.probability;
  }

  #view(live: LiveRule): FaultRule {
    return live.remaining === undefined ? live.rule : { ...live.rule, times: live.remaining };
  }
}
