/**
 * The client in a page (browser, jsdom, happy-dom): a relative `baseUrl` resolves against the page's URL,
 * is refused where there is no page, and a failed fetch in a page hints at CORS.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { NetworkError, createClient } from "../../src/index.js";

/** A fetch that records the URL of every request and answers 204. */
function recorder() {
  const urls: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    urls.push(request.url);
    return new Response(null, { status: 204 });
  };
  return { urls, fetch };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("relative baseUrl", () => {
  it.each([
    ["", "http://localhost:5173/v1/system/update/status"],
    ["/", "http://localhost:5173/v1/system/update/status"],
    ["/api", "http://localhost:5173/api/v1/system/update/status"],
    ["/api/", "http://localhost:5173/api/v1/system/update/status"],
    ["api", "http://localhost:5173/app/api/v1/system/update/status"],
  ])("%j on a page at /app/settings?tab=1#x resolves to %s", async (baseUrl, expected) => {
    vi.stubGlobal("location", { href: "http://localhost:5173/app/settings?tab=1#x" });
    const { urls, fetch } = recorder();
    await createClient({ baseUrl, fetch }).getStatus();
    expect(urls).toEqual([expected]);
  });

  it("an absolute baseUrl ignores the page", async () => {
    vi.stubGlobal("location", { href: "http://localhost:5173/" });
    const { urls, fetch } = recorder();
    await createClient({ baseUrl: "http://rack.test/api/", fetch }).getStatus();
    expect(urls).toEqual(["http://rack.test/api/v1/system/update/status"]);
  });

  it("without a page, a relative baseUrl is refused when the client is made, naming it", () => {
    expect(typeof (globalThis as { location?: unknown }).location).toBe("undefined");
    expect(() => createClient({ baseUrl: "/api" })).toThrow(
      'createClient: baseUrl "/api" is relative and there is no page to resolve it against (no location); give an absolute URL such as http://127.0.0.1:12220',
    );
    expect(() => createClient({ baseUrl: "" })).toThrow(/baseUrl "" is relative/);
  });
});

describe("a failed fetch", () => {
  const failing = async (): Promise<Response> => {
    throw new TypeError("Failed to fetch");
  };

  it("in a page, hints at CORS", async () => {
    vi.stubGlobal("document", {});
    const { error } = await createClient({ baseUrl: "http://127.0.0.1:12220", fetch: failing }).getStatus();
    expect(error).toBeInstanceOf(NetworkError);
    expect(error?.message).toBe(
      "request failed before any answer: Failed to fetch; in a browser this is often CORS: the API must allow this page's origin (system-update mock --cors <origin>), or serve it from the page's origin (a dev-server proxy)",
    );
  });

  it("outside a page, says only what failed", async () => {
    const { error } = await createClient({ baseUrl: "http://127.0.0.1:12220", fetch: failing }).getStatus();
    expect(error?.message).toBe("request failed before any answer: Failed to fetch");
  });
});
