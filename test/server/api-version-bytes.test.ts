/**
 * The `api-version` header, byte by byte, through the standalone server over raw TCP: every byte value
 * alone and inside a version, the two values the fidelity review found, and generated values of visible
 * ASCII, tabs, spaces and obs-text. The expected answer is computed by an oracle written from upstream's
 * rules (httparse's header bytes, `HeaderValue::to_str`, the http crate's `Debug`), not by the mock's code.
 */
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LATEST_API_VERSION } from "../../generated/index.js";
import { createMockCore } from "../../mocks/core/mock.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { compareSemver, parseSemver } from "../../src/rules/index.js";
import { semver } from "../support/versions.js";

type Answer = { status: number; message: string | undefined };

let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(() => server.close());

/** One GET status on its own connection with `api-version: <value bytes>`; the status and the error message. */
function ask(value: Uint8Array): Promise<Answer> {
  const head = Buffer.from("GET /v1/system/update/status HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\napi-version: ", "latin1");
  return new Promise((done, fail) => {
    const socket = connect({ port: server.port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", fail);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const body = text.slice(text.indexOf("\r\n\r\n") + 4);
      const message = body.startsWith("{") ? (JSON.parse(body) as { message?: string }).message : undefined;
      done({ status: Number(text.slice(9, 12)), message });
    });
    socket.on("connect", () => socket.write(Buffer.concat([head, value, Buffer.from("\r\n\r\n")])));
  });
}

/** httparse accepts HTAB, 0x20–0x7E and obs-text (0x80–0xFF) in a header value; anything else is a parse error. */
const parserRefuses = (value: Uint8Array) => value.some((byte) => (byte < 0x20 && byte !== 0x09) || byte === 0x7f);

/** Optional whitespace around a field value is not part of it (RFC 9110 §5.5). */
function trimOws(value: Uint8Array): Uint8Array {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === 0x20 || value[start] === 0x09)) start++;
  while (end > start && (value[end - 1] === 0x20 || value[end - 1] === 0x09)) end--;
  return value.subarray(start, end);
}

/** The http crate's `Debug for HeaderValue`: visible ASCII and tab raw except `"`; every other byte `\x` + hex. */
function headerValueDebug(value: Uint8Array): string {
  const shown = [...value].map((byte) =>
    byte === 0x22 ? '\\"' : byte === 0x09 || (byte >= 0x20 && byte <= 0x7e) ? String.fromCharCode(byte) : `\\x${byte.toString(16)}`,
  );
  return `"${shown.join("")}"`;
}

const PREFIX = 'bad value for header "api-version": ';

/** What upstream answers for this header value. */
function expected(raw: Uint8Array): Answer {
  if (parserRefuses(raw)) return { status: 400, message: undefined };
  const value = trimOws(raw);
  // `HeaderValue::to_str`: visible ASCII and tab only.
  if (value.some((byte) => byte !== 0x09 && (byte < 0x20 || byte > 0x7e))) {
    return { status: 400, message: `${PREFIX}not ASCII: ${headerValueDebug(value)}` };
  }
  const text = Buffer.from(value).toString("latin1");
  const parsed = parseSemver(text);
  if (!parsed.ok) return { status: 400, message: `${PREFIX}${parsed.message}: ${text}` };
  if (compareSemver(parsed.version, semver(LATEST_API_VERSION)) > 0) {
    return { status: 400, message: `server does not support this API version: ${text}` };
  }
  return { status: 200, message: undefined };
}

const latin1 = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe("api-version bytes through the standalone server", () => {
  it("answers the two values of the fidelity review exactly as upstream does", async () => {
    expect(await ask(latin1("1.2\t.3-rc.1+b\x8c"))).toEqual({ status: 400, message: `${PREFIX}not ASCII: "1.2\t.3-rc.1+b\\x8c"` });
    expect(await ask(latin1("x\xc3\xa9'\\"))).toEqual({ status: 400, message: `${PREFIX}not ASCII: "x\\xc3\\xa9'\\"` });
  });

  it("sweeps all 256 byte values, alone and inside a version", async () => {
    for (let byte = 0; byte < 256; byte++) {
      for (const value of [Uint8Array.of(byte), latin1(`1.2${String.fromCharCode(byte)}.3`)]) {
        expect(await ask(value), `value ${JSON.stringify(Buffer.from(value).toString("latin1"))}`).toEqual(expected(value));
      }
    }
  });

  it("answers generated values of visible ASCII, tabs, spaces and obs-text as upstream does", async () => {
    const byte = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.constantFrom(0x09, 0x20),
      fc.integer({ min: 0x80, max: 0xff }),
      fc.constantFrom(...latin1("0123456789.-+")),
    );
    const value = fc.oneof(
      fc.array(byte, { maxLength: 24 }).map((values) => Uint8Array.from(values)),
      fc
        .tuple(fc.constantFrom("2026022500.0.0", "1.0.0", "2099010100.0.0"), fc.array(byte, { maxLength: 4 }), fc.nat())
        .map(([version, extra, at]) => {
          const bytes = [...latin1(version)];
          bytes.splice(at % (bytes.length + 1), 0, ...extra);
          return Uint8Array.from(bytes);
        }),
    );
    await fc.assert(
      fc.asyncProperty(value, async (sent) => {
        expect(await ask(sent)).toEqual(expected(sent));
      }),
      { numRuns: 300 },
    );
  });
});

describe("api-version bytes through the core, as the MSW adapter hands them over (a fetch Headers)", () => {
  const core = createMockCore();
  const status = async (value: string): Promise<Answer> => {
    const answer = await core.handle({
      method: "GET",
      url: "/v1/system/update/status",
      headers: new Headers({ "api-version": value }),
      body: null,
    });
    return {
      status: answer.status,
      message: answer.body?.startsWith("{") ? (JSON.parse(answer.body) as { message?: string }).message : undefined,
    };
  };

  it("answers the fidelity review's two values as the server does", async () => {
    for (const value of ["1.2\t.3-rc.1+b\x8c", "x\xc3\xa9'\\"]) expect(await status(value)).toEqual(expected(latin1(value)));
  });

  it("agrees with the server's oracle on every value a fetch Headers can carry", async () => {
    const byte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(0x09), fc.integer({ min: 0x80, max: 0xff }));
    await fc.assert(
      fc.asyncProperty(fc.array(byte, { minLength: 1, maxLength: 16 }), async (values) => {
        const text = String.fromCharCode(...values);
        expect(await status(text)).toEqual(expected(latin1(text)));
      }),
      { numRuns: 300 },
    );
  });
});
