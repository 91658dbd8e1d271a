// Our classification rules, applied on top of api-smart-diff where its verdict is wrong for this API
// or for clients of it. Each rule names itself so the output can say which one decided.
import type { Place, Segment } from "./describe.js";
import type { Json } from "./json.js";
import type { ApiSmartDiffType, ChangeAction, Severity } from "./types.js";

export interface Verdict {
  severity: Severity;
  override?: string;
}

/** Keywords that only document: a change limited to them cannot break a client. */
const PROSE = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "tags"]);

/** True when some segment is a prose keyword (not a property that happens to be called `description`). */
export function isProse(rel: readonly Segment[]): boolean {
  return rel.some((segment, i) => {
    if (typeof segment !== "string" || !PROSE.has(segment)) return false;
    const previous = rel[i - 1];
    return previous !== "properties" && previous !== "examples";
  });
}

/** api-smart-diff's own verdict, mapped onto ours. */
export function fromApiSmartDiff(type: ApiSmartDiffType): Severity {
  switch (type) {
    case "breaking":
      return "breaking";
    case "annotation":
      return "documentation";
    // Deprecation warns but still works; an unclassified change of structure is reported, not failed on.
    case "deprecated":
    case "non-breaking":
    case "unclassified":
      return "non-breaking";
  }
}

interface Input {
  rel: readonly Segment[];
  place: Place;
  action: ChangeAction;
  before: Json | undefined;
  after: Json | undefined;
}

type Rule = { name: string; applies: (input: Input) => boolean; severity: Severity };

/** `required/<n>` as a keyword of a schema (not inside `properties`, where it would be a field name). */
function isRequiredEntry({ place }: Input): boolean {
  const { rest } = place;
  return place.inSchema && rest.at(-2) === "required" && typeof rest.at(-1) === "number" && rest.at(-3) !== "properties";
}

function isPropertyItself({ place }: Input): boolean {
  const { rest } = place;
  return place.inSchema && rest.at(-2) === "properties" && rest.at(-3) !== "properties";
}

const RULES: readonly Rule[] = [
  {
    name: "documentation: only descriptions, summaries, titles, examples or tags changed",
    applies: ({ rel }) => isProse(rel),
    severity: "documentation",
  },
  {
    name: "a new required response field is not breaking: clients of the old version ignore it",
    applies: (input) => input.place.kind === "response" && input.action === "add" && isRequiredEntry(input),
    severity: "non-breaking",
  },
  {
    name: "a new required request field is breaking: clients of the old version do not send it",
    applies: (input) => input.place.kind !== "response" && input.action === "add" && isRequiredEntry(input),
    severity: "breaking",
  },
  {
    name: "a response field that is no longer always present breaks clients that read it",
    applies: (input) => input.place.kind === "response" && input.action === "remove" && isRequiredEntry(input),
    severity: "breaking",
  },
  {
    name: "a removed response field breaks clients that read it, required or not",
    applies: (input) => input.place.kind === "response" && input.action === "remove" && isPropertyItself(input),
    severity: "breaking",
  },
  {
    name: "a response field whose type changed breaks clients (except number narrowed to integer)",
    applies: ({ place, action, before, after }) =>
      place.kind === "response" &&
      place.inSchema &&
      place.rest.at(-1) === "type" &&
      action === "replace" &&
      !(before === "number" && after === "integer"),
    severity: "breaking",
  },
];

export function classifyChange(type: ApiSmartDiffType, input: Input): Verdict {
  const theirs = fromApiSmartDiff(type);
  const rule = RULES.find((candidate) => candidate.applies(input));
  if (rule === undefined || rule.severity === theirs) return { severity: theirs };
  return { severity: rule.severity, override: rule.name };
}
