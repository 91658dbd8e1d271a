/**
 * The MSW handlers' CORS (the `cors` option): preflights answered as the standalone server answers them,
 * every answer readable from another origin; off, `OPTIONS` reaches the mock as any request does.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockHandlers } from "../../mocks/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";

const PAGE = "http://localhost:5173";
const withCors = createMockHandlers({ baseUrl: "http://rack.test/api" });
const withoutCors = createMockHandlers({ baseUrl: "http://plain.test", cors: false });
const server = setupServer(...withCors.handlers, ...withoutCors.handlers);

beforeAll(() => server.listen(ERROR_ON_UNHANDLED));
afterAll(() => {
  server.close();
  withCors.stop();
  withoutCors.stop();
});

const preflight = (url: string, requestHeaders?: string) =>
  fetch(url, {
    method: "OPTIONS",
    headers: {
      origin: PAGE,
      "access-control-request-method": "PUT",
      ...(requestHeaders !== undefined && { "access-control-request-headers": requestHeaders }),
    },
  });

describe("cors on (the default for a baseUrl with an origin)", () => {
  it("answers a preflight 204 with the page's origin, the methods and the headers it asked for", async () => {
    const response = await preflight("http://rack.test/api/v1/system/update/target-release", "content-type, api-version, x-mock-session");
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toEqual({
      "access-control-allow-origin": PAGE,
      "access-control-allow-methods": "GET, PUT, POST, DELETE, OPTIONS",
      "access-control-allow-headers": "content-type, api-version, x-mock-session",
      "access-control-expose-headers": "x-request-id",
      "access-control-max-age": "600",
      vary: "Origin",
    });
  });

  it("a preflight naming no headers is granted the client's and the panel's", async () => {
    const response = await preflight("http://rack.test/api/__mock/faults");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type, api-version, authorization, x-mock-session");
  });

  it("answers, errors included, are readable by the page; without an Origin, by any", async () => {
    const ok = await fetch("http://rack.test/api/v1/system/update/status", { headers: { origin: PAGE } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(ok.headers.get("access-control-expose-headers")).toBe("x-request-id");
    const refused = await fetch("http://rack.test/api/v1/system/update/target-release", { method: "PUT", body: "{}" });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(refused.headers.get("vary")).toBeNull();
  });

  it("answers an OPTIONS stripped of its preflight headers (as happy-dom's reaches MSW) as a preflight", async () => {
    const bare = await fetch("http://rack.test/api/v1/system/update/target-release", { method: "OPTIONS" });
    expect(bare.status).toBe(204);
    expect(bare.headers.get("access-control-allow-origin")).toBe("*");
    expect(bare.headers.get("access-control-allow-methods")).toBe("GET, PUT, POST, DELETE, OPTIONS");
  });
});

describe("cors off", () => {
  it("a preflight reaches the mock, which refuses the method, and no answer carries CORS headers", async () => {
    const response = await preflight("http://plain.test/v1/system/update/target-release");
    expect(response.status).toBe(405);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const ok = await fetch("http://plain.test/v1/system/update/status", { headers: { origin: PAGE } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBeNull();
  });
});
