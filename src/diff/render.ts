// One entry point for the three formats.
import { renderMarkdown } from "./render-markdown.js";
import { renderText } from "./render-text.js";
import type { DiffFormat, SpecDiff } from "./types.js";

export interface RenderOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
  /** Most lines and characters of the full document diff in Markdown. */
  maxDiffLines?: number;
  maxDiffChars?: number;
}

export function renderDiff(diff: SpecDiff, format: DiffFormat = "markdown", options: RenderOptions = {}): string {
  switch (format) {
    case "markdown":
      return renderMarkdown(diff, options);
    case "text":
      return renderText(diff, { color: options.color ?? false });
    case "json":
      return `${JSON.stringify(diff, null, 2)}\n`;
  }
}
