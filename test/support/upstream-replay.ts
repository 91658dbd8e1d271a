/**
 * Upstream's own integration tests for this API, replayed in our words against the mock
 * (docs/upstream-tests.md lists every assertion left out, with its reason). Each case is named after its
 * upstream test: `nexus/tests/integration_tests/updates.rs` and `target_release.rs`. The racks upstream
 * builds with its simulated control plane are state documents here; what upstream does to its database
 * directly (marking a repository pruned, installing a blueprint) goes through `/__mock/`.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, type RackState } from "../../mocks/index.js";
import { readZip } from "../../mocks/core/tuf/zip-read.js";
import { seedRootRole } from "../../mocks/core/tuf/seed-root.js";
import { writeZip } from "../../mocks/core/tuf/zip-write.js";
import { fakeRepository, inconsistentFakeRepository, upstreamClient, type UpstreamClient } from "./upstream-client.js";

const REPOS = "/v1/system/update/repositories";
const TRUST_ROOTS = "/v1/system/update/trust-roots";
const STATUS = "/v1/system/update/status";
const SLED = "1a0b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ZONE_KINDS = ["nexus", "internal_dns", "external_dns", "ntp", "crucible", "crucible_pantry", "cockroach_db"];

interface Repo {
  readonly hash: string;
  readonly system_version: string;
  readonly file_name: string;
  readonly time_created: string;
}
interface Upload {
  readonly repo: Repo;
  readonly status: string;
}
interface Page<T> {
  readonly items: T[];
  readonly next_page?: string | null;
}
interface Status {
  readonly target_release: { version: string; time_requested: string } | null;
  readonly components_by_release_version: Record<string, number>;
  readonly time_last_step_planned: string;
  readonly suspended: boolean;
  readonly contact_support: boolean;
}

/**
 * The rack of upstream's simulated test environment: one sled whose seven zones run from the install
 * dataset, its OS on the boot disk's contents, its Hubris on the simulator's caboose version (in no
 * repository), the simulated MGS's two switches (`SimSidecar0`, `SimSidecar1`), no target release, no
 * repositories; contact_support is true there (no SMF data in the simulation).
 */
const SIM_CABOOSE = "0.0.1";
function simulatedRack(): RackState {
  return {
    target_release: { generation: 1, version: null, time_requested: null, previous_version: null },
    target_release_minimum_generation: 1,
    time_last_step_planned: "2026-08-20T00:00:00.000Z",
    repositories: [],
    sleds: [
      {
        id: SLED,
        serial: "SimGimlet00",
        state: "active",
        mupdate_override: null,
        remove_mupdate_override: null,
        install_dataset: null,
        host_phase_2: { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } },
        zones: ZONE_KINDS.map((kind, i) => ({
          id: `00000000-0000-4000-8000-00000000000${i}`,
          kind,
          disposition: "in_service" as const,
          image_source: { type: "install_dataset" as const },
        })),
        components: { sp: SIM_CABOOSE, rot: SIM_CABOOSE, rot_bootloader: SIM_CABOOSE, host_phase_1: SIM_CABOOSE },
      },
    ],
    flags: { contact_support: true },
    boards: ["SimSidecar0", "SimSidecar1"].map((serial) => ({
      kind: "switch" as const,
      serial,
      components: { sp: SIM_CABOOSE, rot: SIM_CABOOSE, rot_bootloader: SIM_CABOOSE },
    })),
  };
}

/** `install_target_blueprint_with_update_complete`: every zone and the OS on `version`; `minimumAhead` for the mupdate variant. */
async function installBlueprintOn(client: UpstreamClient, version: string, minimumAhead = false): Promise<void> {
  const state = await client.rack.getState();
  const on = { type: "artifact" as const, version };
  await client.rack.setState({
    ...state,
    target_release_minimum_generation: state.target_release.generation + (minimumAhead ? 1 : 0),
    sleds: state.sleds.map((sled) => ({
      ...sled,
      host_phase_2: { slot_a: on, slot_b: on },
      zones: sled.zones.map((z) => ({ ...z, image_source: on })),
    })),
  });
}

/** A session on the simulated rack with one trust root (upstream: `TestTrustRoot::generate` and its upload). */
async function simulated(baseUrl: string, name: string): Promise<UpstreamClient> {
  const client = upstreamClient(baseUrl, name);
  await client.rack.setState(simulatedRack());
  return client;
}

const putTarget = (client: UpstreamClient, intent: "target-release" | "recovery-finish", version: string) =>
  client.call("PUT", `/v1/system/update/${intent}`, { json: { system_version: version } });

const messageOf = (json: unknown): string => (json as { message: string }).message;

export function describeUpstreamReplay(baseUrl: () => string): void {
  describe("updates.rs", () => {
    it("test_repo_upload_unconfigured: no trust root, the upload is 400 and nothing is stored", async () => {
      const client = await simulated(baseUrl(), "unconfigured");
      for (const root of (await client.get<Page<{ id: string }>>(TRUST_ROOTS)).items) {
        expect((await client.call("DELETE", `${TRUST_ROOTS}/${root.id}`)).status).toBe(204);
      }
      expect((await client.upload(await fakeRepository("1.0.0"))).status).toBe(400);
      expect((await client.call("GET", `${REPOS}/1.0.0`)).status).toBe(404);
    });

    it("test_repo_upload: insert, re-upload, the three 409s, and a new version sharing artifacts", async () => {
      const client = await simulated(baseUrl(), "upload");
      const archive = await fakeRepository("1.0.0");
      const first = await client.upload(archive);
      expect(first.status).toBe(200);
      const initial = first.json as Upload;
      expect(initial.status).toBe("inserted");
      const initialArtifacts = (await client.rack.getState()).repositories.find((r) => r.system_version === "1.0.0")?.artifacts;

      const again = await client.upload(archive);
      expect(again.status).toBe(200);
      const reupload = again.json as Upload;
      expect(reupload.status).toBe("already_exists");
      expect((await client.rack.getState()).repositories.find((r) => r.system_version === "1.0.0")?.artifacts).toEqual(initialArtifacts);
      expect(reupload.repo.hash).toBe(initial.repo.hash);
      expect(reupload.repo.system_version).toBe(initial.repo.system_version);
      const viewed = await client.get<Repo>(`${REPOS}/1.0.0`);
      expect([viewed.hash, viewed.system_version]).toEqual([initial.repo.hash, "1.0.0"]);

      // Another archive of the same release (upstream: new zip timestamps): the next case.
      const extraFile = await fakeRepository("1.0.0", [{ name: "gimlet_sp", version: "1.0.0", kind: "another-one_sp" }]);
      const moreArtifacts = await client.upload(extraFile);
      expect(moreArtifacts.status).toBe(409);
      expect(messageOf(moreArtifacts.json)).toContain(
        "Uploaded repository with system version 1.0.0 does not have the same artifacts as existing repository with same system version",
      );

      const sameContentsOtherVersion = await client.upload(await inconsistentFakeRepository("2.0.0", "2.0.0", "1.0.0"));
      expect(sameContentsOtherVersion.status).toBe(409);
      expect(messageOf(sameContentsOtherVersion.json)).toContain("Uploaded artifacts don't match existing artifacts:");

      const shared = await client.upload(await inconsistentFakeRepository("2.0.0", "1.0.0", "1.0.0"));
      expect(shared.status).toBe(200);
      expect((shared.json as Upload).status).toBe("inserted");
      const stored = (await client.rack.getState()).repositories;
      const withoutInstallinator = (version: string) =>
        stored.find((r) => r.system_version === version)?.artifacts?.filter((a) => a.kind !== "installinator_document");
      const installinator = (version: string) =>
        stored.find((r) => r.system_version === version)?.artifacts?.find((a) => a.kind === "installinator_document");
      expect(installinator("1.0.0")?.version).toBe("1.0.0");
      expect(installinator("2.0.0")?.version).toBe("2.0.0");
      expect(withoutInstallinator("2.0.0")).toEqual(withoutInstallinator("1.0.0"));
      expect((await client.get<Repo>(`${REPOS}/2.0.0`)).system_version).toBe("2.0.0");
    });

    it("test_repo_upload: the same release in another archive is 409 with both hashes", async () => {
      const client = await simulated(baseUrl(), "upload-hash");
      const first = (await client.upload(await fakeRepository("1.0.0"))).json as Upload;
      // Same artifacts, another archive: the zip carries one more file outside `repo/`, which the loader ignores.
      const zip = await readZip(await fakeRepository("1.0.0"), DEFAULT_LIMITS);
      if (!zip.ok) throw new Error(zip.message);
      const rezipped = await writeZip([...zip.entries, { name: "created-later.txt", data: new TextEncoder().encode("later") }]);
      const answer = await client.upload(rezipped);
      expect(answer.status).toBe(409);
      expect(messageOf(answer.json)).toContain("Uploaded repository with system version 1.0.0 has SHA256 hash");
      expect(messageOf(answer.json)).toContain(`but existing repository has SHA256 hash ${first.repo.hash}.`);
    });

    it("test_trust_root_operations: create, list, view, delete", async () => {
      const client = await simulated(baseUrl(), "trust-roots");
      for (const root of (await client.get<Page<{ id: string }>>(TRUST_ROOTS)).items)
        await client.call("DELETE", `${TRUST_ROOTS}/${root.id}`);
      // A real self-signed root: the trust store verifies it, as upstream does.
      const created = await client.call("POST", TRUST_ROOTS, { json: seedRootRole() });
      expect(created.status).toBe(201);
      const view = created.json as { id: string };
      expect((await client.get<Page<unknown>>(TRUST_ROOTS)).items).toEqual([view]);
      expect(await client.get(`${TRUST_ROOTS}/${view.id}`)).toEqual(view);
      expect((await client.call("DELETE", `${TRUST_ROOTS}/${view.id}`)).status).toBe(204);
      expect((await client.get<Page<unknown>>(TRUST_ROOTS)).items).toEqual([]);
    });

    it("test_update_status: recovery-finish on the simulated rack changes neither counts nor planning time", async () => {
      const client = await simulated(baseUrl(), "status");
      const initial = await client.get<Status>(STATUS);
      expect(initial.target_release).toBeNull();
      expect(initial.suspended).toBe(false);
      expect(initial.components_by_release_version).toEqual({ "install dataset": 7, unknown: 11 });
      for (const version of ["1.0.0", "2.0.0"]) {
        expect((await client.upload(await fakeRepository(version))).status).toBe(200);
        expect((await putTarget(client, "recovery-finish", version)).status).toBe(204);
        const status = await client.get<Status>(STATUS);
        expect(status.target_release?.version).toBe(version);
        expect(status.suspended).toBe(false);
        expect(status.time_last_step_planned).toBe(initial.time_last_step_planned);
        expect(status.components_by_release_version).toEqual(initial.components_by_release_version);
      }
      expect((await client.get<Status>(STATUS)).contact_support).toBe(true);
    });

    it("test_repo_prune: one repository per activation, the least recently uploaded; re-uploading brings it back", async () => {
      const client = await simulated(baseUrl(), "prune");
      const archives = new Map<string, Uint8Array>();
      for (const version of ["1.0.0", "2.0.0", "3.0.0", "4.0.0"]) {
        archives.set(version, await fakeRepository(version));
        expect((await client.upload(archives.get(version) ?? new Uint8Array())).status).toBe(200);
        // Upload times must differ, as upstream's do.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const listed = async () => (await client.get<Page<Repo>>(REPOS)).items.map((r) => r.system_version).sort();
      expect(await listed()).toEqual(["1.0.0", "2.0.0", "3.0.0", "4.0.0"]);
      expect(await client.rack.prune()).toEqual({ pruned: "1.0.0" });
      expect(await listed()).toEqual(["2.0.0", "3.0.0", "4.0.0"]);
      const again = await client.upload(archives.get("1.0.0") ?? new Uint8Array());
      expect((again.json as Upload).status).toBe("already_exists");
      expect(await listed()).toEqual(["1.0.0", "2.0.0", "3.0.0", "4.0.0"]);
      expect(await client.rack.prune()).toEqual({ pruned: "2.0.0" });
      expect(await listed()).toEqual(["1.0.0", "3.0.0", "4.0.0"]);
    });

    it("test_repo_list: order, ascending, pages, and a pruned repository gone from list and view", async () => {
      const client = await simulated(baseUrl(), "list");
      const empty = await client.get<Page<Repo>>(REPOS);
      expect(empty.items).toEqual([]);
      expect(empty.next_page ?? null).toBeNull();
      for (const version of ["1.0.0", "2.0.0", "3.0.0"])
        expect(((await client.upload(await fakeRepository(version))).json as Upload).status).toBe("inserted");
      const versions = (page: Page<Repo>) => page.items.map((r) => r.system_version);
      expect(versions(await client.get<Page<Repo>>(REPOS))).toEqual(["3.0.0", "2.0.0", "1.0.0"]);
      expect(versions(await client.get<Page<Repo>>(`${REPOS}?sort_by=version_ascending`))).toEqual(["1.0.0", "2.0.0", "3.0.0"]);
      const first = await client.get<Page<Repo>>(`${REPOS}?limit=2`);
      expect(versions(first)).toEqual(["3.0.0", "2.0.0"]);
      expect(first.next_page).toBeTruthy();
      const next = await client.get<Page<Repo>>(`${REPOS}?limit=2&page_token=${first.next_page ?? ""}`);
      expect(versions(next)).toEqual(["1.0.0"]);

      await client.get<Repo>(`${REPOS}/1.0.0`);
      // Upstream marks the row pruned in its database; the state document's flag is the same fact.
      const state = await client.rack.getState();
      await client.rack.setState({
        ...state,
        repositories: state.repositories.map((r) => (r.system_version === "1.0.0" ? { ...r, pruned: true } : r)),
      });
      expect((await client.call("GET", `${REPOS}/1.0.0`)).status).toBe(404);
      expect(versions(await client.get<Page<Repo>>(REPOS))).toEqual(["3.0.0", "2.0.0"]);
    });

    it("test_request_without_api_version: the status answers without an api-version header", async () => {
      const client = await simulated(baseUrl(), "no-version");
      expect((await client.get<Status>(STATUS)).target_release).toBeNull();
    });
  });

  describe("target_release.rs", () => {
    it("get_set_target_release: 0.0.0 never uploaded is refused; 1.0.0, then 2.0.0; downgrade and in-progress refusals", async () => {
      const client = await simulated(baseUrl(), "get-set");
      expect((await client.get<Status>(STATUS)).target_release).toBeNull();
      expect((await putTarget(client, "target-release", "0.0.0")).status).toBeGreaterThanOrEqual(400);
      for (const version of ["1.0.0", "2.0.0"]) {
        const before = Date.now();
        const upload = (await client.upload(await fakeRepository(version))).json as Upload;
        expect(upload.repo.system_version).toBe(version);
        expect((await putTarget(client, "target-release", version)).status).toBe(204);
        const target = (await client.get<Status>(STATUS)).target_release;
        expect(target?.version).toBe(version);
        const requested = Date.parse(target?.time_requested ?? "");
        expect(requested).toBeGreaterThanOrEqual(before - 1);
        expect(requested).toBeLessThanOrEqual(Date.now());
        if (version === "1.0.0") await installBlueprintOn(client, "1.0.0");
      }
      const downgrade = await putTarget(client, "target-release", "1.0.0");
      expect(downgrade.status).toBe(400);
      expect(messageOf(downgrade.json)).toContain("cannot downgrade");
      const inProgress = await putTarget(client, "target-release", "3.0.0");
      expect(inProgress.status).toBe(400);
      expect(messageOf(inProgress.json)).toContain("previous update is still in progress");
    });

    it("mupdate_recovery_after_noop_conversion: only recovery to the current release is accepted, once", async () => {
      const client = await simulated(baseUrl(), "noop-conversion");
      expect((await client.upload(await fakeRepository("1.0.0"))).status).toBe(200);
      expect((await putTarget(client, "target-release", "1.0.0")).status).toBe(204);
      await installBlueprintOn(client, "1.0.0", true);
      expect((await client.get<Status>(STATUS)).suspended).toBe(true);
      const wrong = await putTarget(client, "recovery-finish", "2.0.0");
      expect(wrong.status).toBe(400);
      for (const needle of ["mupdate recovery required", "components deployed on sled", "2.0.0", "1.0.0"])
        expect(messageOf(wrong.json)).toContain(needle);
      expect((await putTarget(client, "recovery-finish", "1.0.0")).status).toBe(204);
      const status = await client.get<Status>(STATUS);
      expect(status.target_release?.version).toBe("1.0.0");
      expect(status.suspended).toBe(false);
      const twice = await putTarget(client, "recovery-finish", "1.0.0");
      expect(twice.status).toBe(400);
      expect(messageOf(twice.json)).toContain("no evidence a mupdate has occurred - recovery not needed");
    });
  });
}
