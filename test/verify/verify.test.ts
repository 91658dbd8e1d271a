/**
 * `system-update verify` against the standalone mock (in-process, on a free port): no difference, only
 * catalogue requests in the mock's journal and the rack unchanged; then drift the tool must catch, each
 * difference named: a refusal message overridden, a status changed, a rack speaking an older api-version.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSIONS } from "../../generated/index.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { MISSING_TRUST_ROOT, probesFor } from "../../mocks/verify/catalogue.js";
import { verifyRack, type VerifyReport } from "../../mocks/verify/verify.js";

const FAST = { maxRps: 1000 };
let server: RunningMockServer;

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

const differing = (report: VerifyReport) =>
  Object.fromEntries(report.results.filter((result) => !result.match).map((result) => [result.probe.id, result.differences]));

interface JournalLine {
  method: string;
  path: string;
  query: string;
}

async function control<T>(path: string, session: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${server.url}/__mock/${path}`, { ...init, headers: { "x-mock-session": session } });
  expect(response.ok).toBe(true);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** A fetch that puts every request in one mock session, so each test reads its own journal. */
const inSession =
  (session: string, rewrite: (request: Request) => Request = (request) => request) =>
  (request: Request): Promise<Response> => {
    const sent = rewrite(request);
    sent.headers.set("x-mock-session", session);
    return fetch(sent);
  };

describe("verify against the standalone mock", () => {
  it("finds no difference; only catalogue requests arrive and the rack does not change", async () => {
    const session = "verify-clean";
    await control("reset", session, { method: "POST" });
    const before = await control<unknown>("state", session);
    const report = await verifyRack({ url: server.url, apiVersion: API_VERSIONS[3], limits: FAST, fetch: inSession(session) });
    expect(differing(report)).toEqual({});
    expect(report.results.map((result) => result.probe.id)).toEqual(probesFor(false).map((probe) => probe.id));

    const journal = await control<JournalLine[]>("requests", session);
    const arrived = journal.map((entry) => `${entry.method} ${entry.path}${entry.query === "" ? "" : `?${entry.query}`}`);
    // Each is a probe of the catalogue as written, or a GET of a listing probe's next page.
    const catalogue = probesFor(false).map((probe) => `${probe.request.method} ${probe.request.target}`);
    const listings = probesFor(false)
      .filter((probe) => probe.kind === "pages")
      .map((probe) => probe.request.target.split("?")[0]);
    const foreign = arrived.filter((line) => {
      const nextPage = /^GET ([^?]+)\?(limit=\d+&)?page_token=[\w%-]+$/.exec(line);
      return !catalogue.includes(line) && !(nextPage !== null && listings.includes(nextPage[1]));
    });
    expect(foreign).toEqual([]);
    expect(arrived.length).toBe(report.exchanges.length);
    expect(await control<unknown>("state", session)).toEqual(before);
  });

  it("names a refusal message that drifted, and only that probe differs", async () => {
    // Once: the first repository view is the missing-repository probe.
    server.core.override(
      "system_update_repository_view",
      () => ({ status: 404, error: { error_code: "ObjectNotFound", message: "not found: repository" } }),
      { times: 1 },
    );
    const report = await verifyRack({ url: server.url, apiVersion: API_VERSIONS[3], limits: FAST });
    expect(differing(report)).toEqual({
      "repository-missing": [`message: rack "not found: repository", predicted "not found: tuf-repo with id \\"0.0.0-verify.missing\\""`],
    });
  });

  it("names a status code that drifted, and only that probe differs", async () => {
    const message = `not found: tuf-trust-root with id "${MISSING_TRUST_ROOT}"`;
    server.core.override("system_update_trust_root_view", () => ({ status: 400, error: { error_code: "ObjectNotFound", message } }), {
      times: 1,
    });
    const report = await verifyRack({ url: server.url, apiVersion: API_VERSIONS[3], limits: FAST });
    expect(differing(report)).toEqual({ "trust-root-missing": ["status: rack 400, predicted 404"] });
  });

  it("names what differs when the rack speaks an older api-version than it is asked for", async () => {
    const oldest = API_VERSIONS[0];
    // A rack on an older release: it answers every well-formed version as its own.
    const olderRack = (request: Request) => {
      const asked = request.headers.get("api-version");
      if (asked !== null && /^\d+\.\d+\.\d+$/.test(asked) && asked < "2099") request.headers.set("api-version", oldest);
      return request;
    };
    const report = await verifyRack({
      url: server.url,
      apiVersion: API_VERSIONS[3],
      limits: FAST,
      fetch: inSession("verify-old", olderRack),
    });
    const drift = differing(report);
    expect(drift["status"]).toEqual([`body lacks the field contact_support (schema of ${API_VERSIONS[3]})`]);
    expect(drift["recovery-finish-missing-field"]).toEqual([
      "status: rack 404, predicted 400",
      `message: rack "Not Found", predicted "unable to parse JSON body: missing field \`system_version\` at line 1 column 2"`,
    ]);
    expect(drift["target-release-missing-field"]).toBeUndefined();
  });

  it("says so when the rack is on a release that lacks the api-version asked for", async () => {
    // dropshot's refusal of a version newer than the server's newest, here 2026052000.0.0.
    const olderRelease = (request: Request): Promise<Response> => {
      const asked = request.headers.get("api-version");
      if (asked === null || !/^\d+\.\d+\.\d+$/.test(asked) || asked <= API_VERSIONS[2]) return fetch(request);
      const message = `server does not support this API version: ${asked}`;
      return Promise.resolve(Response.json({ request_id: crypto.randomUUID(), message }, { status: 400 }));
    };
    const report = await verifyRack({ url: server.url, apiVersion: API_VERSIONS[3], limits: FAST, fetch: olderRelease });
    expect(report.notes).toEqual([
      `the rack does not support api-version ${API_VERSIONS[3]}: run again with --api-version set to a version it has`,
    ]);
    expect(differing(report)["status"]).toEqual(["status: rack 400, predicted 200"]);
    const again = await verifyRack({ url: server.url, apiVersion: API_VERSIONS[2], limits: FAST, fetch: olderRelease });
    expect([again.notes, differing(again)]).toEqual([[], {}]);
  });

  it("reports a probe that gets no answer once, without retrying it", async () => {
    const calls: string[] = [];
    const hangOnStatus = (request: Request): Promise<Response> => {
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      if (
        !request.url.endsWith("/status") ||
        request.headers.get("api-version") !== API_VERSIONS[3] ||
        request.headers.has("authorization")
      )
        return fetch(request);
      return new Promise((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    };
    const report = await verifyRack({
      url: server.url,
      apiVersion: API_VERSIONS[3],
      limits: { ...FAST, timeoutMs: 100 },
      fetch: hangOnStatus,
    });
    expect(differing(report)["status"]).toEqual(["no answer (no answer within 100 ms (--timeout))"]);
    expect(report.exchanges.length).toBe(calls.length);
  });
});
