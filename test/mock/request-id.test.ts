/**
 * Request ids (`mocks/core/protocol/request-id.ts`): every answer's `x-request-id`, and an error's
 * `request_id`, is a fresh version-4 UUID, as dropshot's `Uuid::new_v4` makes them, across the refills
 * of the random pool (256 ids a draw).
 */
import { describe, expect, it } from "vitest";
import { createMockCore, type MockResponse } from "../../mocks/index.js";
import { headersFrom } from "../../mocks/core/protocol/message.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request ids", () => {
  it("are distinct version-4 UUIDs in every answer, an error's body and header alike", async () => {
    const core = createMockCore();
    const ids = new Set<string>();
    for (let i = 0; i < 700; i++) {
      const ok = i % 2 === 0;
      const response = (await core.handle({
        method: "GET",
        url: ok ? "/v1/system/update/status" : "/v1/no-such-route",
        headers: headersFrom({}),
        body: null,
      })) as MockResponse;
      const id = response.headers["x-request-id"] ?? "";
      expect(id).toMatch(UUID_V4);
      if (!ok) expect((JSON.parse(response.body ?? "{}") as { request_id?: string }).request_id).toBe(id);
      ids.add(id);
    }
    expect(ids.size).toBe(700);
  });

  it("use every hex digit in every free position (the random bits are not stuck)", async () => {
    const core = createMockCore();
    const seen = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 600; i++) {
      const response = (await core.handle({ method: "GET", url: "/nowhere", headers: headersFrom({}), body: null })) as MockResponse;
      [...(response.headers["x-request-id"] ?? "")].forEach((char, at) => seen[at]?.add(char));
    }
    const fixed = new Map([
      [8, "-"],
      [13, "-"],
      [14, "4"],
      [18, "-"],
      [23, "-"],
    ]);
    seen.forEach((chars, at) => {
      if (fixed.has(at)) expect([...chars], `position ${at}`).toEqual([fixed.get(at)]);
      else if (at === 19) expect([...chars].sort().join(""), "the variant digit").toBe("89ab");
      else expect(chars.size, `position ${at}`).toBe(16);
    });
  });
});
