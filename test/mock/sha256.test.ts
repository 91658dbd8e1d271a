/** sha256Hex hashes in slices with node:crypto under Node; its digests are WebCrypto's, across slice boundaries. */
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../mocks/core/tuf/sha256.js";

const webCrypto = async (data: Uint8Array<ArrayBuffer>) =>
  Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", data)), (byte) => byte.toString(16).padStart(2, "0")).join("");

describe("sha256Hex", () => {
  it("gives the standard digest", async () => {
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex(new Uint8Array(0))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("agrees with WebCrypto on inputs around and across its 4 MiB slices, views into larger buffers included", async () => {
    const big = new Uint8Array(9 * 1_048_576 + 7).map((_, i) => (i * 31 + (i >> 12)) & 0xff);
    for (const length of [1, 4 * 1_048_576 - 1, 4 * 1_048_576, 4 * 1_048_576 + 1, 9 * 1_048_576]) {
      const view = big.subarray(3, 3 + length);
      expect(await sha256Hex(view), `${length} bytes`).toBe(await webCrypto(view.slice()));
    }
  });
});
