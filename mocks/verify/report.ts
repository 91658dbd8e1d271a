/**
 * The verify report in three formats: `text` (a table for a terminal), `markdown` (for a CI summary or a
 * pull request) and `json` (for tools). Each lists every probe with the rack's answer, the prediction and
 * match or differ, then every difference by name. Nothing here ever sees the token.
 */
import { CATALOGUE } from "./catalogue.js";
import type { ProbeResult } from "./judge.js";
import { differencesIn, type VerifyReport } from "./verify.js";

export type ReportFormat = "text" | "markdown" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "markdown", "json"];

const WIDTH = 60;
const clip = (text: string, width = WIDTH): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
const verdict = (result: ProbeResult): string => (result.match ? "match" : "DIFFER");

function headline(report: VerifyReport): string {
  const count = differencesIn(report);
  const sent = report.mode === "live" ? `${report.exchanges.length} requests sent to` : `${report.exchanges.length} answers replayed from`;
  const outcome = count === 0 ? "all match" : `${count} differ`;
  const notes = report.notes.map((note) => `\nNote: ${note}`).join("");
  return `${report.results.length} probes, ${sent} ${report.source} (api-version ${report.apiVersion}): ${outcome}${notes}`;
}

function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function differenceLines(report: VerifyReport, bullet: (id: string, difference: string) => string): string[] {
  return report.results.flatMap((result) => result.differences.map((difference) => bullet(result.probe.id, difference)));
}

function renderText(report: VerifyReport): string {
  const rows = [
    ["PROBE", "RACK", "PREDICTED", "VERDICT"],
    ...report.results.map((result) => [result.probe.id, clip(result.rack), clip(result.predicted), verdict(result)]),
  ];
  const differences = differenceLines(report, (id, difference) => `  ${id}: ${difference}`);
  return `${textTable(rows)}\n\n${headline(report)}\n${differences.length > 0 ? `Differences:\n${differences.join("\n")}\n` : ""}`;
}

const cell = (text: string): string => text.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replaceAll("\n", " ");

function renderMarkdown(report: VerifyReport): string {
  const rows = report.results.map(
    (result) => `| \`${result.probe.id}\` | ${cell(result.rack)} | ${cell(result.predicted)} | ${result.match ? "match" : "**differ**"} |`,
  );
  const differences = differenceLines(report, (id, difference) => `- \`${id}\`: ${cell(difference)}`);
  return [
    "## system-update verify",
    "",
    headline(report),
    "",
    "| Probe | Rack | Predicted | Verdict |",
    "|---|---|---|---|",
    ...rows,
    ...(differences.length > 0 ? ["", "### Differences", "", ...differences] : []),
    "",
  ].join("\n");
}

function renderJson(report: VerifyReport): string {
  const document = {
    source: report.source,
    mode: report.mode,
    apiVersion: report.apiVersion,
    requests: report.exchanges.length,
    differences: differencesIn(report),
    notes: report.notes,
    probes: report.results.map((result) => ({
      id: result.probe.id,
      title: result.probe.title,
      match: result.match,
      rack: result.rack,
      predicted: result.predicted,
      differences: result.differences,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function renderReport(report: VerifyReport, format: ReportFormat): string {
  if (format === "markdown") return renderMarkdown(report);
  if (format === "json") return renderJson(report);
  return renderText(report);
}

/** `--list`: every probe, its request and why it cannot change the rack; nothing is sent. */
export function renderCatalogue(format: ReportFormat): string {
  if (format === "json") {
    const probes = CATALOGUE.map(({ id, title, safe, kind, needsToken, request }) => ({
      id,
      title,
      safe,
      kind,
      needsToken: needsToken === true,
      request,
    }));
    return `${JSON.stringify(probes, null, 2)}\n`;
  }
  // A long query value (the oversized page token) is shown by its start and length.
  const target = (text: string) =>
    text.replace(/=([^&]{41,})/g, (_, value: string) => `=${value.slice(0, 8)}…(${value.length} characters)`);
  const line = ({ request }: (typeof CATALOGUE)[number]) =>
    `${request.method} ${target(request.target)}${request.apiVersion === "run" ? "" : ` (api-version ${request.apiVersion ?? "none"})`}` +
    `${request.body === undefined ? "" : ` body ${JSON.stringify(request.body)}`}${request.auth === "token" ? "" : ` (credentials: ${request.auth})`}`;
  if (format === "markdown") {
    const rows = CATALOGUE.map((probe) => `| \`${probe.id}\` | \`${cell(line(probe))}\` | ${cell(probe.safe)} |`);
    return ["| Probe | Request | Why it cannot change the rack |", "|---|---|---|", ...rows, ""].join("\n");
  }
  const rows = [["PROBE", "REQUEST", "WHY IT CANNOT CHANGE THE RACK"], ...CATALOGUE.map((probe) => [probe.id, line(probe), probe.safe])];
  return `${textTable(rows)}\n\n${CATALOGUE.length} probes; credential probes only with --token.\n`;
}
