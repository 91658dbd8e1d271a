// Plain text for a terminal, coloured when it is one. Never cut: a terminal has no size limit.
import {
  byConcern,
  componentTitle,
  counts,
  operationTitle,
  SEVERITY_LABEL,
  showsFingerprint,
  sortChanges,
  usedBy,
  verdict,
} from "./report.js";
import type { Change, Severity, SpecDiff } from "../types.js";

export interface TextOptions {
  color?: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof ANSI;
const STYLE: Record<Severity, Style> = { breaking: "red", "breaks-sdk": "yellow", "non-breaking": "green", documentation: "dim" };
const WIDTH = Math.max(...Object.values(SEVERITY_LABEL).map((label) => label.length));

export function renderText(diff: SpecDiff, options: TextOptions = {}): string {
  const paint = (style: Style, text: string): string => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const severity = (value: Severity): string => paint(STYLE[value], SEVERITY_LABEL[value]);
  const line = (change: Change): string => {
    const area = change.area === "operation" || change.area === "schema" || change.area === "document" ? "" : `${change.area}: `;
    const id = showsFingerprint(change) || change.accepted !== undefined ? paint("dim", `  [${change.fingerprint}]`) : "";
    const accepted = change.accepted === undefined ? "" : paint("cyan", `  accepted: ${change.accepted}`);
    const label = paint(STYLE[change.severity], SEVERITY_LABEL[change.severity].padEnd(WIDTH));
    return `    ${label} ${area}${change.description}${id}${accepted}`;
  };

  const out = [paint("bold", `API diff ${diff.before.version} -> ${diff.after.version}`)];
  out.push(diff.breaking ? paint("red", paint("bold", verdict(diff))) : paint("green", verdict(diff)), counts(diff), "");
  for (const operation of byConcern(diff.operations)) {
    const id = operation.operationId ? ` (${operation.operationId})` : "";
    out.push(`${paint("bold", operationTitle(operation))}${id}: ${severity(operation.severity)} · ${operation.summary}`);
    if (operation.from) out.push(`    moved from ${operationTitle(operation.from)}`);
    if (operation.kind !== "added" && operation.kind !== "removed") out.push(...sortChanges(operation.changes).map(line));
    out.push("");
  }
  for (const component of diff.components) {
    if (component.kind === "added") continue;
    out.push(
      `${paint("bold", componentTitle(component))}: ${severity(component.severity)}${component.kind === "removed" ? " · removed" : ""}`,
    );
    out.push(`    ${usedBy(component.usedBy, 8, (text) => text)}`);
    if (component.kind === "changed") out.push(...sortChanges(component.changes).map(line));
    out.push("");
  }
  const added = diff.components.filter((component) => component.kind === "added");
  if (added.length > 0) out.push(`Added components: ${added.map(componentTitle).join(", ")}`, "");
  if (diff.document.length > 0) out.push(paint("bold", "Document"), ...sortChanges(diff.document).map(line), "");
  if (diff.accepted.length > 0) out.push(paint("bold", "Accepted"), ...diff.accepted.map(line), "");
  for (const id of diff.unusedAcceptances)
    out.push(paint("yellow", `accepted change ${id} matches no change: remove it from the accepted-changes file`));
  for (const [title, text] of [
    ["Generated TypeScript", diff.typesDiff],
    ["Full document diff", diff.documentDiff],
  ] as const) {
    if (text === "") continue;
    out.push(paint("bold", title));
    for (const row of text.trimEnd().split("\n")) {
      if (row.startsWith("@@")) out.push(paint("cyan", row));
      else if (row.startsWith("---") || row.startsWith("+++")) out.push(paint("bold", row));
      else if (row.startsWith("+")) out.push(paint("green", row));
      else if (row.startsWith("-")) out.push(paint("red", row));
      else out.push(row);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
