// What the human formats list: documentation changes in a component that several operations share are
// listed once, not under each of them; everything else is listed under its operation.
import type { Change, OperationDiff, Severity, SpecDiff } from "./types.js";

const RANK: Record<Severity, number> = { documentation: 0, "non-breaking": 1, breaking: 2 };

export interface SharedComponent {
  /** `#/components/responses/Error` */
  component: string;
  /** One change per place in the component (the same edit seen from several operations counts once). */
  changes: Change[];
  operations: number;
}

export interface Listing {
  /** Operations with something left to list, with those changes. */
  operations: { operation: OperationDiff; changes: Change[] }[];
  shared: SharedComponent[];
}

/** `#/components/schemas/UpdateStatus/properties/x` -> `#/components/schemas/UpdateStatus`. */
export function componentOf(origin: string): string {
  return origin.split("/").slice(0, 4).join("/");
}

export function listing(diff: SpecDiff): Listing {
  const usedBy = new Map<string, Set<OperationDiff>>();
  for (const operation of diff.operations) {
    for (const change of operation.changes) {
      if (change.severity !== "documentation" || change.origin === undefined) continue;
      const users = usedBy.get(change.origin) ?? new Set();
      users.add(operation);
      usedBy.set(change.origin, users);
    }
  }
  const isShared = (change: Change): boolean =>
    change.severity === "documentation" && change.origin !== undefined && (usedBy.get(change.origin)?.size ?? 0) > 1;

  const byComponent = new Map<string, { changes: Map<string, Change>; operations: Set<OperationDiff> }>();
  const operations: Listing["operations"] = [];
  for (const operation of diff.operations) {
    const own: Change[] = [];
    for (const change of operation.changes) {
      if (!isShared(change) || change.origin === undefined) {
        own.push(change);
        continue;
      }
      const key = componentOf(change.origin);
      const entry = byComponent.get(key) ?? { changes: new Map(), operations: new Set() };
      if (!entry.changes.has(change.origin)) entry.changes.set(change.origin, change);
      entry.operations.add(operation);
      byComponent.set(key, entry);
    }
    // Breaking first, documentation last; the order within a severity is the document's.
    own.sort((x, y) => RANK[y.severity] - RANK[x.severity]);
    if (own.length > 0) operations.push({ operation, changes: own });
  }
  const shared = [...byComponent].map(([component, entry]) => ({
    component,
    changes: [...entry.changes.values()],
    operations: entry.operations.size,
  }));
  return { operations, shared };
}

/** An operation as a title: `GET /v1/system/update/status`. */
export function title(operation: OperationDiff): string {
  return `${operation.method} ${operation.path}`;
}

/** Where a change inside a component was written, for a reader: `components/schemas/UpdateStatus`. */
export function via(change: Change): string | undefined {
  return change.origin === undefined ? undefined : componentOf(change.origin).slice(2);
}

/** True when the description already names the change's location, which then need not be repeated. */
export function redundant(change: Change): boolean {
  return change.location === "" || change.description.includes(`\`${change.location}\``);
}
