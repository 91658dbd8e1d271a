/**
 * Type-level tests (vitest typecheck) for the handlers' side of the spec: a handler can only answer what
 * the spec says its operation answers. Every `@ts-expect-error` below has been checked to fire.
 */
import { describe, expectTypeOf, test } from "vitest";
import type { LatestApiVersion, OperationsByVersion, Schemas } from "../../generated/index.js";
import { createMockCore } from "../../mocks/core/mock.js";
import type { OperationContext } from "../../mocks/core/operations/context.js";
import type { OperationId } from "../../mocks/core/protocol/operation-types.js";

declare const status: OperationContext<"system_update_status">;
declare const update: OperationContext<"target_release_update">;
declare const createRoot: OperationContext<"system_update_trust_root_create">;
declare const latest: Schemas["UpdateStatus"];
declare const before: Schemas<"2026021301.0.0">["UpdateStatus"];
declare const root: Schemas["UpdatesTrustRoot"];

describe("operation ids", () => {
  test("are the latest spec's, no more and no fewer", () => {
    expectTypeOf<OperationId>().toEqualTypeOf<keyof OperationsByVersion[LatestApiVersion]>();
  });
});

describe("reply", () => {
  test("takes the status body of any version that has the operation", () => {
    status.reply(200, latest);
    status.reply(200, before);
  });

  test("refuses a body the spec does not describe", () => {
    // @ts-expect-error `suspended` must be a boolean
    status.reply(200, { ...latest, suspended: "no" });
    // @ts-expect-error a status body needs `time_last_step_planned`
    status.reply(200, { target_release: null, components_by_release_version: {}, suspended: false });
  });

  test("refuses a status the operation does not answer with a body", () => {
    // @ts-expect-error the status operation answers 200, not 201
    status.reply(201, latest);
    // @ts-expect-error PUT target-release answers 204 without a body
    update.reply(204, {});
    createRoot.reply(201, root);
  });

  test("answers an empty success only where the spec has one", () => {
    update.replyEmpty(204);
    // @ts-expect-error the status operation has no empty answer
    status.replyEmpty(204);
  });
});

describe("overrides and the journal (typed by the spec)", () => {
  const mock = createMockCore();

  test("an override answers the spec's body for its status, or an error, or a failed connection", () => {
    mock.override("system_update_status", () => ({ status: 200, body: latest }));
    mock.override("system_update_status", (request) => ({ status: 200, body: { ...before, suspended: request.apiVersion === "1.0.0" } }));
    mock.override("target_release_update", () => ({ status: 204 }));
    mock.override("target_release_update", () => ({
      status: 503,
      error: { message: "Service Unavailable", error_code: "ServiceNotAvailable" },
    }));
    mock.override("system_update_trust_root_list", () => ({ network: "failed" }));
    // @ts-expect-error the status body needs every field of UpdateStatus
    mock.override("system_update_status", () => ({ status: 200, body: { suspended: true } }));
    // @ts-expect-error PUT target-release answers 204 without a body
    mock.override("target_release_update", () => ({ status: 204, body: latest }));
    // @ts-expect-error not an operation of the spec
    mock.override("system_update_nothing", () => ({ status: 204 }));
  });

  test("an override pinned to an API version answers that version's shape; unpinned, any version's", () => {
    mock.override(
      "system_update_status",
      (request) => {
        expectTypeOf(request.apiVersion).toEqualTypeOf<"2026021301.0.0">();
        return { status: 200, body: before };
      },
      { apiVersion: "2026021301.0.0" },
    );
    mock.override("system_update_status", () => ({ status: 200, body: latest }), { apiVersion: "2026081901.0.0" });
    // @ts-expect-error the latest version's status has contact_support
    mock.override("system_update_status", () => ({ status: 200, body: before }), { apiVersion: "2026081901.0.0" });
    mock.override("system_update_status", (request) => {
      expectTypeOf(request.apiVersion).toEqualTypeOf<string>();
      return { status: 200, body: before };
    });
    // @ts-expect-error not an API version of the spec
    mock.override("system_update_status", () => ({ status: 200, body: latest }), { apiVersion: "2099010100.0.0" });
  });

  test("an override's request carries the operation's body type", () => {
    mock.override("target_release_update", (request) => {
      expectTypeOf(request.body).toEqualTypeOf<Schemas["SetTargetReleaseParams"] | undefined>();
      return { status: 204 };
    });
  });

  test("journal entries of one operation have its body type", () => {
    const [entry] = mock.requests({ operation: "target_release_update" });
    expectTypeOf(entry?.body).toEqualTypeOf<Schemas["SetTargetReleaseParams"] | undefined>();
    expectTypeOf(entry?.operationId).toEqualTypeOf<"target_release_update" | null | undefined>();
  });
});
