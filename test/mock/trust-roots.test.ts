/** The TUF trust store: create, list (paged by id), view, delete, and who may do what. */
import { describe, expect, it } from "vitest";
import type { FleetRole } from "../../mocks/core/auth/auth.js";
import type { MockResponse } from "../../mocks/core/protocol/message.js";
import type { OperationContext } from "../../mocks/core/operations/context.js";
import { createTrustRoot, deleteTrustRoot, listTrustRoots, viewTrustRoot } from "../../mocks/core/operations/trust-roots.js";
import type { OperationId } from "../../mocks/core/protocol/operation-types.js";
import { parseUuid } from "../../mocks/core/serde/uuid.js";
import type { Session } from "../../mocks/core/sessions/session.js";
import { buildRepositoryArchive } from "../../mocks/core/tuf/archive-build.js";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { FIXED_NOW, bodyOf, makeContext, makeSession, trustRoot, uploadThrough } from "../support/context.js";

const IDS = [
  "00000000-0000-4000-8000-00000000000a",
  "11111111-0000-4000-8000-000000000000",
  "ffffffff-0000-4000-8000-000000000000",
] as const;
const ROLE = { signed: { _type: "root", version: 1 }, signatures: [] };

const errorOf = (response: MockResponse) => {
  const body = bodyOf(response) as { error_code?: string; message: string };
  return { status: response.status, error_code: body.error_code, message: body.message };
};
const withRoots = (...ids: string[]): Session => makeSession({ trustRoots: ids.map((id) => trustRoot(id)) });
const call = <K extends OperationId>(
  handler: (ctx: OperationContext<K>) => MockResponse,
  session: Session,
  id: string,
  role: FleetRole = "admin",
) => handler(makeContext<K>({ session, role, pathParams: { trust_root_id: id } }));

describe("POST /v1/system/update/trust-roots", () => {
  it("stores the root for a fleet admin and answers 201 in UpdatesTrustRoot's field order", () => {
    const session = makeSession();
    const response = createTrustRoot(makeContext({ session }), ROLE);
    expect(response.status).toBe(201);
    const expected = { id: "00000000-0000-4000-8000-000000000001", time_created: FIXED_NOW.toISOString(), root_role: ROLE };
    expect(response.body).toBe(JSON.stringify(expected));
    expect(session.trustRoots).toEqual([{ id: expected.id, root_role: ROLE, time_created: expected.time_created }]);
  });

  it("is forbidden to everyone else", () => {
    for (const role of ["viewer", "collaborator", "none"] as const) {
      const session = makeSession();
      expect(errorOf(createTrustRoot(makeContext({ session, role }), ROLE))).toEqual({
        status: 403,
        error_code: "Forbidden",
        message: "Forbidden",
      });
      expect(session.trustRoots).toEqual([]);
    }
  });
});

describe("GET /v1/system/update/trust-roots", () => {
  const list = (session: Session, query: string, role: FleetRole = "viewer") => listTrustRoots(makeContext({ session, query, role }));
  const page = (response: MockResponse) => {
    expect(response.status).toBe(200);
    const body = bodyOf(response) as { next_page: string | null; items: { id: string }[] };
    return { ids: body.items.map((i) => i.id), next: body.next_page };
  };

  it("lists by ascending id in pages, with dropshot's generic id token", () => {
    const session = withRoots(IDS[2], IDS[0], IDS[1]);
    expect(page(list(session, "")).ids).toEqual([...IDS]);
    const first = page(list(session, "limit=2"));
    expect(first.ids).toEqual([IDS[0], IDS[1]]);
    expect(JSON.parse(Buffer.from(first.next ?? "", "base64url").toString())).toEqual({
      v: "v1",
      page_start: { sort_by: "id_ascending", last_seen: IDS[1] },
    });
    const second = page(list(session, `limit=2&page_token=${first.next}`, "collaborator"));
    expect(second.ids).toEqual([IDS[2]]);
    expect(page(list(session, `page_token=${second.next}`))).toEqual({ ids: [], next: null });
    expect(page(list(makeSession(), ""))).toEqual({ ids: [], next: null });
  });

  it("shares the repositories' query parsing: one sort mode, limits, tokens", () => {
    const session = withRoots(IDS[0]);
    expect(errorOf(list(session, "sort_by=id_descending")).message).toBe(
      "unable to parse query string: unknown variant `id_descending`, expected `id_ascending`",
    );
    expect(errorOf(list(session, "limit=0")).message).toBe(
      "unable to parse query string: invalid value: integer `0`, expected a nonzero u32",
    );
    const versionToken = Buffer.from('{"v":"v1","page_start":{"sort_by":"version_ascending","last_seen":"1.0.0"}}').toString("base64url");
    expect(errorOf(list(session, `page_token=${versionToken}`)).message).toBe(
      "unable to parse query string: failed to parse pagination token: corrupted token",
    );
    // The token's last_seen may be any form the uuid crate reads.
    const upper = Buffer.from(`{"v":"v1","page_start":{"last_seen":"{${IDS[0].toUpperCase()}}"}}`).toString("base64");
    expect(page(list(withRoots(...IDS), `page_token=${encodeURIComponent(upper)}`)).ids).toEqual([IDS[1], IDS[2]]);
  });

  it("needs a fleet role", () => {
    expect(errorOf(list(withRoots(IDS[0]), "", "none")).status).toBe(403);
  });
});

describe("GET and DELETE /v1/system/update/trust-roots/{trust_root_id}", () => {
  it("views a root in any uuid form the uuid crate accepts", () => {
    const session = withRoots(IDS[1]);
    for (const form of [IDS[1], IDS[1].toUpperCase(), IDS[1].replaceAll("-", ""), `{${IDS[1]}}`, `urn:uuid:${IDS[1]}`]) {
      const response = call(viewTrustRoot, session, form, "viewer");
      expect(response.status).toBe(200);
      expect(Object.keys(bodyOf(response) as object)).toEqual(["id", "time_created", "root_role"]);
    }
  });

  it("refuses bad ids with dropshot's path text and the uuid crate's messages", () => {
    const session = withRoots(IDS[0]);
    const message = (id: string) => errorOf(call(viewTrustRoot, session, id)).message;
    const prefix = "bad parameter in URL path: UUID parsing failed: ";
    expect(message("abc")).toBe(`${prefix}invalid length: expected length 32 for simple format, found 3`);
    expect(message("xyz")).toBe(`${prefix}invalid character: found \`x\` at 1`);
    expect(message("a-b-c")).toBe(`${prefix}invalid group count: expected 5, found 3`);
    expect(message("0000-00000000-4000-8000-000000000000")).toBe(`${prefix}invalid group length in group 0: expected 8, found 4`);
    expect(message("00000000-0000-4000-8000-00000000000")).toBe(`${prefix}invalid group length in group 4: expected 12, found 11`);
    expect(message("{00000000-0000-4000-8000-00000000000g}")).toBe(`${prefix}invalid character: found \`g\` at 36`);
    expect(errorOf(call(viewTrustRoot, session, "abc", "none")).status).toBe(400);
  });

  it("answers 404 for unknown ids, and hides existing roots from callers without a fleet role", () => {
    const session = withRoots(IDS[0]);
    const notFound = (id: string) => ({ status: 404, error_code: "ObjectNotFound", message: `not found: tuf-trust-root with id "${id}"` });
    expect(errorOf(call(viewTrustRoot, session, IDS[2]))).toEqual(notFound(IDS[2]));
    expect(errorOf(call(viewTrustRoot, session, IDS[0].toUpperCase(), "none"))).toEqual(notFound(IDS[0]));
    expect(errorOf(call(deleteTrustRoot, session, IDS[0], "none"))).toEqual(notFound(IDS[0]));
  });

  it("deletes for a fleet admin only; readers get 403 for a root they can see", () => {
    const session = withRoots(IDS[0], IDS[1]);
    expect(errorOf(call(deleteTrustRoot, session, IDS[0], "viewer")).status).toBe(403);
    expect(errorOf(call(deleteTrustRoot, session, IDS[0], "collaborator")).status).toBe(403);
    expect(errorOf(call(deleteTrustRoot, session, IDS[2], "viewer")).status).toBe(404);
    const deleted = call(deleteTrustRoot, session, IDS[0]);
    expect(deleted).toEqual({ status: 204, headers: { "x-request-id": expect.stringMatching(/^[0-9a-f-]{36}$/) }, body: null });
    expect(session.trustRoots.map((r) => r.id)).toEqual([IDS[1]]);
    expect(errorOf(call(viewTrustRoot, session, IDS[0])).status).toBe(404);
    expect(errorOf(call(deleteTrustRoot, session, IDS[0])).status).toBe(404);
  });

  it("leaves uploads without trust roots once the last one is deleted", async () => {
    const session = withRoots(IDS[0]);
    const archive = await buildRepositoryArchive({ systemVersion: "1.0.0" });
    call(deleteTrustRoot, session, IDS[0]);
    const response = await uploadThrough(makeContext({ session, query: { file_name: "r.zip" } }), archive);
    expect(errorOf(response).message).toBe("no trust roots provided to load repository");
    createTrustRoot(makeContext({ session }), seedRootRole());
    const retried = await uploadThrough(makeContext({ session, query: { file_name: "r.zip" } }), archive);
    expect(retried.status).toBe(200);
  });
});

describe("parseUuid", () => {
  it("normalizes to lowercase hyphenated text", () => {
    expect(parseUuid("00000000000040008000000000000001")).toEqual({ ok: true, uuid: "00000000-0000-4000-8000-000000000001" });
    expect(parseUuid("").ok).toBe(false);
  });
});
