/** Request headers for the mock core, read straight from node's parser output. */
import type { MockHeaders } from "../core/protocol/message.js";

/**
 * Header lookup straight from the parser's `rawHeaders` (name, value, name, value, ...): reading
 * `request.headers` would make node build a whole header object per request for the few the core and
 * the guard read. Duplicates follow node's rules for the headers read here: the first `content-type`,
 * `content-length`, `authorization` or `host` wins, other repeats are joined with ", ". A class, so no
 * closure per request.
 */
/** Headers node keeps the first of (`matchKnownFields` in node's `_http_incoming`), among those read here. */
const FIRST_WINS: ReadonlySet<string> = new Set(["content-type", "content-length", "authorization", "host"]);

export class RawHeaders implements MockHeaders {
  constructor(private readonly raw: readonly string[]) {}
  get(name: string): string | null {
    const wanted = name.toLowerCase();
    const firstWins = FIRST_WINS.has(wanted);
    let found: string | null = null;
    for (let i = 0; i < this.raw.length; i += 2) {
      const key = this.raw[i] as string;
      if (key.length !== wanted.length || (key !== wanted && key.toLowerCase() !== wanted)) continue;
      const value = this.raw[i + 1] as string;
      if (found === null) found = value;
      else if (firstWins) break;
      else found = `${found}, ${value}`;
    }
    return found;
  }
}
