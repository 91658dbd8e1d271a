// Plain text for a terminal, coloured when it is one.
import { listing, redundant, title, via } from "./group.js";
import { verdict } from "./render-markdown.js";
import type { Change, Severity, SpecDiff } from "./types.js";

export interface TextOptions {
  color?: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof ANSI;

export function renderText(diff: SpecDiff, options: TextOptions = {}): string {
  const paint = (style: Style, text: string): string =>
    options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  const SEVERITY: Record<Severity, string> = {
    breaking: paint("red", "breaking     "),
    "non-breaking": paint("green", "non-breaking "),
    documentation: paint("dim", "documentation"),
  };
  const line = (change: Change): string => {
    const from = via(change);
    const where = redundant(change) ? "" : paint("dim", `  ${change.location}`);
    const area = change.area === "operation" || change.area === "document" ? "" : `${change.area}: `;
    return `    ${SEVERITY[change.severity]} ${area}${change.description}${where}${from ? paint("dim", ` (in ${from})`) : ""}`;
  };

  const { operations, shared } = listing(diff);
  const out = [
    paint("bold", `API diff ${diff.before.version} -> ${diff.after.version}`),
    diff.breaking ? paint("red", paint("bold", verdict(diff))) : paint("green", verdict(diff)),
    "",
  ];
  if (operations.length === 0) out.push("No operation changed.", "");
  for (const { operation, changes } of operations) {
    const head = `${paint("bold", title(operation))}${operation.operationId ? ` (${operation.operationId})` : ""}`;
    out.push(`${head}: ${operation.summary}`);
    out.push(...changes.map(line), "");
  }
  for (const { component, changes, operations: count } of shared) {
    out.push(`${paint("bold", component.slice(2))} (shared by ${count} operations)`, ...changes.map(line), "");
  }
  if (diff.document.length > 0) out.push(paint("bold", "Document"), ...diff.document.map(line), "");
  if (diff.documentDiff !== "") {
    out.push(paint("bold", "Full document diff"));
    for (const text of diff.documentDiff.trimEnd().split("\n")) {
      if (text.startsWith("@@")) out.push(paint("cyan", text));
      else if (text.startsWith("---") || text.startsWith("+++")) out.push(paint("bold", text));
      else if (text.startsWith("+")) out.push(paint("green", text));
      else if (text.startsWith("-")) out.push(paint("red", text));
      else out.push(text);
    }
  }
  return `${out.join("\n")}\n`;
}
