// Human wording for one change inside an operation: which part it touches and what happened.
import { escapeSegment, type Json } from "./json.js";
import type { ChangeAction } from "./types.js";

export type Segment = string | number;

/** Where in an operation a change is: its area, and the part that is a JSON schema, if any. */
export interface Place {
  area: string;
  kind: "request" | "response" | "parameter" | "operation";
  /** Segments after the area's own prefix (inside the schema when `inSchema`). */
  rest: Segment[];
  inSchema: boolean;
}

const JSON_MEDIA = "application/json";

/** `4xx` (lower-cased for api-smart-diff) back to `4XX` as the spec writes it. */
export function responseCode(code: Segment): string {
  return String(code).replace(/^([1-5])xx$/, "$1XX");
}

export function locate(rel: readonly Segment[], paramName: string | undefined): Place {
  const [first, second] = rel;
  if (first === "requestBody") return inContent("request body", "request", rel.slice(1));
  if (first === "responses" && second !== undefined) {
    return inContent(`response ${responseCode(second)}`, "response", rel.slice(2));
  }
  if (first === "parameters" && second !== undefined) {
    const area = `parameter \`${paramName ?? String(second)}\``;
    const inSchema = rel[2] === "schema";
    return { area, kind: "parameter", rest: rel.slice(inSchema ? 3 : 2), inSchema };
  }
  return { area: "operation", kind: "operation", rest: [...rel], inSchema: false };
}

function inContent(area: string, kind: "request" | "response", rest: Segment[]): Place {
  if (rest[0] !== "content" || rest[1] === undefined) return { area, kind, rest, inSchema: false };
  const media = String(rest[1]);
  const named = media === JSON_MEDIA ? area : `${area} (${media})`;
  const inSchema = rest[2] === "schema";
  return { area: named, kind, rest: rest.slice(inSchema ? 3 : 2), inSchema };
}

/** The pointer relative to the operation, without `content/application~1json`, codes as written. */
export function shortLocation(rel: readonly Segment[]): string {
  const out: string[] = [];
  for (let i = 0; i < rel.length; i++) {
    const segment = rel[i] ?? "";
    if (segment === "content" && rel[i + 1] === JSON_MEDIA) {
      i++;
      continue;
    }
    out.push(escapeSegment(rel[i - 1] === "responses" ? responseCode(segment) : segment));
  }
  return out.join("/");
}

const VERBS: Record<ChangeAction, string> = {
  add: "added",
  remove: "removed",
  replace: "changed",
  rename: "renamed",
};

/** A short value for a one-line description, or undefined when it would be too long to help. */
function show(value: Json | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value).replaceAll("`", "'");
  return text.length <= 80 ? `\`${text}\`` : undefined;
}

function values(action: ChangeAction, before: Json | undefined, after: Json | undefined): string {
  const [b, a] = [show(before), show(after)];
  if (action === "replace" || action === "rename") return b && a ? `: ${b} → ${a}` : "";
  const one = action === "add" ? a : b;
  return one && !(typeof (action === "add" ? after : before) === "object") ? `: ${one}` : "";
}

/** Split a schema-relative path into the field it is about (`a.b[]`) and the keyword path after it. */
function fieldOf(rest: readonly Segment[]): { field: string; keyword: Segment[]; endsWithProperty: boolean } {
  let field = "";
  let i = 0;
  let endsWithProperty = false;
  while (i < rest.length) {
    const segment = rest[i];
    const next = rest[i + 1];
    endsWithProperty = false;
    if (segment === "properties" && next !== undefined) {
      field = field ? `${field}.${String(next)}` : String(next);
      endsWithProperty = true;
      i += 2;
    } else if (segment === "items") {
      field += "[]";
      i += 1;
    } else if ((segment === "oneOf" || segment === "anyOf" || segment === "allOf") && i + 2 < rest.length) {
      i += 2;
    } else break;
  }
  return { field, keyword: rest.slice(i), endsWithProperty };
}

export function describe(
  place: Place,
  action: ChangeAction,
  before: Json | undefined,
  after: Json | undefined,
): string {
  const verb = VERBS[action];
  const { rest } = place;
  if (place.inSchema) {
    const { field, keyword, endsWithProperty } = fieldOf(rest);
    const of = field ? ` of \`${field}\`` : "";
    if (keyword.length === 0) {
      return endsWithProperty ? `${verb} field \`${field}\`` : `${verb} schema${of}`;
    }
    const [key, index] = keyword;
    if (key === "required" && typeof index === "number" && keyword.length === 2) {
      const name = `\`${field ? `${field}.` : ""}${String(action === "add" ? after : before)}\``;
      if (action === "add") return `${name} became required`;
      if (action === "remove") return `${name} is no longer required`;
    }
    if (key === "enum" && typeof index === "number" && action !== "replace") {
      return `${verb} enum value ${show(action === "add" ? after : before) ?? ""}${of}`;
    }
    if ((key === "oneOf" || key === "anyOf") && typeof index === "number" && keyword.length === 2) {
      return `${verb} \`${key}\` variant${of}`;
    }
    return `${verb} \`${keyword.join("/")}\`${of}${values(action, before, after)}`;
  }
  if (rest.length === 0) {
    if (place.kind === "operation") return `operation ${verb}`;
    if (place.kind === "parameter" && action === "add" && isRequired(after)) return `${verb} required ${place.area}`;
    return `${verb} ${place.area}`;
  }
  return `${verb} \`${rest.map(String).join("/")}\`${values(action, before, after)}`;
}

function isRequired(value: Json | undefined): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && value["required"] === true;
}
