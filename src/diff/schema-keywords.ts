// The JSON Schema keywords the schema comparison knows, grouped by what they are about. One list, so the
// keyword-by-keyword comparison and the containment check agree on which keywords they weigh themselves.
import { PROSE } from "./schema-model.js";

/** Lower bounds: a larger value admits fewer values. */
export const MINIMUMS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;
/** Upper bounds: a smaller value admits fewer values. */
export const MAXIMUMS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;

/** Keywords the comparison weighs itself; any other keyword that changes is reported as unclassified. */
export const KNOWN = new Set<string>([
  ...PROSE,
  ...MINIMUMS,
  ...MAXIMUMS,
  "type",
  "nullable",
  "format",
  "enum",
  "const",
  "pattern",
  "multipleOf",
  "uniqueItems",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "discriminator",
]);

/** Keywords about the parts of a value (fields, items, variants), left out when only its own checks are weighed. */
export const STRUCTURE = new Set(["properties", "required", "additionalProperties", "items", "oneOf", "anyOf", "allOf", "not", "nullable"]);
