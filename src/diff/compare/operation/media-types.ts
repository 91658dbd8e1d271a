// The `content` of a parameter, a request body or a response: media types matched by name (case aside),
// each one's examples and schema compared. One media type removed and one added at once is read as a
// change of media type, with the two schemas compared.
import { isObject, jsonEqual, own, type JsonObject } from "../../model/json.js";
import { place, type RawChange } from "../findings.js";
import type { SchemaComparer } from "../schema/compare.js";
import type { Side } from "../../types.js";

const JSON_MEDIA = "application/json";

/** Media types in `area`, on `side`; a change inside one is in `area (media)` unless it is the only or the JSON one. */
export function compareContent(
  schemas: SchemaComparer,
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  area: string,
  side: Side,
): RawChange[] {
  const [b, a] = [byMediaType(before), byMediaType(after)];
  const removed = [...b.keys()].filter((media) => !a.has(media));
  const added = [...a.keys()].filter((media) => !b.has(media));
  const out: RawChange[] = [];
  const named = (media: string): string => (media === JSON_MEDIA || (b.size <= 1 && a.size <= 1) ? area : `${area} (${media})`);
  const pairs: [string, string][] = [...b.keys()].filter((media) => a.has(media)).map((media) => [media, media]);
  if (removed.length === 1 && added.length === 1) {
    const [from = "", to = ""] = [removed[0], added[0]];
    out.push({
      rule: "media-type-changed",
      effect: "incompatible",
      side,
      area,
      at: ["content"],
      description: `media type \`${from}\` → \`${to}\``,
      before: from,
      after: to,
    });
    pairs.push([from, to]);
  } else {
    const listed = [...removed.map((media) => ({ media, gone: true })), ...added.map((media) => ({ media, gone: false }))];
    for (const { media, gone } of listed) {
      out.push({
        rule: gone ? "media-type-removed" : "media-type-added",
        effect: gone ? "removes" : "additive",
        side,
        area: `${area} (${media})`,
        at: ["content", media],
        description: `media type \`${media}\` ${gone ? "removed" : "added"}`,
      });
    }
  }
  for (const [from, to] of pairs) {
    const [bm, am] = [b.get(from), a.get(to)];
    for (const key of ["example", "examples"] as const) {
      if (!jsonEqual(own(bm, key), own(am, key)))
        out.push({ rule: `${key}-changed`, effect: "documentation", area: named(to), at: [key], description: `${key} changed` });
    }
    out.push(...place(schemas.compare(own(bm, "schema"), own(am, "schema")), named(to), side, ["schema"]));
  }
  return out;
}

/** Media types by lower-case name, each an object. */
function byMediaType(content: JsonObject | undefined): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  for (const media of Object.keys(content ?? {})) {
    const value = own(content, media);
    map.set(media.toLowerCase(), isObject(value) ? value : {});
  }
  return map;
}
