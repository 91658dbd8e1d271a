// The structural diff: operations matched by method and path shape (then moved ones by operationId),
// components by name, the rest of the document by key; every change judged for clients of the old version
// on the side it is on, fingerprinted, and checked against the accepted changes. Each of those parts has a
// module of its own (operation-diffs, component-diffs, document-changes); this one runs them in order.
import type { AcceptedChanges } from "./accepted.js";
import { compareComponents } from "./component-diffs.js";
import { compareDocument } from "./document-changes.js";
import type { JsonObject } from "./json.js";
import { judge } from "./judge.js";
import { compareOperations } from "./operation-diffs.js";
import { OperationComparer } from "./operations.js";
import { SchemaComparer } from "./schema-compare.js";
import type { Change, ComponentDiff, OperationDiff } from "./types.js";

export interface Classified {
  operations: OperationDiff[];
  components: ComponentDiff[];
  document: Change[];
}

export function classify(before: JsonObject, after: JsonObject, accepted: AcceptedChanges = new Map()): Classified {
  const schemas = new SchemaComparer({ before, after });
  // Components first: an operation's severity includes the changes of the components it reaches.
  const components = compareComponents(before, after, schemas, accepted);
  const comparer = new OperationComparer(schemas);
  const operations = [
    ...compareOperations(before, after, comparer, components, accepted),
    ...compareOperations(before, after, comparer, components, accepted, "webhooks"),
  ];
  const document = compareDocument(before, after).map((raw) => judge(raw, "document", [], accepted));
  return { operations, components, document };
}
