/**
 * Query strings and page tokens as dropshot 0.17.1 reads them (serde_urlencoded pairs into
 * `PaginationParams`, tokens through serde_json into `SerializedToken<PageSelector>`), through the core:
 * each cause of the issue-20 replay's differences as a case, then a property test against a model of the
 * rules written here, over repeated keys, raw bytes, fragments and tokens built with known validity.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePageToken } from "../../mocks/core/dropshot/pagination.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";
import { createMockCore } from "../../mocks/core/mock.js";
import { prepareUpload } from "../../mocks/core/operations/repositories.js";
import { makeContext } from "../support/context.js";

const LIST = "/v1/system/update/repositories";
const PREFIX = "unable to parse query string: ";
const CORRUPTED = `${PREFIX}failed to parse pagination token: corrupted token`;
const core = createMockCore();

function list(query: string): { status: number; body: { message?: string; items?: { system_version: string }[] } } {
  const answer = core.handle({ method: "GET", url: `${LIST}?${query}`, headers: headersFrom({}), body: null });
  if (answer instanceof Promise || answer.body === null) throw new Error("the list answers at once, with a body");
  return { status: answer.status, body: JSON.parse(answer.body) as { message?: string } };
}
const messageOf = (query: string) => list(query).body.message;
const versionsOf = (query: string) => list(query).body.items?.map((item) => item.system_version);

const utf8 = new TextEncoder();
const b64 = (bytes: Uint8Array | string) =>
  btoa(String.fromCharCode(...(typeof bytes === "string" ? utf8.encode(bytes) : bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_");
const concat = (...parts: (string | Uint8Array)[]) =>
  Uint8Array.from(parts.flatMap((part) => [...(typeof part === "string" ? utf8.encode(part) : part)]));

const ALL = versionsOf("sort_by=version_ascending") ?? [];
const FIRST = ALL[0] ?? "";

describe("query strings", () => {
  it("has repositories to page through", () => expect(ALL.length).toBeGreaterThan(1));

  it("reads a repeated limit's first value before noticing the repeat", () => {
    expect(messageOf("limit=0&limit=5")).toBe(`${PREFIX}invalid value: integer \`0\`, expected a nonzero u32`);
    expect(messageOf("limit=x&limit=5")).toBe(`${PREFIX}invalid digit found in string`);
    expect(messageOf("limit=5&limit=0")).toBe(`${PREFIX}duplicate field \`limit\``);
  });

  it("keeps a second leading `?` in the first key's name", () => {
    expect(list("?limit=0").status).toBe(200);
    expect(messageOf("?limit=1&limit=0")).toBe(`${PREFIX}invalid value: integer \`0\`, expected a nonzero u32`);
  });

  it("drops a fragment", () => {
    expect(versionsOf("limit=1#limit=0")).toHaveLength(1);
    expect(list("#limit=0").status).toBe(200);
  });

  it("reads raw UTF-8 as text (what hyper passes on), and decodes bytes that are not UTF-8 lossily", () => {
    expect(messageOf("sort_by=é")).toBe(`${PREFIX}unknown variant \`é\`, expected \`version_ascending\` or \`version_descending\``);
    expect(messageOf("sort_by=%C3%A9")).toBe(messageOf("sort_by=é"));
    expect(messageOf("sort_by=%E0")).toBe(
      `${PREFIX}unknown variant \`\u{fffd}\`, expected \`version_ascending\` or \`version_descending\``,
    );
    expect(messageOf("sort_by=%EF%BB%BFx+y%zz")).toBe(
      `${PREFIX}unknown variant \`\u{feff}x y%zz\`, expected \`version_ascending\` or \`version_descending\``,
    );
  });

  it("reads the upload's file_name the same way", () => {
    const fileName = (query: string) => {
      const prepared = prepareUpload(makeContext({ query, role: "admin" }));
      return prepared.ok ? prepared.value : (JSON.parse(prepared.response.body ?? "{}") as { message: string }).message;
    };
    expect(fileName("file_name=é.zip")).toBe("é.zip");
    expect(fileName("?file_name=a")).toBe(`${PREFIX}missing field \`file_name\``);
    expect(fileName("file_name=a&file_name=b")).toBe(`${PREFIX}duplicate field \`file_name\``);
    expect(fileName("file_name=a#b")).toBe("a#b");
  });
});

describe("page tokens", () => {
  const start = (extra = "") => `{"sort_by":"version_ascending","last_seen":"${FIRST}"${extra}}`;
  const token = (json: Uint8Array | string) => list(`page_token=${b64(json)}`);
  const accepted = (json: Uint8Array | string) => expect(token(json).body.items?.[0]?.system_version).toBe(ALL[1]);
  const refused = (json: Uint8Array | string) => expect(token(json).body.message).toBe(CORRUPTED);

  it("takes enums written as one-key maps and the token struct written as an array", () => {
    accepted(`{"v":{"v1":null},"page_start":{"sort_by":{"version_ascending":null},"last_seen":"${FIRST}"}}`);
    accepted(`["v1",${start()}]`);
    refused(`{"v":{"v1":1},"page_start":${start()}}`);
    refused(`["v1"]`);
    refused(`["v1",${start()},1]`);
    // The page selector has a flattened field: serde reads it as a map only.
    refused(`{"v":"v1","page_start":["version_ascending","${FIRST}"]}`);
  });

  it("refuses repeated fields, also inside the flattened scan parameters", () => {
    refused(`{"v":"v1","v":"v1","page_start":${start()}}`);
    refused(`{"v":"v1","page_start":${start(`,"last_seen":"${FIRST}"`)}}`);
    refused(`{"v":"v1","page_start":${start(',"sort_by":"version_ascending"')}}`);
    accepted(`{"v":"v1","x":1,"x":2,"page_start":${start()}}`);
  });

  it("checks unknown keys of the flattened selector fully, and skips the token's own unknown keys", () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const badUtf8 = concat('"', Uint8Array.of(0xff), '"');
    for (const [value, inSelector] of [
      [deep(130), false],
      [deep(3), true],
      ['"\\ud800"', false],
      ["1e400", false],
      [badUtf8, false],
    ] as const) {
      const top = concat(`{"v":"v1","x":`, value, `,"page_start":${start()}}`);
      const inner = concat(`{"v":"v1","page_start":{"x":`, value, `,"sort_by":"version_ascending","last_seen":"${FIRST}"}}`);
      accepted(top);
      if (inSelector) accepted(inner);
      else refused(inner);
    }
  });

  it("keeps serde_json's limits: no BOM, only whitespace after the value", () => {
    refused(`\u{feff}{"v":"v1","page_start":${start()}}`);
    accepted(` {"v":"v1","page_start":${start()}} \n`);
    refused(`{"v":"v1","page_start":${start()}}x`);
  });
});

/** One generated token: its JSON bytes and what dropshot makes of it (null: corrupted). */
interface TokenCase {
  readonly bytes: Uint8Array;
  readonly page: { readonly mode: string; readonly lastSeen: string } | null;
}

// Valid choices repeat, so that about a fifth of the tokens are valid.
const versionField = fc.constantFrom(
  ['"v1"', true],
  ['"v1"', true],
  ['{"v1":null}', true],
  ['{"v1":null}', true],
  ['{"v1":0}', false],
  ['"v2"', false],
  ['{"v1":null,"v1":null}', false],
);
const sortField = fc.constantFrom(
  [undefined, "version_descending"],
  ['"version_ascending"', "version_ascending"],
  ['"version_ascending"', "version_ascending"],
  [' { "version_ascending" : null } ', "version_ascending"],
  ['{"version_descending":null}', "version_descending"],
  ['{"version_descending":[]}', null],
  ['"VERSION_ASCENDING"', null],
) as fc.Arbitrary<[string | undefined, string | null]>;
const lastSeenField = fc.constantFrom(
  [`"${FIRST}"`, FIRST],
  [`"${FIRST}"`, FIRST],
  [`"${FIRST}"`, FIRST],
  ['"1.2"', null],
  ["7", null],
  [undefined, null],
) as fc.Arbitrary<[string | undefined, string | null]>;
/** An unknown key's value: [JSON bytes, valid when buffered by the flattened selector]. */
const unknownValue = fc.constantFrom<[string | Uint8Array, boolean]>(
  ["1", true],
  ["[[{}]]", true],
  ['"\\ud800"', false],
  ["1e400", false],
  [concat('"', Uint8Array.of(0xc3), '"'), false],
  [`${"[".repeat(130)}${"]".repeat(130)}`, false],
);

const tokenCase: fc.Arbitrary<TokenCase> = fc
  .record({
    v: versionField,
    sort: sortField,
    lastSeen: lastSeenField,
    inner: fc.option(unknownValue, { nil: undefined }),
    outer: fc.option(unknownValue, { nil: undefined }),
    asArray: fc.boolean(),
    bom: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .map(({ v, sort, lastSeen, inner, outer, asArray, bom }) => {
    const fields: (string | Uint8Array)[][] = [];
    if (inner) fields.push(['"x":', inner[0]]);
    if (sort[0] !== undefined) fields.push([`"sort_by":${sort[0]}`]);
    if (lastSeen[0] !== undefined) fields.push([`"last_seen":${lastSeen[0]}`]);
    const selector = concat("{", ...fields.flatMap((field, i) => (i === 0 ? field : [",", ...field])), "}");
    const body = asArray
      ? concat("[", v[0], ",", selector, "]")
      : concat("{", ...(outer ? ['"extra":', outer[0], ","] : []), '"v":', v[0], ',"page_start":', selector, "}");
    const valid = v[1] && sort[1] !== null && lastSeen[1] !== null && (inner === undefined || inner[1]) && !bom;
    return {
      bytes: bom ? concat("\u{feff}", body) : body,
      page: valid ? { mode: sort[1] as string, lastSeen: lastSeen[1] as string } : null,
    };
  });

/** Tokens drawn once (seeded), so the model can look up what each one is. */
const TOKENS: ReadonlyMap<string, TokenCase["page"]> = new Map(
  fc.sample(tokenCase, { numRuns: 400, seed: 20 }).map((t) => [b64(t.bytes), t.page] as const),
);

/** A query part's raw text: limits, sort modes and tokens, raw and percent-encoded bytes, odd names. */
const queryPart = fc.oneof(
  fc.constantFrom("0", "1", "2", "+2", "abc", "", "4294967296", "%32").map((value) => `limit=${value}`),
  fc
    .constantFrom("version_ascending", "version_descending", "nope", "é", "%C3%A9", "%E9", "version%5Fascending")
    .map((value) => `sort_by=${value}`),
  fc.constantFrom(...TOKENS.keys()).map((token) => `page_token=${token}`),
  fc.constantFrom("foo=1", "?limit=0", "%6Cimit=1", "limit+=0", "", "=", "limit", "sort_by", "x=\u00e9%ZZ"),
);

interface ModelResult {
  readonly error?: string;
  readonly page?: { readonly limit: number; readonly mode: string; readonly lastSeen: string | null };
}

/** The rules, stated plainly and independently of the mock's code. */
function model(query: string, tokens: ReadonlyMap<string, TokenCase["page"]>): ModelResult {
  const kept = query.split("#")[0] ?? "";
  const decode = (text: string) => {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const hex = /^%[0-9a-fA-F]{2}/.exec(text.slice(i));
      if (hex) {
        bytes.push(parseInt(hex[0].slice(1), 16));
        i += 2;
      } else bytes.push(...utf8.encode(text[i] === "+" ? " " : (text[i] as string)));
    }
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(Uint8Array.from(bytes));
  };
  let limit: number | undefined;
  const others = new Map<string, string>();
  for (const piece of kept.split("&").filter((p) => p !== "")) {
    const at = piece.includes("=") ? piece.indexOf("=") : piece.length;
    const [name, value] = [decode(piece.slice(0, at)), decode(piece.slice(at + 1))];
    if (name !== "limit") {
      others.set(name, value);
      continue;
    }
    if (limit !== undefined) return { error: "duplicate field `limit`" };
    if (value === "") return { error: "cannot parse integer from empty string" };
    if (!/^\+?[0-9]+$/.test(value)) return { error: "invalid digit found in string" };
    if (Number(value) > 0xffffffff) return { error: "number too large to fit in target type" };
    if (Number(value) === 0) return { error: "invalid value: integer `0`, expected a nonzero u32" };
    limit = Number(value);
  }
  const pageLimit = limit ?? 100;
  const token = others.get("page_token");
  if (token !== undefined) {
    if (utf8.encode(token).length > 512) return { error: "failed to parse pagination token: too large" };
    const page = tokens.get(token);
    if (page === undefined) throw new Error(`the model knows only generated tokens: ${token}`);
    return page === null ? { error: "failed to parse pagination token: corrupted token" } : { page: { limit: pageLimit, ...page } };
  }
  const sortBy = others.get("sort_by") ?? "version_descending";
  if (sortBy !== "version_ascending" && sortBy !== "version_descending") {
    return { error: `unknown variant \`${sortBy}\`, expected \`version_ascending\` or \`version_descending\`` };
  }
  return { page: { limit: pageLimit, mode: sortBy, lastSeen: null } };
}

describe("query rules (property)", () => {
  it("answers every generated query as the model of dropshot's rules says", () => {
    fc.assert(
      fc.property(
        fc.array(queryPart, { maxLength: 5 }),
        fc.option(fc.array(queryPart, { maxLength: 2 }), { nil: undefined }),
        fc.boolean(),
        (parts, fragment, extraMark) => {
          const query = `${extraMark ? "?" : ""}${parts.join("&")}${fragment ? `#${fragment.join("&")}` : ""}`;
          const expected = model(query, TOKENS);
          const actual = list(query);
          if (expected.error !== undefined) {
            expect(actual.body.message, query).toBe(PREFIX + expected.error);
            return;
          }
          const page = expected.page;
          if (page === undefined) throw new Error("the model gives an error or a page");
          const canonical = `limit=${page.limit}&${
            page.lastSeen === null ? `sort_by=${page.mode}` : `page_token=${encodePageToken(page.mode, page.lastSeen)}`
          }`;
          expect(actual.status, query).toBe(200);
          expect(versionsOf(query), query).toEqual(versionsOf(canonical));
        },
      ),
      { numRuns: 1500, seed: 20 },
    );
  });

  it("draws tokens of every kind: valid ones of each mode, corrupted and too large ones", () => {
    const pages = [...TOKENS.values()];
    expect(pages.filter((page) => page?.mode === "version_ascending").length).toBeGreaterThan(5);
    expect(pages.filter((page) => page?.mode === "version_descending").length).toBeGreaterThan(5);
    expect(pages.filter((page) => page === null).length).toBeGreaterThan(50);
    expect([...TOKENS.keys()].some((token) => token.length > 512)).toBe(true);
  });
});
