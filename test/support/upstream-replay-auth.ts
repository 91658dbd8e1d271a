/**
 * Upstream's `unauthorized.rs::test_unauthorized`, replayed for this API's entries of `endpoints.rs`
 * (docs/upstream-tests.md). Against a mock with auth on: every method on every URL as a user without a
 * fleet role, without credentials and with bogus credentials, each answer checked as `verify_response`
 * does, and each readable resource unchanged afterwards. TRACE is left out: fetch refuses to send it.
 */
import { describe, expect, it } from "vitest";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { GOLDEN_AUTH } from "./golden-cases.js";
import { fakeRepository, upstreamClient, type Answer } from "./upstream-client.js";

type Method = "GET" | "PUT" | "POST" | "DELETE";

interface VerifyEndpoint {
  readonly url: string;
  /** Public: a caller without rights gets 403; protected: the resource hides itself (404). */
  readonly visibility: "public" | "protected";
  /** The methods upstream allows, with the body each sends (raw bytes for the upload). */
  readonly allowed: ReadonlyMap<Method, { json?: unknown; bytes?: Uint8Array } | undefined>;
}

const DEMO_TARGET_RELEASE = { json: { system_version: "0.0.0" } };
/** A real self-signed root (upstream's `DEMO_UPDATE_TRUST_ROOT_CREATE` is one too). */
const DEMO_TRUST_ROOT = { json: seedRootRole() };

/** `endpoints.rs`'s update entries; `{id}` is the trust root the setup created. */
const ENDPOINTS: readonly VerifyEndpoint[] = [
  {
    url: "/v1/system/update/trust-roots",
    visibility: "public",
    allowed: new Map([
      ["GET", undefined],
      ["POST", DEMO_TRUST_ROOT],
    ]),
  },
  {
    url: "/v1/system/update/trust-roots/{id}",
    visibility: "protected",
    allowed: new Map([
      ["GET", undefined],
      ["DELETE", undefined],
    ]),
  },
  {
    url: "/v1/system/update/repositories?file_name=demo-repo.zip",
    visibility: "public",
    // In reality a zip; upstream sends JSON null, refused before the body is read.
    allowed: new Map([
      ["PUT", { bytes: new TextEncoder().encode("null") }],
      ["GET", undefined],
    ]),
  },
  { url: "/v1/system/update/repositories/1.0.0", visibility: "public", allowed: new Map([["GET", undefined]]) },
  { url: "/v1/system/update/target-release", visibility: "public", allowed: new Map([["PUT", DEMO_TARGET_RELEASE]]) },
  { url: "/v1/system/update/recovery-finish", visibility: "public", allowed: new Map([["PUT", DEMO_TARGET_RELEASE]]) },
  { url: "/v1/system/update/status", visibility: "public", allowed: new Map([["GET", undefined]]) },
];

const METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"] as const;

/** `verify_response`: the error body of each refusal. */
function verifyResponse(answer: Answer, method: string): void {
  if (method === "HEAD") return;
  const error = answer.json as { error_code?: string; message: string };
  if (answer.status === 401) expect(error).toMatchObject({ error_code: "Unauthorized", message: "credentials missing or invalid" });
  else if (answer.status === 403) expect(error).toMatchObject({ error_code: "Forbidden", message: "Forbidden" });
  else if (answer.status === 404) {
    expect(error.error_code).toBe("ObjectNotFound");
    expect(error.message).toMatch(/^not found: .* with (name|id) ".*"$/);
  } else if (answer.status === 405) {
    expect(error.error_code).toBeUndefined();
    expect(error.message).toBe("Method Not Allowed");
  } else throw new Error(`unexpected status ${answer.status}`);
}

export function describeUnauthorizedReplay(authedBaseUrl: () => string): void {
  describe("unauthorized.rs", () => {
    it("test_unauthorized: the update endpoints refuse callers without rights, and change nothing", async () => {
      // Every call goes through the admin's session; a caller's own `authorization` replaces the admin token.
      const session = upstreamClient(authedBaseUrl(), "unauthorized", { token: "admin-token", controlToken: GOLDEN_AUTH.control });
      await session.rack.reset();
      const created = await session.call("POST", "/v1/system/update/trust-roots", DEMO_TRUST_ROOT);
      expect(created.status).toBe(201);
      const id = (created.json as { id: string }).id;
      expect((await session.upload(await fakeRepository("1.0.0"))).status).toBe(200);

      const callers: { name: string; headers: Record<string, string>; expected: (e: VerifyEndpoint) => number }[] = [
        {
          name: "unprivileged",
          headers: { authorization: "Bearer silo-user-token" },
          expected: (e) => (e.visibility === "public" ? 403 : 404),
        },
        { name: "unauthenticated", headers: { authorization: "" }, expected: () => 401 },
        { name: "bad actor", headers: { authorization: "Bearer oxide-spoof-bad-actor" }, expected: () => 401 },
        { name: "bad credential syntax", headers: { authorization: "Bearer !!!" }, expected: () => 401 },
      ];
      for (const endpoint of ENDPOINTS) {
        const url = endpoint.url.replace("{id}", id);
        const readable = endpoint.allowed.has("GET");
        const before = readable ? await session.call("GET", url) : undefined;
        if (before !== undefined) expect(before.status, `privileged GET ${url}`).toBe(200);
        for (const method of METHODS) {
          const allowed = endpoint.allowed.has(method as Method);
          const body = endpoint.allowed.get(method as Method);
          for (const caller of callers) {
            const answer = await session.call(method, url, { ...body, headers: caller.headers });
            expect(answer.status, `${caller.name} ${method} ${url}`).toBe(allowed ? caller.expected(endpoint) : 405);
            verifyResponse(answer, method);
          }
        }
        if (before !== undefined) expect((await session.call("GET", url)).json, `${url} unchanged`).toEqual(before.json);
      }
    });
  });
}
