// One entry point for the three formats.
import { renderMarkdown } from "./render-markdown.js";
import { renderText } from "./render-text.js";
import type { DiffFormat, SpecDiff } from "./types.js";

export interface RenderOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
  /** Most characters of the Markdown (GitHub's comment limit, 65,536); `Infinity` for the full report. */
  maxChars?: number;
  /** The command that writes the full report, named in the Markdown's truncation note. */
  fullReportHint?: string;
}

export function renderDiff(diff: SpecDiff, format: DiffFormat = "markdown", options: RenderOptions = {}): string {
  switch (format) {
    case "markdown":
      return renderMarkdown(diff, {
        ...(options.maxChars === undefined ? {} : { maxChars: options.maxChars }),
        ...(options.fullReportHint === undefined ? {} : { fullReportHint: options.fullReportHint }),
      });
    case "text":
      return renderText(diff, { color: options.color ?? false });
    case "json":
      return `${JSON.stringify(diff, null, 2)}\n`;
  }
}
