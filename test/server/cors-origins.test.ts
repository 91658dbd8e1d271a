/** The standalone server's allowed origins (`cors`): lists, loopback twins, and origins refused by name. */
import { describe, expect, it } from "vitest";
import { allowedOrigins } from "../../mocks/node/cors.js";
import { startMockServer } from "../../mocks/server.js";

describe("allowedOrigins", () => {
  it("a loopback origin brings its twins, same scheme and port; another origin comes alone", () => {
    expect([...allowedOrigins(["http://localhost:5173", "https://app.example"])].sort()).toEqual([
      "http://127.0.0.1:5173",
      "http://[::1]:5173",
      "http://localhost:5173",
      "https://app.example",
    ]);
    expect([...allowedOrigins(["https://[::1]"])].sort()).toEqual(["https://127.0.0.1", "https://[::1]", "https://localhost"]);
    expect(allowedOrigins(["http://127.0.0.2:8080"]).has("http://localhost:8080")).toBe(true);
    expect([...allowedOrigins(["*"])]).toEqual(["*"]);
  });

  it.each(["localhost:5173", "http://localhost:5173/", "http://localhost:5173/app", "ftp://a.test", ""])(
    "startMockServer refuses %j, naming it, before it listens",
    async (origin) => {
      await expect(startMockServer({ port: 0, cors: ["http://localhost:5173", origin] })).rejects.toThrow(
        `startMockServer: cors must list "*" or an origin such as http://localhost:5173 (scheme, host, optional port; no path), got ${JSON.stringify(origin)}`,
      );
    },
  );
});
