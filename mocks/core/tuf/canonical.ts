/**
 * OLPC canonical JSON, what tough signs (olpc-cjson): `@tufjs/canonical-json` writes each value; a large
 * map (a repository's targets) is assembled here entry by entry, yielding between time slices, so that a
 * `targets.json` at tough's 10 MiB limit does not hold the event loop (BENCHMARKS.md, "TUF verification").
 * Keys sort by UTF-16 code units, as that library sorts; olpc-cjson sorts by UTF-8 bytes, which differs
 * only between characters above U+FFFF and those in U+E000..U+FFFF.
 */
import { canonicalize } from "@tufjs/canonical-json";
import { nextTask, sliceDeadline } from "../protocol/slices.js";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A field written in slices, each of its entries first passed through `entry`. */
export interface LargeField {
  readonly key: string;
  entry(value: unknown): unknown;
}

/** The canonical text of a map, one entry at a time. */
async function canonicalMap(map: Record<string, unknown>, entry: (value: unknown) => unknown): Promise<string> {
  const parts: string[] = [];
  let sliceOver = sliceDeadline();
  for (const key of Object.keys(map).sort()) {
    if (sliceOver()) {
      await nextTask();
      sliceOver = sliceDeadline();
    }
    parts.push(`${canonicalize(key)}:${canonicalize(entry(map[key]))}`);
  }
  return `{${parts.join(",")}}`;
}

/** The canonical bytes of `document`, whose field `large` (a map) is written in slices. */
export async function canonicalBytes(document: Record<string, unknown>, large?: LargeField): Promise<Uint8Array> {
  const parts: string[] = [];
  for (const key of Object.keys(document).sort()) {
    const value = document[key];
    const text = key === large?.key && isRecord(value) ? await canonicalMap(value, large.entry) : canonicalize(value);
    parts.push(`${canonicalize(key)}:${text}`);
  }
  return new TextEncoder().encode(`{${parts.join(",")}}`);
}
