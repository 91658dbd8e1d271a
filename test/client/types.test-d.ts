/**
 * Type-level tests (vitest typecheck): the pinned API version narrows the client's types. Every
 * `@ts-expect-error` below has been checked to fire: without it, tsc reports the line.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  createClient,
  type ApiError,
  type ApiResult,
  type ClientError,
  type NetworkError,
  type Schemas,
  type TargetReleaseRefusal,
  type TargetReleaseRefusalKind,
} from "../../src/index.js";
import type { OperationsByVersion } from "../../generated/index.js";

const baseUrl = "http://rack.test";
const latest = createClient({ baseUrl });
const feb13 = createClient({ baseUrl, apiVersion: "2026021301.0.0" });
const feb25 = createClient({ baseUrl, apiVersion: "2026022500.0.0" });

declare const apiError: ApiError;

describe("api version", () => {
  test("defaults to the latest and keeps the pinned literal", () => {
    expectTypeOf(latest.apiVersion).toEqualTypeOf<"2026081901.0.0">();
    expectTypeOf(feb13.apiVersion).toEqualTypeOf<"2026021301.0.0">();
  });

  test("an unknown version is refused", () => {
    // @ts-expect-error not one of the API versions in spec/
    createClient({ baseUrl, apiVersion: "2099010100.0.0" });
  });
});

describe("getStatus", () => {
  test("latest has contact_support: boolean", async () => {
    const { data } = await latest.getStatus();
    expectTypeOf(data).toEqualTypeOf<Schemas["UpdateStatus"] | undefined>();
    if (data) {
      expectTypeOf(data.contact_support).toEqualTypeOf<boolean>();
      expectTypeOf(data.suspended).toEqualTypeOf<boolean>();
    }
    expectTypeOf(await latest.throwing.getStatus())
      .toHaveProperty("contact_support")
      .toEqualTypeOf<boolean>();
  });

  test("2026021301.0.0 has no contact_support", async () => {
    const { data } = await feb13.getStatus();
    if (data) {
      expectTypeOf(data.suspended).toEqualTypeOf<boolean>();
      // @ts-expect-error contact_support came with 2026052000.0.0
      void data.contact_support;
    }
    const status = await feb13.throwing.getStatus();
    // @ts-expect-error contact_support came with 2026052000.0.0
    void status.contact_support;
  });

  test("2026022500.0.0 has no contact_support", async () => {
    const { data } = await feb25.getStatus();
    if (data) {
      expectTypeOf(data.suspended).toEqualTypeOf<boolean>();
      // @ts-expect-error contact_support came with 2026052000.0.0
      void data.contact_support;
    }
  });

  test("Schemas<V> follows the version", () => {
    expectTypeOf<Schemas<"2026021301.0.0">["UpdateStatus"]>().not.toHaveProperty("contact_support");
    expectTypeOf<Schemas<"2026022500.0.0">["UpdateStatus"]>().not.toHaveProperty("contact_support");
    expectTypeOf<Schemas<"2026052000.0.0">["UpdateStatus"]>().toHaveProperty("contact_support").toEqualTypeOf<boolean>();
    expectTypeOf<Schemas["UpdateStatus"]>().toHaveProperty("contact_support").toEqualTypeOf<boolean>();
    // @ts-expect-error contact_support came with 2026052000.0.0
    expectTypeOf<Schemas<"2026021301.0.0">["UpdateStatus"]["contact_support"]>().toBeBoolean();
  });
});

describe("finishRecovery", () => {
  test("is never on 2026021301.0.0", () => {
    expectTypeOf(feb13.finishRecovery).toBeNever();
    expectTypeOf(feb13.throwing.finishRecovery).toBeNever();
    // @ts-expect-error recovery-finish came with 2026022500.0.0
    void feb13.finishRecovery("16.2.0-0.ci+git544f608e05a");
    // @ts-expect-error recovery-finish came with 2026022500.0.0
    void feb13.throwing.finishRecovery("16.2.0-0.ci+git544f608e05a");
  });

  test("is callable from 2026022500.0.0", () => {
    expectTypeOf(feb25.finishRecovery).toEqualTypeOf<(systemVersion: string) => Promise<ApiResult<void>>>();
    expectTypeOf(feb25.throwing.finishRecovery).toEqualTypeOf<(systemVersion: string) => Promise<void>>();
    expectTypeOf(latest.finishRecovery).toBeCallableWith("16.2.0-0.ci+git544f608e05a");
    // @ts-expect-error the version is a string
    void feb25.finishRecovery(16);
  });
});

describe("method signatures", () => {
  test("results and throwing twins", () => {
    expectTypeOf(latest.setTargetRelease).toEqualTypeOf<(systemVersion: string) => Promise<ApiResult<void>>>();
    expectTypeOf(latest.throwing.setTargetRelease).returns.resolves.toBeVoid();
    expectTypeOf(latest.throwing.viewRepository).returns.resolves.toEqualTypeOf<Schemas["TufRepo"]>();
    expectTypeOf(latest.throwing.uploadRepository).returns.resolves.toEqualTypeOf<Schemas["TufRepoUpload"]>();
    expectTypeOf(latest.uploadRepository).toBeCallableWith("repo.zip", new Uint8Array());
    expectTypeOf(latest.uploadRepository).toBeCallableWith("repo.zip", new Blob([]));
    // @ts-expect-error the archive is bytes, not a string
    void latest.uploadRepository("repo.zip", "PK...");
  });

  test("sortBy is the version's sort mode", () => {
    void latest.listRepositories({ sortBy: "version_ascending", limit: 10, pageToken: "t" });
    void latest.listTrustRoots({ sortBy: "id_ascending" });
    // @ts-expect-error not a VersionSortMode
    void latest.listRepositories({ sortBy: "nope" });
    // @ts-expect-error an IdSortMode, not a VersionSortMode
    void latest.listRepositories({ sortBy: "id_ascending" });
    // @ts-expect-error the query is camelCase
    void latest.listRepositories({ sort_by: "version_ascending" });
    // @ts-expect-error not an IdSortMode
    void latest.listTrustRoots({ sortBy: "version_ascending" });
    // @ts-expect-error the page token comes from the previous page
    void latest.repositoryPages({ pageToken: "t" });
  });

  test("pages are the version's page type", () => {
    expectTypeOf(feb13.repositoryPages()).toEqualTypeOf<AsyncIterable<Schemas<"2026021301.0.0">["TufRepoResultsPage"]>>();
    expectTypeOf(latest.trustRootPages()).toEqualTypeOf<AsyncIterable<Schemas["UpdatesTrustRootResultsPage"]>>();
  });
});

describe("raw client", () => {
  test("a wrong body does not compile", () => {
    void latest.raw.PUT("/v1/system/update/target-release", { body: { system_version: "1.0.0" } });
    // @ts-expect-error the field is system_version
    void latest.raw.PUT("/v1/system/update/target-release", { body: { systemVersion: "1.0.0" } });
    // @ts-expect-error the version is a string
    void latest.raw.PUT("/v1/system/update/target-release", { body: { system_version: 1 } });
  });

  test("a path absent from the pinned version does not compile", () => {
    void feb25.raw.PUT("/v1/system/update/recovery-finish", { body: { system_version: "1.0.0" } });
    // @ts-expect-error recovery-finish came with 2026022500.0.0
    void feb13.raw.PUT("/v1/system/update/recovery-finish", { body: { system_version: "1.0.0" } });
    // @ts-expect-error no such path
    void latest.raw.GET("/v1/system/update/nope", {});
    // @ts-expect-error status is GET only
    void latest.raw.PUT("/v1/system/update/status", {});
  });

  test("raw data follows the pinned version", async () => {
    const { data } = await feb13.raw.GET("/v1/system/update/status");
    if (data) {
      // @ts-expect-error contact_support came with 2026052000.0.0
      void data.contact_support;
    }
    const fresh = await latest.raw.GET("/v1/system/update/status");
    if (fresh.data) expectTypeOf(fresh.data.contact_support).toEqualTypeOf<boolean>();
  });
});

describe("errors", () => {
  test("a result's error is an ApiError or a NetworkError, told apart by kind", async () => {
    const { error } = await latest.setTargetRelease("17.0.0");
    expectTypeOf(error).toEqualTypeOf<ClientError | undefined>();
    if (error?.kind === "api") {
      expectTypeOf(error).toEqualTypeOf<ApiError>();
      expectTypeOf(error.status).toBeNumber();
      expectTypeOf(error.errorCode).toEqualTypeOf<string | undefined>();
      expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
    }
    if (error?.kind === "network") {
      expectTypeOf(error).toEqualTypeOf<NetworkError>();
      // @ts-expect-error a network error has no status
      void error.status;
    }
  });

  test("refusal narrows by kind to its fields", () => {
    const refusal = apiError.refusal;
    expectTypeOf(refusal).toEqualTypeOf<TargetReleaseRefusal | undefined>();
    expectTypeOf<TargetReleaseRefusalKind>().toEqualTypeOf<
      | "already-targeting"
      | "skip-release"
      | "downgrade"
      | "mupdate-pending"
      | "update-in-progress"
      | "recovery-not-needed"
      | "recovery-wrong-version"
      | "repo-not-found"
    >();
    // @ts-expect-error refusal may be undefined
    void refusal.kind;
    switch (refusal?.kind) {
      case "recovery-wrong-version":
        expectTypeOf(refusal.sledId).toEqualTypeOf<string>();
        expectTypeOf(refusal.versionFound).toEqualTypeOf<string | null>();
        expectTypeOf(refusal.proposed).toEqualTypeOf<string>();
        break;
      case "downgrade":
        expectTypeOf(refusal).toEqualTypeOf<{ readonly kind: "downgrade"; readonly proposed: string; readonly current: string }>();
        // @ts-expect-error only recovery-wrong-version has a sled
        void refusal.sledId;
        break;
      case "skip-release":
        expectTypeOf(refusal.currentMajor).toEqualTypeOf<string>();
        expectTypeOf(refusal.proposedMajor).toEqualTypeOf<string>();
        break;
      case "already-targeting":
        expectTypeOf(refusal.current).toEqualTypeOf<string>();
        break;
      case "repo-not-found":
        expectTypeOf(refusal.version).toEqualTypeOf<string>();
        break;
      case "mupdate-pending":
      case "update-in-progress":
      case "recovery-not-needed":
        expectTypeOf(refusal).toHaveProperty("kind");
        // @ts-expect-error these kinds have no fields
        void refusal.current;
        break;
      case undefined:
        break;
      default:
        expectTypeOf(refusal).toBeNever();
    }
  });
});

describe("operations (one method per operationId)", () => {
  test("exist for exactly the pinned version's operations", () => {
    expectTypeOf<keyof typeof latest.operations>().toEqualTypeOf<keyof OperationsByVersion["2026081901.0.0"]>();
    expectTypeOf<keyof typeof feb13.operations>().toEqualTypeOf<keyof OperationsByVersion["2026021301.0.0"]>();
    // @ts-expect-error recovery-finish arrived in 2026022500.0.0
    void feb13.operations.system_update_recovery_finish;
  });

  test("take the spec's parameters and body, and resolve to its success body", async () => {
    const { data } = await latest.operations.system_update_repository_list({
      params: { query: { limit: 2, sort_by: "version_ascending" } },
    });
    expectTypeOf(data).toEqualTypeOf<Schemas["TufRepoResultsPage"] | undefined>();
    await latest.operations.system_update_status();
    await latest.operations.target_release_update({ body: { system_version: "1.0.0" } });
    // @ts-expect-error the body is required
    await latest.operations.target_release_update();
    // @ts-expect-error not a sort mode of this list
    await latest.operations.system_update_repository_list({ params: { query: { sort_by: "id_ascending" } } });
    // @ts-expect-error the path variable is required
    await latest.operations.system_update_repository_view({ params: { path: {} } });
    await latest.operations.system_update_repository_upload({ params: { query: { file_name: "r.zip" } }, body: new Uint8Array(0) });
  });
});
