/** Uuids as the `uuid` crate (1.x) parses them, with its error texts (serde reports them in path variables). */

/**
 * `Uuid::from_str` of the uuid crate (1.x): simple, hyphenated, braced and URN forms, any case; the
 * result is the lowercase hyphenated text. A failure carries the crate's `Display` text.
 */
export function parseUuid(text: string): { ok: true; uuid: string } | { ok: false; message: string } {
  const bytes = new TextEncoder().encode(text);
  let inner = text;
  if (bytes.length === 38 && text.startsWith("{") && text.endsWith("}")) inner = text.slice(1, -1);
  else if (bytes.length === 45 && text.startsWith("urn:uuid:")) inner = text.slice(9);
  const simple = bytes.length === 32 && /^[0-9a-fA-F]{32}$/.test(text);
  const hyphenated = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(inner) && inner.length === 36;
  if (simple || (hyphenated && (inner !== text || bytes.length === 36))) {
    const hex = (simple ? text : inner).replaceAll("-", "").toLowerCase();
    return { ok: true, uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  }
  return { ok: false, message: uuidError(inner !== text ? inner : text) };
}

/** `InvalidUuid::into_err`: which of the crate's messages a bad input gets (indexes are 1-based bytes). */
function uuidError(input: string): string {
  const inputLength = new TextEncoder().encode(input).length;
  let body = input;
  let offset = 0;
  let simple = true;
  if (input.startsWith("{") && input.endsWith("}") && input.length >= 2) [body, offset, simple] = [input.slice(1, -1), 1, false];
  else if (input.startsWith("urn:uuid:")) [body, offset, simple] = [input.slice(9), 9, false];
  const bounds: number[] = [];
  let hyphens = 0;
  let index = 0;
  for (const ch of body) {
    if (ch === "-") {
      if (hyphens < 4) bounds.push(index);
      hyphens += 1;
    } else if (!/^[0-9a-fA-F]$/.test(ch)) {
      return `invalid character: found \`${ch}\` at ${index + offset + 1}`;
    }
    index += new TextEncoder().encode(ch).length;
  }
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${inputLength}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const starts = [0, 9, 14, 19, 24];
  const expected = [8, 4, 4, 4, 12];
  for (let group = 0; group < 4; group++) {
    const bound = bounds[group] ?? 0;
    if (bound !== (starts[group + 1] ?? 0) - 1) {
      // usize arithmetic: a hyphen before the group's start wraps around, as in a release build.
      const length = BigInt.asUintN(64, BigInt(bound - (starts[group] ?? 0)));
      return `invalid group length in group ${group}: expected ${expected[group]}, found ${length}`;
    }
  }
  return `invalid group length in group 4: expected 12, found ${inputLength - 24}`;
}
