/**
 * Scenario walks for the contract suite: the stories of docs/design.md, "Planner steps" and "Scenarios" (and test/mock/walks.test.ts)
 * driven through the typed client pinned to one API version against any base URL, with the rack moved
 * through a `MockControl` (the `/__mock/` endpoints are not in the spec: the caller points the control
 * at the mock itself, not at Prism). Besides the stories, a tour of the operations the stories do not
 * reach (repositories, trust roots), so every operation's answers are replayed.
 *
 * The assertions are the stories' milestones; the point is the traffic, judged by whoever stands between
 * the client and the mock.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiVersion, type LatestApiVersion } from "../../generated/index.js";
import type { MockControl } from "../../mocks/control-client.js";
import { RELEASE_19, RELEASE_20, RELEASE_21 } from "../../mocks/core/simulator/scenario-rack.js";
import { buildRepositoryArchive } from "../../mocks/core/tuf/archive-build.js";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { createClient, type ApiResult, type SystemUpdateClient } from "../../src/index.js";
import { VERSION_RECOVERY_FINISH, apiVersionAtLeast } from "../support/versions.js";

export interface WalkTarget {
  /** Where the API answers (Prism in front of the mock, or the mock). */
  readonly baseUrl: string;
  /** The mock's own `/__mock/` endpoints. */
  readonly control: MockControl;
}

const P = "Target release cannot be changed: ";
const MUPDATE_PENDING = `${P}a support-driven recovery (mupdate) has occurred and must be cleared first`;
const IN_PROGRESS = `${P}a previous update is still in progress`;
const NOT_NEEDED = `${P}no evidence a mupdate has occurred - recovery not needed`;
const R22 = "21.1.0-0.ci+git0c1d2e3f4a5";

const total = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function refusal(call: Promise<ApiResult<unknown>>): Promise<string | undefined> {
  const { error } = await call;
  return error?.message;
}

export function describeContractWalks(target: () => WalkTarget, apiVersion: ApiVersion): void {
  const hasRecovery = apiVersionAtLeast(apiVersion, VERSION_RECOVERY_FINISH);
  let t: WalkTarget;
  // One runtime shape for every version; recovery is only called where the version has it.
  let client: SystemUpdateClient;
  const status = () => client.throwing.getStatus();
  const advanceUntilSettled = async () => expect((await t.control.advance({ until: "settled" })).settled).toBe(true);

  beforeAll(() => {
    t = target();
    client = createClient<LatestApiVersion>({ baseUrl: t.baseUrl, apiVersion: apiVersion as LatestApiVersion });
  });
  beforeEach(async () => t.control.reset());

  describe("walks", () => {
    it("factory: first target release, settle, update to the next release one planner step at a time", async () => {
      const factory = await status();
      expect(factory).toMatchObject({ target_release: null, suspended: true });
      const components = total(factory.components_by_release_version);

      await client.throwing.setTargetRelease(RELEASE_19);
      await advanceUntilSettled();
      expect(Object.keys((await status()).components_by_release_version)).toEqual([RELEASE_19]);

      await client.throwing.setTargetRelease(RELEASE_20);
      let moved = 0;
      for (;;) {
        const counts = (await status()).components_by_release_version;
        expect(counts[RELEASE_20] ?? 0).toBe(moved);
        if (moved === 1) {
          // Mid-update: another target release and a recovery are refused.
          expect(await refusal(client.setTargetRelease(RELEASE_21))).toBe(IN_PROGRESS);
          if (hasRecovery) expect(await refusal(client.finishRecovery(RELEASE_20))).toBe(NOT_NEEDED);
        }
        const { steps } = await t.control.advance({ steps: 1 });
        if (steps === 0) break;
        moved += 1;
      }
      expect(moved).toBe(components);
      expect(await status()).toMatchObject({ suspended: false, target_release: { version: RELEASE_20 } });
      // 21.0.0 is not uploaded on a factory rack: refused after validation.
      expect(await refusal(client.setTargetRelease(RELEASE_21))).toBe(`not found: tuf-repo with id "${RELEASE_21}"`);
    });

    it("mupdate of the whole rack: refused for update, recovery to the wrong version then the right one", async () => {
      await t.control.reset("steady");
      expect((await client.throwing.viewRepository(RELEASE_21)).system_version).toBe(RELEASE_21);
      await t.control.mupdate({ version: RELEASE_21, sleds: "all" });
      expect((await status()).suspended).toBe(false);
      await t.control.advance({ steps: 1 });
      expect((await status()).suspended).toBe(true);
      expect(await refusal(client.setTargetRelease(RELEASE_21))).toBe(MUPDATE_PENDING);
      // Before 2026022500.0.0 there is no way out through this API: the walk ends here.
      if (!hasRecovery) return;

      await client.throwing.finishRecovery(RELEASE_20);
      await advanceUntilSettled();
      const waiting = await status();
      expect(waiting.suspended).toBe(false);
      expect(Object.keys(waiting.components_by_release_version)).toContain("install dataset");
      expect(await refusal(client.setTargetRelease(RELEASE_21))).toBe(MUPDATE_PENDING);

      await client.throwing.finishRecovery(RELEASE_21);
      await advanceUntilSettled();
      const recovered = await status();
      expect(recovered).toMatchObject({ suspended: false, target_release: { version: RELEASE_21 } });
      expect(Object.keys(recovered.components_by_release_version)).toEqual([RELEASE_21]);
      expect(await refusal(client.finishRecovery(RELEASE_21))).toBe(NOT_NEEDED);
    });

    it("single sled mupdated to the current release and converted: recovery to the current release", async () => {
      await t.control.reset("single-sled-mupdate-converted");
      const before = await status();
      expect(before.suspended).toBe(true);
      const current = before.target_release?.version ?? "";
      if (hasRecovery) {
        expect(await refusal(client.finishRecovery(RELEASE_21))).toMatch(
          /^Target release cannot be changed: mupdate recovery required, but specified version /,
        );
        await client.throwing.finishRecovery(current);
      } else {
        // Before the split, setting the target release (here an update) is the way out.
        await client.throwing.setTargetRelease(RELEASE_21);
      }
      expect((await status()).suspended).toBe(false);
    });

    it("every built-in scenario answers status, settles, and answers again", async () => {
      for (const { name } of await t.control.scenarios()) {
        await t.control.reset(name);
        expect((await client.getStatus()).error, name).toBeUndefined();
        await advanceUntilSettled();
        expect((await client.getStatus()).error, name).toBeUndefined();
      }
    });
  });

  describe("operations tour", () => {
    it("repositories: upload, upload again, list in pages both ways, view, view a missing one", async () => {
      await t.control.reset("steady");
      const archive = await buildRepositoryArchive({ systemVersion: R22 });
      const uploaded = await client.throwing.uploadRepository(`repo-${R22}.zip`, archive);
      expect(uploaded).toMatchObject({ status: "inserted", repo: { system_version: R22 } });
      expect((await client.throwing.uploadRepository("again.zip", archive)).status).toBe("already_exists");
      for (const sortBy of ["version_descending", "version_ascending"] as const) {
        const listed: string[] = [];
        for await (const page of client.repositoryPages({ limit: 2, sortBy }))
          listed.push(...page.items.map((repo) => repo.system_version));
        expect(listed).toHaveLength(4);
      }
      expect((await client.throwing.viewRepository(R22)).hash).toBe(uploaded.repo.hash);
      const missing = await client.viewRepository("9.9.9");
      expect(missing.error).toMatchObject({ status: 404, errorCode: "ObjectNotFound" });
      await client.throwing.setTargetRelease(R22);
    });

    it("trust roots: create, list in pages, view, delete, view and delete a deleted one", async () => {
      const role = seedRootRole();
      const created = await client.throwing.createTrustRoot(role);
      expect(created.root_role).toEqual(role);
      const ids: string[] = [];
      for await (const page of client.trustRootPages({ limit: 1 })) ids.push(...page.items.map((root) => root.id));
      expect(ids).toContain(created.id);
      expect((await client.throwing.viewTrustRoot(created.id)).id).toBe(created.id);
      expect((await client.deleteTrustRoot(created.id)).error).toBeUndefined();
      expect((await client.viewTrustRoot(created.id)).error).toMatchObject({ status: 404 });
      expect((await client.deleteTrustRoot(created.id)).error).toMatchObject({ status: 404 });
    });
  });
}
