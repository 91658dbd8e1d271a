/**
 * The client against an injected `fetch`: what it sends (method, path, query, headers, body) and how it
 * reads every kind of answer (2xx, 204, refusals, dropshot errors, non-JSON and empty bodies, network failure).
 */
import { describe, expect, it } from "vitest";
import {
  ApiError,
  LATEST_API_VERSION,
  NetworkError,
  createClient,
  type ApiResult,
  type ApiVersion,
  type ClientOptions,
  type LatestApiVersion,
} from "../../src/index.js";
import {
  TARGET_RELEASE_REFUSALS,
  describeRefusal,
  type TargetReleaseRefusal,
  type TargetReleaseRefusalKind,
} from "../../src/rules/refusals.js";

const BASE = "http://rack.test";
const P = "Target release cannot be changed: ";
const CURRENT = "16.2.0-0.ci+git544f608e05a";
const SLED = "0c7011f7-a4bf-4daf-90cc-1c2410103300";
const TRUST_ROOT = "5e7d4c2a-1b3f-4a8e-9c6d-0f2b8a7e3d15";

type Respond = (request: Request) => Response | Promise<Response>;

/** A fetch that records every request it gets and answers with `respond`. */
function recorder(respond: Respond = () => new Response(null, { status: 204 })) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    return respond(request);
  };
  const only = (): Request => {
    expect(requests).toHaveLength(1);
    const [request] = requests;
    if (request === undefined) throw new Error("no request recorded");
    return request;
  };
  return { fetch, requests, only };
}

function setup<V extends ApiVersion = LatestApiVersion>(respond?: Respond, options: Omit<ClientOptions<V>, "baseUrl" | "fetch"> = {}) {
  const rec = recorder(respond);
  const client = createClient<V>({ baseUrl: BASE, fetch: rec.fetch, ...options });
  return { ...rec, client };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** Dropshot's Error body. */
const errorBody = (message: string, errorCode?: string, requestId = "3e0b4f0e-4a8e-4b8e-9b0e-6a1f3c2d1e00") => ({
  request_id: requestId,
  ...(errorCode !== undefined && { error_code: errorCode }),
  message,
});

/** Path and query of a request, e.g. `/v1/system/update/repositories?limit=2`. */
const target = (request: Request) => {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
};

async function apiError(pending: Promise<ApiResult<unknown>>): Promise<ApiError> {
  const result = await pending;
  expect(result.data).toBeUndefined();
  expect(result.error).toBeInstanceOf(ApiError);
  if (!(result.error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(result.error)}`);
  expect(result.error.kind).toBe("api");
  expect(result.response?.status).toBe(result.error.status);
  return result.error;
}

const STATUS = {
  components_by_release_version: { [CURRENT]: 85 },
  contact_support: false,
  suspended: false,
  target_release: { time_requested: "2026-08-21T09:15:02.551Z", version: CURRENT },
  time_last_step_planned: "2026-08-21T09:41:37.902Z",
};
const repo = (system_version: string) => ({
  file_name: `oxide-${system_version}.zip`,
  hash: "16d8c62ec343cb944a1aca84ad71540b76d9d6f0aa80593c67e0e1088e5a1d38",
  system_version,
  time_created: "2026-08-20T16:48:31.207Z",
});

describe("headers", () => {
  it("sends the latest api-version by default, no authorization without a token", async () => {
    const { client, only } = setup();
    expect(client.apiVersion).toBe(LATEST_API_VERSION);
    await client.getStatus();
    const request = only();
    expect(request.headers.get("api-version")).toBe(LATEST_API_VERSION);
    expect(request.headers.get("authorization")).toBeNull();
  });

  it("sends the pinned api-version, the bearer token and extra headers", async () => {
    const { client, only } = setup(undefined, {
      apiVersion: "2026021301.0.0",
      token: "oxide-token-abc123",
      headers: { "x-mock-session": "session-7" },
    });
    expect(client.apiVersion).toBe("2026021301.0.0");
    await client.setTargetRelease("1.0.0");
    const request = only();
    expect(request.headers.get("api-version")).toBe("2026021301.0.0");
    expect(request.headers.get("authorization")).toBe("Bearer oxide-token-abc123");
    expect(request.headers.get("x-mock-session")).toBe("session-7");
  });

  it("sends the headers on every operation", async () => {
    const { client, requests } = setup(() => json(200, { items: [] }), { token: "t", headers: { "x-mock-session": "s" } });
    await client.getStatus();
    await client.listRepositories();
    await client.viewTrustRoot(TRUST_ROOT);
    await client.deleteTrustRoot(TRUST_ROOT);
    expect(requests).toHaveLength(4);
    for (const request of requests) {
      expect(request.headers.get("api-version")).toBe(LATEST_API_VERSION);
      expect(request.headers.get("authorization")).toBe("Bearer t");
      expect(request.headers.get("x-mock-session")).toBe("s");
    }
  });

  it("runs user middleware after its own (the middleware sees api-version)", async () => {
    const seen: (string | null)[] = [];
    const { client } = setup(undefined, {
      middleware: [
        {
          onRequest({ request }) {
            seen.push(request.headers.get("api-version"));
            return undefined;
          },
        },
      ],
    });
    await client.getStatus();
    expect(seen).toEqual([LATEST_API_VERSION]);
  });

  it("joins a base URL with a trailing slash or a path prefix without doubling slashes", async () => {
    const rec = recorder();
    await createClient({ baseUrl: `${BASE}/`, fetch: rec.fetch }).getStatus();
    await createClient({ baseUrl: `${BASE}/api//`, fetch: rec.fetch }).getStatus();
    expect(rec.requests.map((r) => r.url)).toEqual([`${BASE}/v1/system/update/status`, `${BASE}/api/v1/system/update/status`]);
  });
});

describe("what each operation sends", () => {
  it.each([
    ["setTargetRelease", "/v1/system/update/target-release"],
    ["finishRecovery", "/v1/system/update/recovery-finish"],
  ] as const)("%s: PUT %s with a JSON body", async (method, path) => {
    const { client, only } = setup();
    const result = await client[method]("17.0.0-0.ci+git0123456789a");
    expect(result.error).toBeUndefined();
    const request = only();
    expect(request.method).toBe("PUT");
    expect(target(request)).toBe(path);
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(await request.text()).toBe('{"system_version":"17.0.0-0.ci+git0123456789a"}');
  });

  it("getStatus: GET status without a body", async () => {
    const { client, only } = setup(() => json(200, STATUS));
    await client.getStatus();
    const request = only();
    expect(request.method).toBe("GET");
    expect(target(request)).toBe("/v1/system/update/status");
    expect(request.body).toBeNull();
    expect(request.headers.get("content-type")).toBeNull();
  });

  it("listRepositories: maps limit, pageToken and sortBy to snake_case query parameters", async () => {
    const { client, requests } = setup(() => json(200, { items: [], next_page: null }));
    await client.listRepositories();
    await client.listRepositories({ limit: 2, pageToken: "eyJ2IjoidjEifQ==", sortBy: "version_ascending" });
    await client.listRepositories({ sortBy: "version_descending" });
    expect(requests.map((r) => [r.method, target(r)])).toEqual([
      ["GET", "/v1/system/update/repositories"],
      ["GET", "/v1/system/update/repositories?limit=2&page_token=eyJ2IjoidjEifQ%3D%3D&sort_by=version_ascending"],
      ["GET", "/v1/system/update/repositories?sort_by=version_descending"],
    ]);
    const url = new URL(requests[1]?.url ?? "");
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: "2", page_token: "eyJ2IjoidjEifQ==", sort_by: "version_ascending" });
  });

  it("viewRepository: percent-encodes the version in the path (a `+` is not a space)", async () => {
    const { client, only } = setup(() => json(200, repo("20.0.0-0.local+git553e6c0886a")));
    const { data } = await client.viewRepository("20.0.0-0.local+git553e6c0886a");
    expect(data?.system_version).toBe("20.0.0-0.local+git553e6c0886a");
    const request = only();
    expect(request.method).toBe("GET");
    expect(target(request)).toBe("/v1/system/update/repositories/20.0.0-0.local%2Bgit553e6c0886a");
  });

  it("viewRepository: a `/` or a space cannot escape the path segment", async () => {
    const { client, only } = setup(() => json(404, errorBody("Not Found")));
    await client.viewRepository("1.0.0/../status x");
    expect(target(only())).toBe("/v1/system/update/repositories/1.0.0%2F..%2Fstatus%20x");
  });

  it("uploadRepository: sends the bytes unchanged as application/octet-stream with file_name in the query", async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x0a, 0x7b, 0x22]);
    const upload = { repo: repo("20.0.0-0.local+git553e6c0886a"), status: "inserted" };
    const { client, only } = setup(() => json(200, upload));
    const { data, error } = await client.uploadRepository("oxide 20.0.0+git.zip", bytes);
    expect(error).toBeUndefined();
    expect(data).toEqual(upload);
    const request = only();
    expect(request.method).toBe("PUT");
    expect(new URL(request.url).pathname).toBe("/v1/system/update/repositories");
    expect(new URL(request.url).searchParams.get("file_name")).toBe("oxide 20.0.0+git.zip");
    expect(request.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
  });

  it("uploadRepository: accepts a Blob", async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
    const { client, only } = setup(() => json(200, { repo: repo("1.0.0"), status: "already_exists" }));
    await client.uploadRepository("repo.zip", new Blob([bytes]));
    const request = only();
    expect(request.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
  });

  it("trust roots: list, create, view, delete", async () => {
    const rootRole = { signed: { _type: "root", version: 1 }, signatures: [] };
    const { client, requests } = setup((request) =>
      request.method === "DELETE" ? new Response(null, { status: 204 }) : json(200, { items: [] }),
    );
    await client.listTrustRoots();
    await client.listTrustRoots({ limit: 1, pageToken: "tok", sortBy: "id_ascending" });
    await client.createTrustRoot(rootRole);
    await client.viewTrustRoot(TRUST_ROOT);
    await client.deleteTrustRoot(TRUST_ROOT);
    expect(requests.map((r) => [r.method, target(r)])).toEqual([
      ["GET", "/v1/system/update/trust-roots"],
      ["GET", "/v1/system/update/trust-roots?limit=1&page_token=tok&sort_by=id_ascending"],
      ["POST", "/v1/system/update/trust-roots"],
      ["GET", `/v1/system/update/trust-roots/${TRUST_ROOT}`],
      ["DELETE", `/v1/system/update/trust-roots/${TRUST_ROOT}`],
    ]);
    const create = requests[2];
    expect(create?.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse((await create?.text()) ?? "")).toEqual(rootRole);
  });
});

describe("successful answers", () => {
  it("204 → { data: undefined } with the response", async () => {
    const { client } = setup(() => new Response(null, { status: 204 }));
    const result = await client.setTargetRelease("17.0.0");
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(result.response?.status).toBe(204);
    const deleted = await client.deleteTrustRoot(TRUST_ROOT);
    expect([deleted.data, deleted.error, deleted.response?.status]).toEqual([undefined, undefined, 204]);
  });

  it("200 JSON is parsed", async () => {
    const { client } = setup(() => json(200, STATUS));
    const result = await client.getStatus();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(STATUS);
    expect(result.data?.contact_support).toBe(false);
  });

  it("200 with invalid JSON → ApiError carrying the body", async () => {
    const { client } = setup(() => new Response('{"components_by_release_version": {', { status: 200 }));
    const error = await apiError(client.getStatus());
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/invalid JSON/);
    expect(error.body).toBe('{"components_by_release_version": {');
    expect(error.errorCode).toBeUndefined();
    expect(error.refusal).toBeUndefined();
    await expect(client.throwing.getStatus()).rejects.toBeInstanceOf(ApiError);
  });

  it("the throwing twin resolves to the data", async () => {
    const { client } = setup((request) => (request.method === "GET" ? json(200, STATUS) : new Response(null, { status: 204 })));
    await expect(client.throwing.getStatus()).resolves.toEqual(STATUS);
    await expect(client.throwing.setTargetRelease("17.0.0")).resolves.toBeUndefined();
    await expect(client.throwing.finishRecovery("17.0.0")).resolves.toBeUndefined();
  });
});

describe("target-release refusals", () => {
  /** Realistic values for every kind; the mapped type makes a new kind without samples a compile error. */
  const SAMPLES: { readonly [K in TargetReleaseRefusalKind]: readonly Extract<TargetReleaseRefusal, { kind: K }>[] } = {
    "already-targeting": [{ kind: "already-targeting", current: CURRENT }],
    "skip-release": [{ kind: "skip-release", currentMajor: "16", proposedMajor: "18" }],
    downgrade: [
      { kind: "downgrade", proposed: "16.1.0-0.ci+git123456789ab", current: CURRENT },
      { kind: "downgrade", proposed: "1.0.0", current: "2.0.0" },
    ],
    "mupdate-pending": [{ kind: "mupdate-pending" }],
    "update-in-progress": [{ kind: "update-in-progress" }],
    "recovery-not-needed": [{ kind: "recovery-not-needed" }],
    "recovery-wrong-version": [
      { kind: "recovery-wrong-version", proposed: "17.0.0-0.ci+git0123456789a", sledId: SLED, versionFound: CURRENT },
      { kind: "recovery-wrong-version", proposed: "2.0.0", sledId: SLED, versionFound: null },
    ],
    "repo-not-found": [
      { kind: "repo-not-found", version: "0.0.0" },
      { kind: "repo-not-found", version: "20.0.0-0.local+git553e6c0886a" },
    ],
  };
  const samples: TargetReleaseRefusal[] = Object.values(SAMPLES).flat();

  it("covers every kind of the table", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(TARGET_RELEASE_REFUSALS).sort());
  });

  const isRecovery = (refusal: TargetReleaseRefusal) => refusal.kind.startsWith("recovery-");

  it.each(samples.map((refusal) => [refusal.kind, refusal] as const))("%s is parsed with its fields: %o", async (_, refusal) => {
    const { status, errorCode, message } = describeRefusal(refusal);
    const { client } = setup(() => json(status, errorBody(message, errorCode, "req-42")));
    const error = await apiError(isRecovery(refusal) ? client.finishRecovery("9.9.9") : client.setTargetRelease("9.9.9"));
    expect(error.status).toBe(status);
    expect(error.errorCode).toBe(errorCode);
    expect(error.message).toBe(message);
    expect(error.requestId).toBe("req-42");
    expect(error.refusal).toEqual(refusal);
    const thrown = await client.throwing.setTargetRelease("9.9.9").catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ status, errorCode, message, refusal });
  });

  // The exact upstream texts (docs/design.md, "Target release rules" and "Golden cases"), written out so a wrong table fails here.
  const UPSTREAM: readonly { case: string; status: number; errorCode: string; message: string; refusal: TargetReleaseRefusal }[] = [
    {
      case: "G13",
      status: 400,
      errorCode: "InvalidRequest",
      message: `Target release cannot be changed: cannot update to target release 16.2.0-0.ci+git544f608e05a (already targeting that version)`,
      refusal: { kind: "already-targeting", current: "16.2.0-0.ci+git544f608e05a" },
    },
    {
      case: "G14",
      status: 400,
      errorCode: "InvalidRequest",
      message:
        "Target release cannot be changed: cannot downgrade: requested target release version 16.1.0-0.ci+git123456789ab is older than current target release version 16.2.0-0.ci+git544f608e05a",
      refusal: { kind: "downgrade", proposed: "16.1.0-0.ci+git123456789ab", current: "16.2.0-0.ci+git544f608e05a" },
    },
    {
      case: "G16",
      status: 400,
      errorCode: "InvalidRequest",
      message: "Target release cannot be changed: cannot skip from scheduled release 16 to scheduled release 18",
      refusal: { kind: "skip-release", currentMajor: "16", proposedMajor: "18" },
    },
    {
      case: "G17",
      status: 400,
      errorCode: "InvalidRequest",
      message: "Target release cannot be changed: a support-driven recovery (mupdate) has occurred and must be cleared first",
      refusal: { kind: "mupdate-pending" },
    },
    {
      case: "G20",
      status: 400,
      errorCode: "InvalidRequest",
      message: "Target release cannot be changed: a previous update is still in progress",
      refusal: { kind: "update-in-progress" },
    },
    {
      case: "G23",
      status: 400,
      errorCode: "InvalidRequest",
      message: "Target release cannot be changed: no evidence a mupdate has occurred - recovery not needed",
      refusal: { kind: "recovery-not-needed" },
    },
    {
      case: "G26",
      status: 400,
      errorCode: "InvalidRequest",
      message: `Target release cannot be changed: mupdate recovery required, but specified version 17.0.0-0.ci+git0123456789a does not match the version of components deployed on sled ${SLED} (version 16.2.0-0.ci+git544f608e05a)`,
      refusal: {
        kind: "recovery-wrong-version",
        proposed: "17.0.0-0.ci+git0123456789a",
        sledId: SLED,
        versionFound: "16.2.0-0.ci+git544f608e05a",
      },
    },
    {
      case: "unknown version found",
      status: 400,
      errorCode: "InvalidRequest",
      message: `Target release cannot be changed: mupdate recovery required, but specified version 2.0.0 does not match the version of components deployed on sled ${SLED} ((unknown version))`,
      refusal: { kind: "recovery-wrong-version", proposed: "2.0.0", sledId: SLED, versionFound: null },
    },
    {
      case: "G29",
      status: 404,
      errorCode: "ObjectNotFound",
      message: 'not found: tuf-repo with id "0.0.0"',
      refusal: { kind: "repo-not-found", version: "0.0.0" },
    },
  ];

  it.each(UPSTREAM)("$case: the exact upstream message is parsed", async ({ status, errorCode, message, refusal }) => {
    expect(message.startsWith(P) || status === 404).toBe(true);
    // The table renders the same text...
    expect(describeRefusal(refusal)).toEqual({ status, errorCode, message });
    // ...and the client reads it back.
    const { client } = setup(() => json(status, errorBody(message, errorCode)));
    const error = await apiError(client.setTargetRelease("9.9.9"));
    expect(error).toMatchObject({ status, errorCode, message, refusal });
  });

  it("parses a refusal only with the right status and error_code", async () => {
    const message = `${P}a previous update is still in progress`;
    const answers = [
      json(500, errorBody(message, "InvalidRequest")),
      json(400, errorBody(message, "Internal")),
      json(400, errorBody(message)),
    ];
    const { client } = setup(() => answers.shift() ?? json(500, errorBody("Internal Server Error", "Internal")));
    for (let i = 0; i < 3; i++) {
      const error = await apiError(client.setTargetRelease("17.0.0"));
      expect(error.message).toBe(message);
      expect(error.refusal).toBeUndefined();
    }
  });

  it("other InvalidRequest / Internal errors carry their code but no refusal", async () => {
    const pruned = "cannot make TUF repo 3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b the target release: it has been pruned from the system";
    const answers = [json(400, errorBody(pruned, "InvalidRequest")), json(500, errorBody("Internal Server Error", "Internal"))];
    const { client } = setup(() => answers.shift() ?? new Response(null, { status: 204 }));
    const first = await apiError(client.setTargetRelease("17.0.0"));
    expect(first).toMatchObject({ status: 400, errorCode: "InvalidRequest", message: pruned, refusal: undefined });
    const second = await apiError(client.setTargetRelease("17.0.0"));
    expect(second).toMatchObject({ status: 500, errorCode: "Internal", message: "Internal Server Error", refusal: undefined });
  });
});

describe("dropshot, authn and authz errors", () => {
  it("400 body parse error: no error_code, no refusal", async () => {
    const message = "unable to parse JSON body: missing field `system_version` at line 1 column 2";
    const { client } = setup(() => json(400, errorBody(message, undefined, "req-400")));
    const error = await apiError(client.setTargetRelease("17.0.0"));
    expect(error).toMatchObject({ status: 400, message, requestId: "req-400" });
    expect(error.errorCode).toBeUndefined();
    expect(error.refusal).toBeUndefined();
  });

  it("400 api-version not supported: no error_code", async () => {
    const message = "server does not support this API version: 2099010100.0.0";
    const { client } = setup(() => json(400, errorBody(message)));
    const error = await apiError(client.getStatus());
    expect(error).toMatchObject({ status: 400, message, errorCode: undefined, refusal: undefined });
  });

  it("404 Not Found (e.g. recovery-finish on an old API version): no error_code, no refusal", async () => {
    const { client, only } = setup(() => json(404, errorBody("Not Found")));
    // At run time the client sends what it is asked to; the types forbid this call (see types.test-d.ts).
    const error = await apiError(client.setTargetRelease("1.0.0"));
    expect(only().headers.get("api-version")).toBe(LATEST_API_VERSION);
    expect(error).toMatchObject({ status: 404, message: "Not Found", errorCode: undefined, refusal: undefined });
  });

  it("405 Method Not Allowed keeps the Allow header on the response", async () => {
    const { client } = setup(() => json(405, errorBody("Method Not Allowed"), { allow: "PUT" }));
    const result = await client.setTargetRelease("1.0.0");
    const error = await apiError(Promise.resolve(result));
    expect(error).toMatchObject({ status: 405, message: "Method Not Allowed", errorCode: undefined, refusal: undefined });
    expect(result.response?.headers.get("allow")).toBe("PUT");
  });

  it("401 Unauthorized", async () => {
    const { client } = setup(() => json(401, errorBody("credentials missing or invalid", "Unauthorized", "req-401")));
    const error = await apiError(client.setTargetRelease("2.0.0"));
    expect(error).toMatchObject({
      status: 401,
      errorCode: "Unauthorized",
      message: "credentials missing or invalid",
      requestId: "req-401",
      refusal: undefined,
    });
  });

  it("403 Forbidden", async () => {
    const { client } = setup(() => json(403, errorBody("Forbidden", "Forbidden")));
    const error = await apiError(client.getStatus());
    expect(error).toMatchObject({ status: 403, errorCode: "Forbidden", message: "Forbidden", refusal: undefined });
    await expect(client.throwing.getStatus()).rejects.toMatchObject({ name: "ApiError", status: 403, errorCode: "Forbidden" });
  });

  it("keeps the body text exactly as received", async () => {
    const text = '{ "request_id": "r", "error_code": "Forbidden",\n  "message": "Forbidden" }';
    const { client } = setup(() => new Response(text, { status: 403, headers: { "content-type": "application/json" } }));
    const error = await apiError(client.getStatus());
    expect(error.body).toBe(text);
    expect(error.message).toBe("Forbidden");
  });
});

describe("bodies that are not the Error shape", () => {
  it("an HTML 502 from a proxy is an ApiError with status and an excerpt of the body", async () => {
    const html =
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    const { client } = setup(
      () =>
        new Response(html, { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/html", "x-request-id": "proxy-1" } }),
    );
    const error = await apiError(client.setTargetRelease("17.0.0"));
    expect(error.status).toBe(502);
    expect(error.message).toContain("502");
    expect(error.message).toContain("Bad Gateway");
    expect(error.message).toContain("<h1>502 Bad Gateway</h1>");
    expect(error.body).toBe(html);
    expect(error.errorCode).toBeUndefined();
    expect(error.refusal).toBeUndefined();
    expect(error.requestId).toBe("proxy-1");
    await expect(client.throwing.setTargetRelease("17.0.0")).rejects.toBeInstanceOf(ApiError);
  });

  it("a long non-JSON body is cut in the message but kept whole in body", async () => {
    const text = "x".repeat(1000);
    const { client } = setup(() => new Response(text, { status: 500 }));
    const error = await apiError(client.getStatus());
    expect(error.message.length).toBeLessThan(300);
    expect(error.body).toBe(text);
  });

  it("an empty 503 with content-length 0 is an ApiError, never an undefined error", async () => {
    const { client } = setup(
      () => new Response("", { status: 503, statusText: "Service Unavailable", headers: { "content-length": "0" } }),
    );
    const result = await client.getStatus();
    expect(result.error).toBeDefined();
    const error = await apiError(Promise.resolve(result));
    expect(error.status).toBe(503);
    expect(error.message).toBe("HTTP 503 Service Unavailable: (empty body)");
    expect(error.body).toBe("");
    await expect(client.throwing.getStatus()).rejects.toMatchObject({ status: 503 });
  });

  it("an empty error body without content-length or statusText", async () => {
    const { client } = setup(() => new Response(null, { status: 503 }));
    const error = await apiError(client.setTargetRelease("1.0.0"));
    expect(error.status).toBe(503);
    expect(error.message).toBe("HTTP 503: (empty body)");
  });

  it("JSON that is not the Error shape", async () => {
    const answers = [json(500, ["oops"]), json(500, "oops"), json(500, { message: 42 })];
    const { client } = setup(() => answers.shift() ?? json(500, null));
    for (const body of ['["oops"]', '"oops"', '{"message":42}', "null"]) {
      const error = await apiError(client.getStatus());
      expect(error.status).toBe(500);
      expect(error.body).toBe(body);
      expect(error.message).toContain("500");
      expect(error.errorCode).toBeUndefined();
    }
  });
});

describe("request id", () => {
  it("comes from the body when present, even with an x-request-id header", async () => {
    const { client } = setup(() => json(403, errorBody("Forbidden", "Forbidden", "from-body"), { "x-request-id": "from-header" }));
    expect((await apiError(client.getStatus())).requestId).toBe("from-body");
  });

  it("falls back to x-request-id", async () => {
    const { client } = setup(() => json(403, { error_code: "Forbidden", message: "Forbidden" }, { "x-request-id": "from-header" }));
    expect((await apiError(client.getStatus())).requestId).toBe("from-header");
  });

  it("is undefined when neither has one", async () => {
    const { client } = setup(() => json(403, { error_code: "Forbidden", message: "Forbidden" }));
    expect((await apiError(client.getStatus())).requestId).toBeUndefined();
  });
});

describe("network failure", () => {
  it("a rejected fetch is a NetworkError result, and the throwing twin rejects with it", async () => {
    const cause = new TypeError("fetch failed");
    const { client } = setup(() => Promise.reject(cause));
    const result = await client.setTargetRelease("17.0.0");
    expect(result.data).toBeUndefined();
    expect(result.response).toBeUndefined();
    expect(result.error).toBeInstanceOf(NetworkError);
    expect(result.error?.kind).toBe("network");
    expect(result.error?.cause).toBe(cause);
    expect(result.error?.message).toContain("fetch failed");
    const thrown = await client.throwing.getStatus().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(NetworkError);
    expect(thrown).toMatchObject({ kind: "network", name: "NetworkError", cause });
  });

  it("a non-Error rejection is a NetworkError too", async () => {
    const { client } = setup(() => Promise.reject("ECONNREFUSED"));
    const { error } = await client.getStatus();
    expect(error).toBeInstanceOf(NetworkError);
    expect(error?.message).toContain("ECONNREFUSED");
  });
});

describe("pagination", () => {
  const pagesByToken: Record<string, { items: ReturnType<typeof repo>[]; next_page: string | null }> = {
    "": { items: [repo("3.0.0"), repo("2.0.0")], next_page: "t1" },
    t1: { items: [repo("1.0.0")], next_page: "t2" },
    t2: { items: [], next_page: null },
  };
  const serve = (request: Request) => json(200, pagesByToken[new URL(request.url).searchParams.get("page_token") ?? ""]);

  it("repositoryPages iterates page after page and stops at an empty page", async () => {
    const { client, requests } = setup(serve);
    const pages = [];
    for await (const page of client.repositoryPages({ limit: 2, sortBy: "version_descending" })) pages.push(page);
    expect(pages.map((page) => page.items.map((item) => item.system_version))).toEqual([["3.0.0", "2.0.0"], ["1.0.0"]]);
    expect(requests.map(target)).toEqual([
      "/v1/system/update/repositories?limit=2&sort_by=version_descending",
      "/v1/system/update/repositories?limit=2&page_token=t1&sort_by=version_descending",
      "/v1/system/update/repositories?limit=2&page_token=t2&sort_by=version_descending",
    ]);
  });

  it("stops after a page without next_page, without another request", async () => {
    const answers = [
      { items: [repo("2.0.0")], next_page: "t1" },
      { items: [repo("1.0.0")], next_page: null },
    ];
    const { client, requests } = setup(() => json(200, answers.shift() ?? { items: [repo("0.0.1")] }));
    const versions: string[] = [];
    for await (const page of client.repositoryPages()) versions.push(...page.items.map((item) => item.system_version));
    expect(versions).toEqual(["2.0.0", "1.0.0"]);
    expect(requests.map(target)).toEqual(["/v1/system/update/repositories", "/v1/system/update/repositories?page_token=t1"]);
  });

  it("stops when next_page is absent", async () => {
    const { client, requests } = setup(() => json(200, { items: [repo("1.0.0")] }));
    let count = 0;
    for await (const page of client.repositoryPages()) count += page.items.length;
    expect(count).toBe(1);
    expect(requests).toHaveLength(1);
  });

  it("throws the ApiError of a failing page", async () => {
    const answers = [json(200, { items: [repo("2.0.0")], next_page: "t1" }), json(403, errorBody("Forbidden", "Forbidden"))];
    const { client } = setup(() => answers.shift() ?? json(500, errorBody("Internal Server Error", "Internal")));
    const seen: string[] = [];
    const run = async () => {
      for await (const page of client.repositoryPages()) seen.push(...page.items.map((item) => item.system_version));
    };
    await expect(run()).rejects.toMatchObject({ name: "ApiError", status: 403 });
    expect(seen).toEqual(["2.0.0"]);
  });

  it("trustRootPages passes page_token too", async () => {
    const root = { id: TRUST_ROOT, root_role: {}, time_created: "2026-08-20T16:48:31.207Z" };
    const answers = [
      { items: [root], next_page: "r1" },
      { items: [], next_page: "r2" },
    ];
    const { client, requests } = setup(() => json(200, answers.shift() ?? { items: [root] }));
    let pages = 0;
    for await (const page of client.trustRootPages({ sortBy: "id_ascending" })) pages += page.items.length > 0 ? 1 : 0;
    expect(pages).toBe(1);
    expect(requests.map(target)).toEqual([
      "/v1/system/update/trust-roots?sort_by=id_ascending",
      "/v1/system/update/trust-roots?page_token=r1&sort_by=id_ascending",
    ]);
  });
});

describe("globalThis.fetch", () => {
  it("is looked up at call time when no fetch is injected", async () => {
    const original = globalThis.fetch;
    const client = createClient({ baseUrl: BASE, token: "t" });
    const rec = recorder(() => json(200, STATUS));
    globalThis.fetch = (input: RequestInfo | URL) => {
      if (!(input instanceof Request)) throw new Error("expected a Request");
      return rec.fetch(input);
    };
    try {
      const { data } = await client.getStatus();
      expect(data).toEqual(STATUS);
      const request = rec.only();
      expect(request.url).toBe(`${BASE}/v1/system/update/status`);
      expect(request.headers.get("authorization")).toBe("Bearer t");
    } finally {
      globalThis.fetch = original;
    }
    expect(globalThis.fetch).toBe(original);
  });
});
