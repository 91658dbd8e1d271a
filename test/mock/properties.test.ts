/**
 * Properties of the whole request pipeline over generated requests: a refused request changes nothing,
 * and no malformed request is answered with a 500 or makes the mock throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMockCore, type MockCore, type MockRequest, type MockResponse } from "../../mocks/index.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";

const VERSIONS = [
  "19.0.0-0.ci+git44ac79d168b",
  "20.0.0-0.local+git553e6c0886a",
  "21.0.0-0.ci+git8f3e2d1c0ba",
  "0.0.0",
  "20.0.0",
  "1.2",
  "",
  "v1",
];
const PATHS = [
  "/v1/system/update/target-release",
  "/v1/system/update/recovery-finish",
  "/v1/system/update/status",
  "/v1/system/update/repositories",
  "/v1/system/update/repositories?file_name=x.zip",
  "/v1/system/update/repositories?limit=0",
  "/v1/system/update/repositories?page_token=%%%",
  "/v1/system/update/repositories/20.0.0-0.local+git553e6c0886a",
  "/v1/system/update/repositories/not-a-version",
  "/v1/system/update/trust-roots",
  "/v1/system/update/trust-roots/00000000-0000-4000-8000-000000000000",
  "/v1/system/update/trust-roots/nope",
  "/v1/system/update/",
  "/v1/system/update/status/extra",
];
const SCENARIOS = ["factory", "steady", "update-in-progress", "mupdate-waiting", "single-sled-mupdate-converted", "contact-support"];

const text = (value: string) => new TextEncoder().encode(value);
const body = fc.oneof(
  fc.constantFrom(...VERSIONS).map((v) => text(JSON.stringify({ system_version: v }))),
  fc.json().map(text),
  fc.string().map(text),
  fc.uint8Array({ maxLength: 64 }),
  fc.constant(null),
);
const headerValue = fc.oneof(
  fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "Application/JSON; charset=utf-8", ""),
  fc.string({ maxLength: 12 }),
);
const apiVersion = fc.option(
  fc.oneof(
    fc.constantFrom("2026021301.0.0", "2026022500.0.0", "2026052000.0.0", "2026081901.0.0", "2099010100.0.0", "2026-08-19", "1.0.0"),
    fc.string({ maxLength: 16 }),
  ),
  { nil: undefined },
);

const request: fc.Arbitrary<MockRequest> = fc
  .record({
    method: fc.constantFrom("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"),
    url: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.webPath() }),
    contentType: fc.option(headerValue, { nil: undefined }),
    apiVersion,
    body,
  })
  .map(({ method, url, contentType, apiVersion: version, body: bytes }) => ({
    method,
    url,
    headers: headersFrom({ "content-type": contentType, "api-version": version }),
    body: bytes,
  }));

async function answer(core: MockCore, req: MockRequest): Promise<MockResponse> {
  return await core.handle(req);
}

describe("the request pipeline over generated requests", () => {
  it("a refused request leaves the rack state byte for byte as it was", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SCENARIOS), fc.array(request, { minLength: 1, maxLength: 6 }), async (scenario, requests) => {
        const core = createMockCore({ scenario });
        for (const req of requests) {
          const before = JSON.stringify(core.getState());
          const response = await answer(core, req);
          if (response.status >= 400) expect(JSON.stringify(core.getState())).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("no malformed request gets a 500 or throws, and every error has the Error shape", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SCENARIOS), request, async (scenario, req) => {
        const response = await answer(createMockCore({ scenario }), req);
        expect(response.status).not.toBe(500);
        if (response.status >= 400) {
          const parsed = JSON.parse(response.body ?? "") as Record<string, unknown>;
          expect(typeof parsed.message).toBe("string");
          expect(parsed.request_id).toBe(response.headers["x-request-id"]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
