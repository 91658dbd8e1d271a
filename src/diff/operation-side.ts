// One side of an operation comparison, as the parts of the operations diff read it.
import type { JsonObject } from "./json.js";

export interface OperationSide {
  doc: JsonObject;
  path: string;
  /** The path item: its parameters and servers apply to the operation. */
  item: JsonObject;
  operation: JsonObject;
}
