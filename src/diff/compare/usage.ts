// Which operations reach each component, and on which side: what a reviewer needs next to a changed schema
// ("used by", as dropshot-api-manager shows it), and what decides whether a change there breaks anything.
// Also what an operation is, as the comparers read it (an entry of `paths` or `webhooks`, and one side of
// a comparison).
import { isObject, own, ownObject, type Json, type JsonObject } from "../model/json.js";
import { componentAt, componentName } from "../model/schema.js";
import type { ComponentUse, OperationRef, Side } from "../types.js";

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface OperationEntry extends OperationRef {
  item: JsonObject;
  operation: JsonObject;
}

/**
 * Where operations are: `paths`, called by clients, or (OpenAPI 3.1) `webhooks`, the requests the API sends
 * to its clients. A webhook's sides are the other way round: its request body is what a client reads, its
 * responses what a client sends back. Its path is `webhook:<name>`, as oasdiff names it.
 */
export type Section = "paths" | "webhooks";

/** The side of the exchange a part of an operation (`request` or `response` as written) is on, for a client. */
export const sideIn = (section: Section, written: Side): Side =>
  section === "paths" ? written : written === "request" ? "response" : "request";

/** Every operation of a document's `section`, in document order. */
export function operationsOf(doc: JsonObject, section: Section = "paths"): OperationEntry[] {
  const out: OperationEntry[] = [];
  const paths = ownObject(doc, section) ?? {};
  for (const key of Object.keys(paths)) {
    const path = section === "paths" ? key : `webhook:${key}`;
    const item = ownObject(paths, key);
    if (item === undefined) continue;
    for (const method of METHODS) {
      const operation = ownObject(item, method);
      if (operation === undefined) continue;
      const operationId = own(operation, "operationId");
      out.push({ method: method.toUpperCase(), path, ...(typeof operationId === "string" ? { operationId } : {}), item, operation });
    }
  }
  return out;
}

/** Component names referenced anywhere inside `value`. */
function refsIn(value: Json | undefined, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsIn(item, into);
  else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const child = value[key] as Json;
      if (key === "$ref" && typeof child === "string") {
        const name = componentName(child);
        if (name !== undefined) into.add(name);
      } else refsIn(child, into);
    }
  }
  return into;
}

/** Components -> the operations that reach them (directly or through other components), with the side. */
export function usage(doc: JsonObject): Map<string, ComponentUse[]> {
  const direct = new Map<string, Set<string>>();
  const refsOf = (name: string): Set<string> => {
    let refs = direct.get(name);
    if (refs === undefined) direct.set(name, (refs = refsIn(componentAt(doc, name), new Set())));
    return refs;
  };
  const users = new Map<string, ComponentUse[]>();
  for (const [section, entry] of [
    ...operationsOf(doc).map((entry) => ["paths", entry] as const),
    ...operationsOf(doc, "webhooks").map((entry) => ["webhooks", entry] as const),
  ]) {
    const { item, operation, method, path, operationId } = entry;
    const request = refsIn(own(item, "parameters"), new Set());
    refsIn(own(operation, "parameters"), request);
    refsIn(own(operation, "requestBody"), request);
    const sides: [Side, Set<string>][] = [
      [sideIn(section, "request"), request],
      [sideIn(section, "response"), refsIn(own(operation, "responses"), new Set())],
    ];
    for (const [side, roots] of sides) {
      const seen = new Set<string>();
      const queue = [...roots];
      for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
        if (seen.has(name)) continue;
        seen.add(name);
        for (const next of refsOf(name)) if (!seen.has(next)) queue.push(next);
      }
      for (const name of seen) {
        const list = users.get(name) ?? [];
        list.push({ method, path, ...(operationId === undefined ? {} : { operationId }), side });
        users.set(name, list);
      }
    }
  }
  return users;
}

/** One side of an operation comparison, as the parts of the operations diff read it. */
export interface OperationSide {
  doc: JsonObject;
  path: string;
  /** The path item: its parameters and servers apply to the operation. */
  item: JsonObject;
  operation: JsonObject;
}
