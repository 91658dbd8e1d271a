/**
 * How listings are judged, one inconsistency at a time: a "rack" that is the mock core itself (three
 * repositories, the default scenario's trust root) answers the catalogue, then one of its answers is
 * changed the way a drifting server would, and the report must name exactly that.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { LATEST_API_VERSION } from "../../generated/index.js";
import { createMockCore } from "../../mocks/core/mock.js";
import { probesFor } from "../../mocks/verify/catalogue.js";
import type { Exchange } from "../../mocks/verify/exchange.js";
import { DEFAULT_VERIFY_LIMITS } from "../../mocks/verify/limits.js";
import { sendProbes } from "../../mocks/verify/transport.js";
import { judgeExchanges } from "../../mocks/verify/verify.js";

const REPOSITORIES = ["1.0.0", "2.0.0", "3.0.0"].map((version, index) => ({
  system_version: version,
  file_name: `repo-${version}.zip`,
  hash: String(index + 1).repeat(64),
  time_created: "2026-08-01T00:00:00.000Z",
}));

const probes = probesFor(false);
let exchanges: Exchange[];

beforeAll(async () => {
  const rack = createMockCore();
  rack.setState({ ...rack.getState(), repositories: REPOSITORIES });
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
    const answer = await rack.handle({ method: request.method, url: `${url.pathname}${url.search}`, headers: request.headers, body });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  const connection = { baseUrl: "https://rack.test", token: undefined, apiVersion: LATEST_API_VERSION, fetch };
  exchanges = await sendProbes({ ...connection, limits: { ...DEFAULT_VERIFY_LIMITS, maxRps: 1000 } }, probes);
});

/** The differences of each differing probe, once `change` has edited the body of page `page` of `probe`. */
async function judgeWith(probe: string, page: number, change: (body: { items: unknown[]; next_page: string | null }) => void) {
  const pages = exchanges.filter((exchange) => exchange.probe === probe);
  const target = pages[page - 1];
  if (target === undefined) throw new Error(`${probe} has no page ${page}`);
  const body = JSON.parse(target.answer.body) as { items: unknown[]; next_page: string | null };
  change(body);
  const edited = exchanges.map((exchange) =>
    exchange === target ? { ...exchange, answer: { ...exchange.answer, body: JSON.stringify(body) } } : exchange,
  );
  const report = await judgeExchanges({ source: "test", mode: "replay", apiVersion: LATEST_API_VERSION }, probes, edited, false);
  return Object.fromEntries(report.results.filter((result) => !result.match).map((result) => [result.probe.id, result.differences]));
}

describe("listings", () => {
  it("match as the mock answers them: three repositories over two-item pages, in both orders", async () => {
    expect(await judgeWith("repositories-ascending", 1, () => undefined)).toEqual({});
    expect(exchanges.filter((exchange) => exchange.probe === "repositories-ascending")).toHaveLength(3);
  });

  it("name repository pages in another order", async () => {
    expect(await judgeWith("repositories-ascending", 1, (body) => body.items.reverse())).toEqual({
      "repositories-ascending": ["page 1: items: rack [2.0.0, 1.0.0], predicted [1.0.0, 2.0.0]"],
    });
  });

  it("name a page token that is not the predicted one", async () => {
    const drift = await judgeWith("repositories-descending", 1, (body) => (body.next_page = "eyJ2IjoidjEifQ=="));
    expect(drift["repositories-descending"]?.[0]).toMatch(/^page 1: next_page: rack "eyJ2IjoidjEifQ==", predicted "[\w=-]+"$/);
  });

  it("name a trust root listed twice", async () => {
    const drift = await judgeWith("trust-roots", 1, (body) => body.items.push(body.items[0]));
    expect(drift["trust-roots"]).toEqual([expect.stringMatching(/^items listed twice: [0-9a-f-]{36}$/)]);
  });

  it("name a non-empty page without a next page", async () => {
    expect(await judgeWith("trust-roots", 1, (body) => (body.next_page = null))).toEqual({
      "trust-roots": ["page 1: a non-empty page without next_page"],
    });
  });

  it("name pages that do not add up to the unpaged listing", async () => {
    const other = { id: "ffffffff-0000-4000-8000-000000000000", root_role: {}, time_created: "2026-08-01T00:00:00Z" };
    const drift = await judgeWith("trust-roots-paged", 1, (body) => (body.items = [other]));
    expect(drift["trust-roots-paged"]?.[0]).toMatch(
      /^items differ from the unpaged listing: \[ffffffff-0000-4000-8000-000000000000\] against \[/,
    );
  });

  it("name trust roots out of id order", async () => {
    const low = { id: "00000000-0000-4000-8000-000000000000", root_role: {}, time_created: "2026-08-01T00:00:00Z" };
    const drift = await judgeWith("trust-roots", 1, (body) => body.items.push(low));
    expect(drift["trust-roots"]).toEqual([expect.stringMatching(/^items not in ascending id order: /)]);
  });
});
