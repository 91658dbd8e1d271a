/**
 * What the soak sends: valid requests and every kind of bad one, each with the answers it may get. A
 * worker picks actions at random by weight (seeded, so a run can be repeated) and records what came back.
 */
import { connect } from "node:net";
import { deflateBomb } from "../../bench/archives.js";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { NOT_UPLOADED } from "../../bench/racks.js";
import { type Connection, requestBytes, requestHead, type Answer } from "../../bench/raw-http.js";
import { RELEASE_19, RELEASE_21 } from "../../mocks/core/simulator/scenario-rack.js";

/** The auth file the soaked server gets: one token per role, and the control token. */
export const AUTH_FILE = { tokens: { admin: "admin", viewer: "viewer", collab: "collaborator", nobody: "none" }, control: "control" };

/** What one request came to: its status ("no answer" when the connection ended first) and whether it was expected. */
export interface Outcome {
  readonly status: string;
  readonly expected: boolean;
}

export interface Worker {
  readonly port: number;
  /** A keep-alive connection for the well-formed requests (a fresh one per request would run out of ports). */
  readonly connection: Connection;
  /** The worker's own session: its updates and uploads land there. */
  readonly session: string;
  random(): number;
  /** A session name never used before. */
  freshName(): string;
}

export interface Action {
  readonly name: string;
  readonly weight: number;
  run(worker: Worker): Promise<Outcome[]>;
}

export interface Fixtures {
  /** A small valid repository archive (22.0.0). */
  readonly archive: Uint8Array;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ADMIN = bearer("admin");
const VIEWER = bearer("viewer");
const CONTROL = bearer("control");
const JSON_TYPE = { "content-type": "application/json" };
const MIB = 1_048_576;
/** An upload may meet the mock's limit on uploads in flight (maxUploadsInFlight): 503, try again later. */
const BUSY = [503] as const;

/** A deflate bomb small enough to send often: 16 MiB of zeros in about 16 KiB. */
const BOMB = await deflateBomb("31.0.0", 16 * MIB);

const outcome = (answer: Answer | undefined, expect: readonly (number | string)[]): Outcome => {
  const status = answer === undefined ? "no answer" : String(answer.status);
  return { status, expected: expect.some((e) => String(e) === status) };
};

/** One request on the worker's keep-alive connection. */
async function ask(worker: Worker, expect: readonly (number | string)[], ...parts: Uint8Array[]): Promise<Outcome> {
  return outcome(await worker.connection.ask(...parts), expect);
}

const json = (method: string, path: string, headers: Record<string, string>, body: unknown) =>
  requestBytes(method, path, { ...headers, ...JSON_TYPE }, typeof body === "string" ? body : JSON.stringify(body));

/**
 * Bytes on a connection of their own, which is then closed: the status of the first answer, or "no answer"
 * when the server said nothing within `quietMs` (a request left incomplete on purpose) or closed first.
 */
function raw(port: number, bytes: Uint8Array, quietMs = 200): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let received = "";
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? "no answer");
    };
    let timer = setTimeout(finish, quietMs + 300);
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", () => socket.write(bytes));
  });
}

async function rawOutcome(port: number, bytes: Uint8Array, expect: readonly (number | string)[], quietMs?: number): Promise<Outcome> {
  const status = await raw(port, bytes, quietMs);
  return { status, expected: expect.some((e) => String(e) === status) };
}

const text = (value: string) => Buffer.from(value, "latin1");

export function actions({ archive }: Fixtures): Action[] {
  const status = "/v1/system/update/status";
  const target = "/v1/system/update/target-release";
  const upload = (name: string) => `/v1/system/update/repositories?file_name=${name}`;
  return [
    { name: "GET status", weight: 20, run: async (w) => [await ask(w, [200], requestBytes("GET", status, VIEWER))] },
    {
      name: "GET status, new session name",
      weight: 5,
      run: async (w) => [await ask(w, [200], requestBytes("GET", status, { ...VIEWER, "x-mock-session": w.freshName() }))],
    },
    {
      // Accepted, then refused twice (the same version again; a downgrade mid-update), then a few planner steps.
      name: "update cycle",
      weight: 5,
      run: async (w) => {
        const own = { "x-mock-session": w.session };
        return [
          await ask(w, [204], json("POST", "/__mock/reset", { ...CONTROL, ...own }, { scenario: "steady" })),
          await ask(w, [204], json("PUT", target, { ...ADMIN, ...own }, { system_version: RELEASE_21 })),
          await ask(w, [400], json("PUT", target, { ...ADMIN, ...own }, { system_version: RELEASE_21 })),
          await ask(w, [400], json("PUT", target, { ...ADMIN, ...own }, { system_version: RELEASE_19 })),
          await ask(w, [200], json("POST", "/__mock/advance", { ...CONTROL, ...own }, { steps: 20 })),
        ];
      },
    },
    {
      name: "PUT target-release refused (401, 403, 404)",
      weight: 5,
      run: async (w) => [
        await ask(w, [401], json("PUT", target, {}, { system_version: RELEASE_21 })),
        await ask(w, [403], json("PUT", target, VIEWER, { system_version: RELEASE_21 })),
        // Passes every rule (one major up) but was never uploaded: refused at the repository lookup.
        await ask(w, [404], json("PUT", target, ADMIN, { system_version: NOT_UPLOADED })),
      ],
    },
    {
      name: "reset of a new session (control)",
      weight: 4,
      run: async (w) => [await ask(w, [204], json("POST", "/__mock/reset", { ...CONTROL, "x-mock-session": w.freshName() }, {}))],
    },
    {
      name: "garbage JSON",
      weight: 5,
      run: async (w) => [
        await ask(w, [400], json("PUT", target, ADMIN, '{"system_version":')),
        await ask(w, [400], json("PUT", target, ADMIN, "[]")),
        await ask(w, [400], requestHead("PUT", target, { ...ADMIN, ...JSON_TYPE }, 4), Buffer.from([0xff, 0xfe, 0x7b, 0x7d])),
        await ask(w, [400], json("PUT", "/__mock/state", CONTROL, '{"sleds": "many"}')),
      ],
    },
    {
      name: "JSON body over its 1 MiB cap",
      weight: 1,
      run: async (w) => [await ask(w, [400], json("PUT", target, ADMIN, `{"system_version":"${"9".repeat(MIB)}"}`))],
    },
    {
      // Announced far over the upload cap: refused on the head, the connection closed after a bounded drain.
      name: "upload announced at 300 MiB",
      weight: 1,
      run: async (w) => [await rawOutcome(w.port, requestHead("PUT", upload("huge.zip"), VIEWER, 300 * MIB), [400, ...BUSY])],
    },
    {
      name: "unknown paths and methods",
      weight: 5,
      run: async (w) => [
        await ask(w, [404], requestBytes("GET", "/v1/system/update/nope", VIEWER)),
        await ask(w, [404], requestBytes("GET", "/__mock/nope", CONTROL)),
        await ask(w, [404], requestBytes("GET", "/nothing/here", VIEWER)),
        await ask(w, [405], requestBytes("DELETE", status, VIEWER)),
      ],
    },
    {
      name: "prototype names (tokens, sessions, paths, headers)",
      weight: 5,
      run: async (w) => [
        await ask(w, [401], requestBytes("GET", status, bearer("__proto__"))),
        await ask(w, [401], requestBytes("GET", status, bearer("constructor"))),
        await ask(w, [200], requestBytes("GET", status, { ...VIEWER, "x-mock-session": "__proto__" })),
        await ask(w, [200], requestBytes("GET", status, { ...VIEWER, "x-mock-session": "hasOwnProperty" })),
        await ask(w, [400], requestBytes("GET", "/v1/system/update/repositories/__proto__", VIEWER)),
        await ask(w, [404], requestBytes("GET", "/__mock/__proto__", CONTROL)),
        await ask(w, [404], requestBytes("POST", "/__mock/constructor", CONTROL)),
        await ask(w, [400], requestBytes("GET", status, { ...VIEWER, "api-version": "__proto__" })),
        await ask(w, [401], requestBytes("POST", "/__mock/reset", bearer("toString"))),
      ],
    },
    {
      name: "prototype names as methods (raw)",
      weight: 1,
      run: async (w) => [
        await rawOutcome(w.port, text(`__proto__ ${status} HTTP/1.1\r\nhost: localhost\r\n\r\n`), [400]),
        await rawOutcome(w.port, text(`constructor /__mock/state HTTP/1.1\r\nhost: localhost\r\n\r\n`), [400]),
      ],
    },
    {
      name: "random bytes (raw)",
      weight: 3,
      run: async (w) => {
        const bytes = Buffer.alloc(1 + Math.floor(w.random() * 2000));
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(w.random() * 256);
        // Bytes that happen to start a request wait for the rest: no answer before we hang up.
        return [await rawOutcome(w.port, bytes, [400, "no answer"])];
      },
    },
    {
      name: "malformed HTTP (raw)",
      weight: 2,
      run: async (w) => [
        await rawOutcome(w.port, text("GARBAGE / HTTP/1.1\r\n\r\n"), [400]),
        await rawOutcome(w.port, text(`GET ${status} HTTP/1.1\r\nhost: localhost\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`), [431]),
        await rawOutcome(
          w.port,
          text(`GET ${status} HTTP/1.1\r\nhost: localhost\r\n${Array.from({ length: 200 }, (_, i) => `x-h${i}: v\r\n`).join("")}\r\n`),
          [431],
        ),
        await rawOutcome(w.port, text(`GET ${status} HTTP/1.1\r\nhost: localhost\r\ncontent-length: -1\r\n\r\n`), [400]),
        // A valid request pipelined before garbage: its answer first, then the refusal.
        await rawOutcome(w.port, Buffer.concat([requestBytes("GET", status, VIEWER), text("NOT HTTP\r\n\r\n")]), [200]),
      ],
    },
    {
      // The client goes away mid-body: nobody gets an answer and nothing is applied.
      name: "body cut off (raw)",
      weight: 2,
      run: async (w) => [await rawOutcome(w.port, Buffer.concat([requestHead("PUT", target, ADMIN, 100), text("{")]), ["no answer"], 50)],
    },
    {
      name: "upload of a valid repository",
      weight: 2,
      run: async (w) => [
        await ask(
          w,
          [200, ...BUSY],
          requestHead("PUT", upload("r.zip"), { ...ADMIN, "x-mock-session": w.session }, archive.byteLength),
          archive,
        ),
      ],
    },
    {
      // Read whole (16 MiB inflated, checked and hashed), then refused: a viewer may not insert.
      name: "deflate bomb, 16 KiB -> 16 MiB",
      weight: 1,
      run: async (w) => [await ask(w, [403, ...BUSY], requestHead("PUT", upload("bomb.zip"), VIEWER, BOMB.byteLength), BOMB)],
    },
    {
      name: "control reads",
      weight: 3,
      run: async (w) => {
        const own = { ...CONTROL, "x-mock-session": w.session };
        return [
          await ask(w, [200], requestBytes("GET", "/__mock/state", own)),
          await ask(w, [200], requestBytes("GET", "/__mock/requests", own)),
          await ask(w, [200], requestBytes("GET", "/__mock/sessions", CONTROL)),
          await ask(w, [200], requestBytes("GET", `/__mock/verdicts?version=${RELEASE_21}`, own)),
        ];
      },
    },
    {
      name: "control without its token",
      weight: 2,
      run: async (w) => [
        await ask(w, [401, 403], json("POST", "/__mock/reset", {}, {})),
        await ask(w, [401, 403], json("PUT", "/__mock/state", ADMIN, {})),
      ],
    },
    {
      name: "trust root created, listed, deleted",
      weight: 2,
      run: async (w) => {
        const own = { ...ADMIN, "x-mock-session": w.session };
        const created = await w.connection.ask(json("POST", "/v1/system/update/trust-roots", own, seedRootRole()));
        const id = created?.status === 201 ? (JSON.parse(created.body) as { id: string }).id : "none";
        return [
          outcome(created, [201]),
          await ask(w, [200], requestBytes("GET", "/v1/system/update/trust-roots", own)),
          await ask(w, [204], requestBytes("DELETE", `/v1/system/update/trust-roots/${id}`, own)),
        ];
      },
    },
  ];
}
