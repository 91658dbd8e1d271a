/**
 * The simulated planner (docs/design.md, "Planner steps") and the support mupdate it reacts to (docs/design.md, "Control endpoints"). Pure functions over
 * the rack state: every call returns a new state and never edits its input.
 */
import { findMupdateEvidence, isSuspended, parseSemver } from "../../../src/rules/index.js";
import { sledsInIdOrder } from "../../../src/rules/blueprint.js";
import { pruneOnce } from "./pruner.js";
import { updateBoard } from "./boards.js";
import type { HubrisComponents, OsSlot, RackState, Sled, Zone } from "./state.js";

/**
 * Most steps one `advance {"steps"}` call runs (docs/design.md, "Control endpoints"); `{"until": "settled"}`
 * may run more on a rack big enough to need them (see `settleBound`).
 */
export const MAX_ADVANCE_STEPS = 10_000;

/**
 * Steps that certainly settle `state`: every step moves one component (or one sled's mupdate bookkeeping)
 * forward, so twice the components is ample. Only a planner bug could need more; the bound stops it.
 */
function settleBound(state: RackState): number {
  let components = 0;
  for (const sled of state.sleds) components += 2 + HUBRIS_ORDER.length + sled.zones.length;
  components += 3 * (state.boards?.length ?? 0);
  // Each step prunes at most one repository.
  return 2 * components + state.repositories.length + 16;
}

const CURRENT_CONTENTS: OsSlot = { type: "current_contents" };

/** Hubris components in the order the planner updates them (RoT bootloader → RoT → SP → host phase 1). */
export const HUBRIS_ORDER = ["rot_bootloader", "rot", "sp", "host_phase_1"] as const satisfies readonly (keyof HubrisComponents)[];

const isOn = (slot: OsSlot, version: string): boolean => slot.type === "artifact" && slot.version === version;

function replaceSled(state: RackState, index: number, sled: Sled): RackState {
  return { ...state, sleds: state.sleds.map((old, i) => (i === index ? sled : old)) };
}

/** Applies `change` to every sled that `applies`; undefined when none does (the rule does not apply). */
function changeSleds(state: RackState, applies: (sled: Sled) => boolean, change: (sled: Sled) => Sled): readonly Sled[] | undefined {
  if (!state.sleds.some(applies)) return undefined;
  return state.sleds.map((sled) => (applies(sled) ? change(sled) : sled));
}

const hasNewOverride = (sled: Sled): boolean =>
  sled.state === "active" && sled.mupdate_override !== null && sled.mupdate_override !== sled.remove_mupdate_override;

/** Rule 1: the blueprint takes over every new override and discards its plan for that sled. */
function noticeMupdates(state: RackState): RackState | undefined {
  const sleds = changeSleds(state, hasNewOverride, (sled) => ({
    ...sled,
    remove_mupdate_override: sled.mupdate_override,
    host_phase_2: { slot_a: CURRENT_CONTENTS, slot_b: CURRENT_CONTENTS },
    zones: sled.zones.map((zone): Zone => ({ ...zone, image_source: { type: "install_dataset" } })),
  }));
  if (sleds === undefined) return undefined;
  // Never lowered: the rack stays suspended until a target release newer than the one seen now.
  const minimum = Math.max(state.target_release_minimum_generation, state.target_release.generation + 1);
  return { ...state, sleds, target_release_minimum_generation: minimum };
}

const acknowledged = (sled: Sled): boolean => sled.mupdate_override !== null && sled.mupdate_override === sled.remove_mupdate_override;

/** Rule 2: the sled applied the plan and dropped its override file; the blueprint forgets both ids. */
function clearAcknowledged(state: RackState): RackState | undefined {
  const sleds = changeSleds(state, acknowledged, (sled) => ({ ...sled, mupdate_override: null, remove_mupdate_override: null }));
  return sleds === undefined ? undefined : { ...state, sleds };
}

/** Rule 3: what the install dataset holds is recognised as the target release's artifacts (same bits). */
function convertNoop(state: RackState): RackState | undefined {
  const target = state.target_release.version;
  if (target === null) return undefined;
  const convertible = (sled: Sled): boolean =>
    sled.state === "active" &&
    sled.remove_mupdate_override === null &&
    sled.install_dataset === target &&
    (sled.host_phase_2.slot_a.type === "current_contents" ||
      sled.host_phase_2.slot_b.type === "current_contents" ||
      sled.zones.some((zone) => zone.image_source.type === "install_dataset"));
  const onTarget: OsSlot & Zone["image_source"] = { type: "artifact", version: target };
  const sleds = changeSleds(state, convertible, (sled) => ({
    ...sled,
    host_phase_2: {
      slot_a: sled.host_phase_2.slot_a.type === "current_contents" ? onTarget : sled.host_phase_2.slot_a,
      slot_b: sled.host_phase_2.slot_b.type === "current_contents" ? onTarget : sled.host_phase_2.slot_b,
    },
    zones: sled.zones.map((zone): Zone => (zone.image_source.type === "install_dataset" ? { ...zone, image_source: onTarget } : zone)),
  }));
  return sleds === undefined ? undefined : { ...state, sleds };
}

/** Whether rule 4 may run: a target is set, nothing is suspended and no sled shows mupdate evidence. */
function mayUpdate(state: RackState): state is RackState & { target_release: { version: string } } {
  if (state.target_release.version === null) return false;
  if (isSuspended(state)) return false;
  return findMupdateEvidence(state.sleds) === undefined;
}

/** Whether a sled's Hubris components or OS are not yet on `target` (rule 4's first part). */
function sledNeedsUpdate(sled: Sled, target: string): boolean {
  if (sled.state !== "active") return false;
  if (HUBRIS_ORDER.some((key) => sled.components[key] !== null && sled.components[key] !== target)) return true;
  return !isOn(sled.host_phase_2.slot_a, target) && !isOn(sled.host_phase_2.slot_b, target);
}

/** The next step of a sled that `sledNeedsUpdate`: its first Hubris component off target, else its OS. */
function updateSled(sled: Sled, target: string): Sled {
  for (const key of HUBRIS_ORDER) {
    const version = sled.components[key];
    // null: the component is not present on this sled, so there is nothing to update.
    if (version !== null && version !== target) return { ...sled, components: { ...sled.components, [key]: target } };
  }
  // An OS with either slot on the target is on it; otherwise the new image goes to slot B.
  return { ...sled, host_phase_2: { ...sled.host_phase_2, slot_b: { type: "artifact", version: target } } };
}

const zoneNeedsUpdate = (zone: Zone, target: string, nexus: boolean): boolean =>
  zone.disposition === "in_service" &&
  (zone.kind === "nexus") === nexus &&
  !(zone.image_source.type === "artifact" && zone.image_source.version === target);

/** Index of the item with the lowest id among those that pass `wanted`, or -1: id order without sorting. */
function firstById<T extends { readonly id: string }>(items: readonly T[], wanted: (item: T) => boolean): number {
  let found = -1;
  items.forEach((item, i) => {
    if (wanted(item) && (found < 0 || item.id < (items[found]?.id ?? ""))) found = i;
  });
  return found;
}

/**
 * Rule 4: move the first component that is not on the target release, and only that one. "First" is by
 * sled id, then zone id; a linear search for the lowest id keeps a step linear in the rack's size.
 */
function updateOne(state: RackState): RackState | undefined {
  if (!mayUpdate(state)) return undefined;
  const target = state.target_release.version;
  const sledIndex = firstById(state.sleds, (sled) => sledNeedsUpdate(sled, target));
  const sled = state.sleds[sledIndex];
  if (sled !== undefined) return replaceSled(state, sledIndex, updateSled(sled, target));
  const boards = updateBoard(state.boards ?? [], target);
  if (boards !== undefined) return { ...state, boards };

  // Zones on every sled, as the blueprint classification reads them; Nexus last (it hands over to itself).
  for (const nexus of [false, true]) {
    const wanted = (zone: Zone): boolean => zoneNeedsUpdate(zone, target, nexus);
    const ownerIndex = firstById(state.sleds, (candidate) => candidate.zones.some(wanted));
    const owner = state.sleds[ownerIndex];
    if (owner === undefined) continue;
    const zoneIndex = firstById(owner.zones, wanted);
    const zones = owner.zones.map((z, i): Zone => (i === zoneIndex ? { ...z, image_source: { type: "artifact", version: target } } : z));
    return replaceSled(state, ownerIndex, { ...owner, zones });
  }
  return undefined;
}

/** The first applicable rule's result, without the timestamp; undefined when the rack is settled. */
function step(state: RackState): RackState | undefined {
  return noticeMupdates(state) ?? clearAcknowledged(state) ?? convertNoop(state) ?? updateOne(state);
}

/**
 * One step of the rack's background work: a planner step (docs/design.md, "Planner steps"), which records
 * its time, and one activation of the repository pruner (docs/design.md, "Repository pruning"), which
 * does not (it makes no blueprint). The new state, or undefined when neither changes anything (settled).
 */
export function planStep(state: RackState, now: Date): RackState | undefined {
  const planned = step(state);
  const base = planned === undefined ? state : { ...planned, time_last_step_planned: now.toISOString() };
  const pruned = pruneOnce(base);
  return pruned ?? (planned === undefined ? undefined : base);
}

export type AdvanceRequest = { readonly steps: number } | { readonly until: "settled" };

export interface AdvanceResult {
  readonly state: RackState;
  /** Steps that changed the state; the step that found nothing to do is not counted. */
  readonly steps: number;
  /** Whether the resulting state is settled (one more step would change nothing). */
  readonly settled: boolean;
}

/** Why an advance request's `steps` cannot be run, or undefined when it can. */
export function invalidSteps(request: AdvanceRequest): string | undefined {
  return "steps" in request && (!Number.isInteger(request.steps) || request.steps < 0) ? "steps must be a non-negative integer" : undefined;
}

/** How many steps an advance request wants: `steps` up to `MAX_ADVANCE_STEPS`, or enough to settle `state`. */
export function stepsWanted(request: AdvanceRequest, state: RackState): number {
  const invalid = invalidSteps(request);
  if (invalid !== undefined) throw new RangeError(invalid);
  return "steps" in request ? Math.min(request.steps, MAX_ADVANCE_STEPS) : Math.max(MAX_ADVANCE_STEPS, settleBound(state));
}

export interface AdvancePart {
  readonly state: RackState;
  readonly steps: number;
  /** "settled": one more step would change nothing; "limit": `limit` steps taken and more remain; "paused": `pause` said stop. */
  readonly outcome: "settled" | "limit" | "paused";
}

/**
 * Runs up to `limit` planner steps, asking `pause` after each: the building block of both a whole advance
 * and one that yields to other work between slices. `now` is read once per changing step.
 */
export function advancePart(state: RackState, limit: number, now: () => Date, pause: () => boolean = () => false): AdvancePart {
  let current = state;
  for (let taken = 0; ; taken += 1) {
    const planned = step(current);
    const pruned = pruneOnce(planned ?? current);
    if (planned === undefined && pruned === undefined) return { state: current, steps: taken, outcome: "settled" };
    if (taken === limit) return { state: current, steps: taken, outcome: "limit" };
    if (taken > 0 && pause()) return { state: current, steps: taken, outcome: "paused" };
    // As `planStep`: only a planner change records the time.
    const next = pruned ?? planned ?? current;
    current = planned === undefined ? next : { ...next, time_last_step_planned: now().toISOString() };
  }
}

/**
 * Runs planner steps: `{ steps: n }` at most n (and `MAX_ADVANCE_STEPS`), `{ until: "settled" }` until one
 * changes nothing (within `settleBound`); both stop early when settled.
 */
export function advance(state: RackState, request: AdvanceRequest, now: () => Date): AdvanceResult {
  const part = advancePart(state, stepsWanted(request, state), now);
  return { state: part.state, steps: part.steps, settled: part.outcome === "settled" };
}

export interface MupdateRequest {
  readonly version: string;
  /** "all" = every active sled. */
  readonly sleds: "all" | readonly string[];
}

export type MupdateResult = { readonly ok: true; readonly state: RackState } | { readonly ok: false; readonly message: string };

/**
 * Support reinstalls the chosen sleds from outside the control plane (docs/design.md, "Control endpoints"): install dataset, override
 * and Hubris images change; the blueprint does not (the planner notices on its next step). Overrides are
 * drawn from `newUuid` in sled id order, so a deterministic generator gives a deterministic state.
 */
export function applyMupdate(state: RackState, request: MupdateRequest, newUuid: () => string): MupdateResult {
  const parsed = parseSemver(request.version);
  if (!parsed.ok) return { ok: false, message: `invalid version "${request.version}": ${parsed.message}` };
  let chosen: ReadonlySet<string>;
  if (request.sleds === "all") {
    chosen = new Set(state.sleds.filter((sled) => sled.state === "active").map((sled) => sled.id));
  } else {
    if (request.sleds.length === 0) return { ok: false, message: 'sleds must name at least one sled, or be "all"' };
    for (const id of request.sleds) {
      const sled = state.sleds.find((candidate) => candidate.id === id);
      if (sled === undefined) return { ok: false, message: `no sled with id "${id}"` };
      // A decommissioned sled is out of the rack: there is nothing left to reinstall.
      if (sled.state !== "active") return { ok: false, message: `sled ${id} is decommissioned` };
    }
    chosen = new Set(request.sleds);
  }
  const version = request.version;
  const components: HubrisComponents = { sp: version, rot: version, rot_bootloader: version, host_phase_1: version };
  const overrides = new Map(
    sledsInIdOrder(state.sleds)
      .filter((sled) => chosen.has(sled.id))
      .map((sled) => [sled.id, newUuid()]),
  );
  const sleds = state.sleds.map((sled): Sled => {
    const mupdate_override = overrides.get(sled.id);
    if (mupdate_override === undefined) return sled;
    return { ...sled, install_dataset: version, mupdate_override, components: { ...components } };
  });
  if (request.sleds !== "all" || state.boards === undefined) return { ok: true, state: { ...state, sleds } };
  // A whole-rack recovery reinstalls the switches and power shelf controllers too.
  const boards = state.boards.map((board) => ({ ...board, components: { sp: version, rot: version, rot_bootloader: version } }));
  return { ok: true, state: { ...state, sleds, boards } };
}
