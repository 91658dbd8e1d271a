/**
 * Every golden case of docs/design.md, "Golden cases" as one table, driven through the typed client against whatever
 * serves the mock: the MSW handlers (test/mock/golden.test.ts) and the standalone server process
 * (test/server/golden.test.ts) run these same cases with the same assertions: exact status,
 * `error_code` and message, and what the state looks like afterwards. test/contract/prism.test.ts replays
 * them through Prism's validating proxy at every API version (`GoldenOptions.apiVersion`).
 *
 * The caller provides two racks (one without auth, one with `GOLDEN_AUTH`) and resets both before each
 * case; the cases load the state they need.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { LATEST_API_VERSION, type ApiVersion, type LatestApiVersion } from "../../generated/index.js";
import { createClient, type ApiResult, type SystemUpdateClient } from "../../src/index.js";
import type { RackState } from "../../mocks/core/simulator/state.js";
import { SLEDS, allOn, editSled, type RackDoc } from "./states.js";
import { VERSION_CONTACT_SUPPORT, VERSION_RECOVERY_FINISH, apiVersionAtLeast } from "./versions.js";

/** The tokens of the authenticated rack (`--auth` file / `auth` option). */
export const GOLDEN_AUTH = {
  tokens: { "admin-token": "admin", "viewer-token": "viewer", "silo-user-token": "none" },
  control: "golden-control-token",
} as const;

/** One rack's state, read and replaced through whatever the adapter offers (MockCore or `/__mock/`). */
export interface GoldenRack {
  setState(doc: RackDoc): void | Promise<void>;
  getState(): RackState | Promise<RackState>;
}

export interface GoldenTarget {
  /** Where the mock without auth answers (every caller is a fleet admin). */
  readonly baseUrl: string;
  readonly rack: GoldenRack;
  /** Where the mock with `GOLDEN_AUTH` answers. */
  readonly authedBaseUrl: string;
  readonly authedRack: GoldenRack;
}

const P = "Target release cannot be changed: ";
const CURRENT = "16.2.0-0.ci+git544f608e05a";
const OVERRIDE = "0a2b6c3d-1e2f-4a5b-8c7d-9e0f1a2b3c4d";

type SledZone = RackDoc["sleds"][number]["zones"][number];

async function expectError(result: Promise<ApiResult<unknown>>, status: number, errorCode: string | undefined, message: string) {
  const { error, response } = await result;
  expect(error?.kind).toBe("api");
  if (error?.kind !== "api") return;
  expect({ status: error.status, errorCode: error.errorCode, message: error.message }).toEqual({ status, errorCode, message });
  // The body names the same request as the header.
  expect(error.requestId).toBe(response?.headers.get("x-request-id"));
}
const expectRefused = (result: Promise<ApiResult<unknown>>, reason: string) => expectError(result, 400, "InvalidRequest", P + reason);
async function expectAccepted(result: Promise<ApiResult<unknown>>) {
  const { error, response } = await result;
  expect(error).toBeUndefined();
  expect(response?.status).toBe(204);
}

const UPLOADED = [
  CURRENT,
  "16.2.0-0.ci+git11111111111",
  "17.100.99-0.ci+git123456789ab",
  "17.0.0-0.ci+git123456789ab",
  "17.0.0-0.ci+git0123456789a",
];
const current = (minimumAhead = false): RackDoc =>
  allOn(CURRENT, { generation: 3, minimumGeneration: minimumAhead ? 4 : 3, uploaded: UPLOADED });

const installDatasetRack = (version: string | null, uploaded: string[]): RackDoc => {
  const doc = allOn("1.0.0", { generation: version === null ? 1 : 2, uploaded });
  doc.target_release = version === null ? { generation: 1, version: null, time_requested: null } : doc.target_release;
  // Like the simulated rack upstream: nothing installed matches an uploaded repository.
  for (const sled of doc.sleds) {
    sled.install_dataset = "0.9.0";
    sled.host_phase_2 = { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } };
    for (const zone of sled.zones) zone.image_source = { type: "install_dataset" };
  }
  return doc;
};

type LatestClient = SystemUpdateClient<LatestApiVersion>;
/** The status as the cases read it: the latest version's shape, snake_case, times as strings. */
export type GoldenStatus = Awaited<ReturnType<LatestClient["throwing"]["getStatus"]>>;

/** What the cases call; our client is one, another SDK behind an adapter may be another. */
export interface GoldenClient {
  setTargetRelease(systemVersion: string): Promise<ApiResult<void>>;
  finishRecovery(systemVersion: string): Promise<ApiResult<void>>;
  getStatus(): Promise<ApiResult<GoldenStatus>>;
  readonly throwing: { getStatus(): Promise<GoldenStatus> };
}

export interface GoldenOptions {
  /**
   * The API version every request of the cases speaks: the typed clients are pinned to it and raw requests
   * send it as `api-version` (unless a case sends its own). Default: the client's default (latest) and no
   * header on raw requests. Before 2026022500.0.0 there is no recovery-finish: its cases are skipped
   * (G41 checks the 404).
   */
  readonly apiVersion?: ApiVersion;
  /**
   * The client the cases drive, for `baseUrl` and an optional bearer token; it speaks `apiVersion`.
   * Default: ours (`createClient`). Raw requests (G37–G42, G47) always go through `fetch`.
   */
  readonly client?: (baseUrl: string, token?: string) => GoldenClient;
}

const atLeast = apiVersionAtLeast;

/** Registers the golden cases (docs/design.md, "Golden cases"); `target` is read in `beforeAll`, after the caller's own setup. */
export function describeGoldenCases(target: () => GoldenTarget, options: GoldenOptions = {}): void {
  const version = options.apiVersion ?? LATEST_API_VERSION;
  const versionHeader: Record<string, string> = options.apiVersion === undefined ? {} : { "api-version": options.apiVersion };
  const hasRecovery = atLeast(version, VERSION_RECOVERY_FINISH);
  /**
   * Below 2026022500.0.0 recovery-finish does not exist: instead of the case, check what such a client
   * gets (404 `Not Found`, nothing changed), so no case is skipped.
   */
  const itRecovery = (name: string, body: () => Promise<void>): void => {
    if (hasRecovery) {
      it(name, body);
      return;
    }
    it(`${name}: recovery-finish does not exist at ${version}`, async () => {
      const before = await getState();
      const response = await fetch(`${t.baseUrl}/v1/system/update/recovery-finish`, {
        method: "PUT",
        body: '{"system_version":"1.0.0"}',
        headers: { "content-type": "application/json", "api-version": version },
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ request_id: response.headers.get("x-request-id"), message: "Not Found" });
      expect(await getState()).toEqual(before);
    });
  };
  const hasContactSupport = atLeast(version, VERSION_CONTACT_SUPPORT);
  // One runtime shape serves every version; typed as the latest so the cases read the same everywhere.
  const clientFor =
    options.client ??
    ((baseUrl: string, token?: string): GoldenClient =>
      createClient<LatestApiVersion>({ baseUrl, apiVersion: version as LatestApiVersion, ...(token !== undefined && { token }) }));
  let t: GoldenTarget;
  let client: GoldenClient;
  beforeAll(() => {
    t = target();
    client = clientFor(t.baseUrl);
  });
  const load = async (doc: RackDoc) => t.rack.setState(doc);
  const getState = async () => t.rack.getState();

  describe("G11–G28 upstream unit tests", () => {
    it("G11, G12: updates within the rules are accepted and bump the generation", async () => {
      await load(current());
      await expectAccepted(client.setTargetRelease("16.2.0-0.ci+git11111111111"));
      expect((await getState()).target_release).toMatchObject({ generation: 4, version: "16.2.0-0.ci+git11111111111" });
      await load(current());
      await expectAccepted(client.setTargetRelease("17.100.99-0.ci+git123456789ab"));
    });

    it("G13 identical version", async () => {
      await load(current());
      await expectRefused(client.setTargetRelease(CURRENT), `cannot update to target release ${CURRENT} (already targeting that version)`);
    });

    it.each(["16.1.0-0.ci+git123456789ab", "15.3.0-0.ci+git123456789ab"])("G14/G15 downgrade to %s", async (version) => {
      await load(current());
      await expectRefused(
        client.setTargetRelease(version),
        `cannot downgrade: requested target release version ${version} is older than current target release version ${CURRENT}`,
      );
    });

    it("G16 skip a major release", async () => {
      await load(current());
      await expectRefused(
        client.setTargetRelease("18.0.0-0.ci+git123456789ab"),
        "cannot skip from scheduled release 16 to scheduled release 18",
      );
    });

    const NEXT = "17.0.0-0.ci+git123456789ab";
    const mupdate = "a support-driven recovery (mupdate) has occurred and must be cleared first";
    const inProgress = "a previous update is still in progress";

    it.each<[string, (doc: RackDoc) => RackDoc, string]>([
      ["G17 remove_mupdate_override", (d) => editSled(d, 1, (s) => void (s.remove_mupdate_override = OVERRIDE)), mupdate],
      [
        "G18 both OS slots current contents",
        (d) =>
          editSled(d, 2, (s) => void (s.host_phase_2 = { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } })),
        mupdate,
      ],
      [
        "G19 a zone on the install dataset",
        (d) => editSled(d, 3, (s) => void ((s.zones[1] as SledZone).image_source = { type: "install_dataset" })),
        mupdate,
      ],
      [
        "G20 a zone on 15.0.0",
        (d) =>
          editSled(d, 0, (s) => void ((s.zones[2] as SledZone).image_source = { type: "artifact", version: "15.0.0-0.ci+git123456789ab" })),
        inProgress,
      ],
      [
        "G21 a zone of unknown version",
        (d) => editSled(d, 0, (s) => void ((s.zones[0] as SledZone).image_source = { type: "artifact", version: null })),
        inProgress,
      ],
      [
        "G22 both OS slots on 15.0.0",
        (d) =>
          editSled(
            d,
            1,
            (s) =>
              void (s.host_phase_2 = {
                slot_a: { type: "artifact", version: "15.0.0-0.ci+git123456789ab" },
                slot_b: { type: "artifact", version: "15.0.0-0.ci+git123456789ab" },
              }),
          ),
        inProgress,
      ],
    ])("%s", async (_name, edit, reason) => {
      await load(edit(current()));
      const before = await getState();
      await expectRefused(client.setTargetRelease(NEXT), reason);
      expect(await getState()).toEqual(before);
    });

    const RECOVERY = "17.0.0-0.ci+git0123456789a";
    const notNeeded = "no evidence a mupdate has occurred - recovery not needed";

    itRecovery("G23, G25: recovery without evidence", async () => {
      await load(current());
      await expectRefused(client.finishRecovery(RECOVERY), notNeeded);
      await expectRefused(client.finishRecovery(CURRENT), notNeeded);
    });

    itRecovery("G24 recovery with evidence (minimum ahead or not)", async () => {
      for (const ahead of [false, true])
        for (const edit of [
          (d: RackDoc) => editSled(d, 0, (s) => void (s.remove_mupdate_override = OVERRIDE)),
          (d: RackDoc) =>
            editSled(d, 0, (s) => void (s.host_phase_2 = { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } })),
          (d: RackDoc) => editSled(d, 0, (s) => void ((s.zones[0] as SledZone).image_source = { type: "install_dataset" })),
        ]) {
          await load(edit(current(ahead)));
          await expectAccepted(client.finishRecovery(RECOVERY));
        }
    });

    itRecovery("G26, G27, G28: minimum generation ahead with everything converted", async () => {
      await load(current(true));
      expect((await client.throwing.getStatus()).suspended).toBe(true);
      await expectRefused(
        client.finishRecovery(RECOVERY),
        `mupdate recovery required, but specified version ${RECOVERY} does not match the version of components deployed on sled ${SLEDS[0]} (version ${CURRENT})`,
      );
      await expectAccepted(client.finishRecovery(CURRENT));
      expect((await getState()).target_release.generation).toBe(4);
      expect((await client.throwing.getStatus()).suspended).toBe(false);
      await expectRefused(client.finishRecovery(CURRENT), notNeeded);
      await expectRefused(client.finishRecovery(RECOVERY), notNeeded);
    });
  });

  describe("G29–G47 upstream integration tests and dropshot", () => {
    it("G29 first target release of a version never uploaded", async () => {
      await load({ ...installDatasetRack(null, []), repositories: [] });
      await expectError(client.setTargetRelease("0.0.0"), 404, "ObjectNotFound", 'not found: tuf-repo with id "0.0.0"');
    });

    it("G30, G31, G32", async () => {
      await load(allOn("1.0.0", { uploaded: ["1.0.0", "2.0.0"] }));
      await expectAccepted(client.setTargetRelease("2.0.0"));
      await expectRefused(
        client.setTargetRelease("1.0.0"),
        "cannot downgrade: requested target release version 1.0.0 is older than current target release version 2.0.0",
      );
      await expectRefused(client.setTargetRelease("3.0.0"), "a previous update is still in progress");
    });

    itRecovery("G33, G34", async () => {
      await load(allOn("1.0.0", { generation: 2, minimumGeneration: 3 }));
      expect((await client.throwing.getStatus()).suspended).toBe(true);
      await expectRefused(
        client.finishRecovery("2.0.0"),
        `mupdate recovery required, but specified version 2.0.0 does not match the version of components deployed on sled ${SLEDS[0]} (version 1.0.0)`,
      );
      await expectAccepted(client.finishRecovery("1.0.0"));
      const status = await client.throwing.getStatus();
      expect(status.target_release?.version).toBe("1.0.0");
      expect(status.suspended).toBe(false);
      await expectRefused(client.finishRecovery("1.0.0"), "no evidence a mupdate has occurred - recovery not needed");
    });

    itRecovery("G35 recovery twice on a fresh rack; status counts and planning time unchanged", async () => {
      await load(installDatasetRack(null, ["1.0.0", "2.0.0"]));
      const before = await client.throwing.getStatus();
      await expectAccepted(client.finishRecovery("1.0.0"));
      await expectAccepted(client.finishRecovery("2.0.0"));
      const after = await client.throwing.getStatus();
      expect(after.components_by_release_version).toEqual(before.components_by_release_version);
      expect(after.time_last_step_planned).toBe(before.time_last_step_planned);
      expect(after.suspended).toBe(false);
      expect(after.target_release?.version).toBe("2.0.0");
    });

    it("G36 target-release while zones run from the install dataset", async () => {
      await load(installDatasetRack("1.0.0", ["1.0.0", "2.0.0"]));
      await expectRefused(client.setTargetRelease("2.0.0"), "a support-driven recovery (mupdate) has occurred and must be cleared first");
    });

    const put = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}/v1/system/update/${path}`, {
        method: "PUT",
        body,
        headers: { "content-type": "application/json", ...versionHeader, ...headers },
      });
    async function expectRaw(response: Response, status: number, body: { error_code?: string; message: string }) {
      expect(response.status).toBe(status);
      const json = (await response.json()) as Record<string, unknown>;
      expect(json).toEqual({ request_id: response.headers.get("x-request-id"), ...body });
      expect(Object.keys(json)[0]).toBe("request_id");
    }

    it("G37 empty object", async () => {
      await expectRaw(await put("target-release", "{}"), 400, {
        message: "unable to parse JSON body: missing field `system_version` at line 1 column 2",
      });
    });

    it("G38 not a version", async () => {
      await expectRaw(await put("target-release", '{"system_version":"1.2"}'), 400, {
        message:
          "unable to parse JSON body: system_version: unexpected end of input while parsing minor version number at line 1 column 23",
      });
    });

    it("G39 text/plain", async () => {
      await expectRaw(await put("target-release", '{"system_version":"1.2.3"}', { "content-type": "text/plain" }), 400, {
        message: "unsupported content-type: text/plain",
      });
    });

    it("G40 an API version newer than the server's", async () => {
      const response = await fetch(`${t.baseUrl}/v1/system/update/status`, { headers: { "api-version": "2099010100.0.0" } });
      await expectRaw(response, 400, { message: "server does not support this API version: 2099010100.0.0" });
    });

    it("G41 recovery-finish before it existed", async () => {
      const old = createClient({ baseUrl: t.baseUrl, apiVersion: "2026021301.0.0" });
      const response = await fetch(`${t.baseUrl}/v1/system/update/recovery-finish`, {
        method: "PUT",
        body: '{"system_version":"1.0.0"}',
        headers: { "content-type": "application/json", "api-version": old.apiVersion },
      });
      await expectRaw(response, 404, { message: "Not Found" });
    });

    it("G42 status at an unlisted version before contact_support", async () => {
      const response = await fetch(`${t.baseUrl}/v1/system/update/status`, { headers: { "api-version": "2026050800.0.0" } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["components_by_release_version", "suspended", "target_release", "time_last_step_planned"]);
      // The cases' own version: contact_support from 2026052000.0.0 on.
      const own = await client.throwing.getStatus();
      expect(own.contact_support).toBe(hasContactSupport ? false : undefined);
    });

    it("V1 api-version 1.0.0, older than every document, routes to the operations that have no version range", async () => {
      const status = await fetch(`${t.baseUrl}/v1/system/update/status`, { headers: { "api-version": "1.0.0" } });
      expect(status.status).toBe(200);
      const body = (await status.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["components_by_release_version", "suspended", "target_release", "time_last_step_planned"]);
      const recovery = await fetch(`${t.baseUrl}/v1/system/update/recovery-finish`, {
        method: "PUT",
        body: '{"system_version":"1.0.0"}',
        headers: { "content-type": "application/json", "api-version": "1.0.0" },
      });
      await expectRaw(recovery, 404, { message: "Not Found" });
    });

    describe("auth", () => {
      const as = (token?: string) => clientFor(t.authedBaseUrl, token);

      it("G43 no credentials", async () => {
        await t.authedRack.setState(allOn("1.0.0", { uploaded: ["1.0.0", "2.0.0"] }));
        await expectError(as().setTargetRelease("2.0.0"), 401, "Unauthorized", "credentials missing or invalid");
        await expectError(as("not-a-token").getStatus(), 401, "Unauthorized", "credentials missing or invalid");
      });

      it("G44 a silo user without a fleet role", async () => {
        await t.authedRack.setState(allOn("1.0.0", { uploaded: ["1.0.0", "2.0.0"] }));
        await expectError(as("silo-user-token").setTargetRelease("2.0.0"), 403, "Forbidden", "Forbidden");
        await expectError(as("silo-user-token").getStatus(), 403, "Forbidden", "Forbidden");
      });

      it("G45 a fleet viewer on a valid first target release", async () => {
        await t.authedRack.setState(installDatasetRack(null, ["1.0.0"]));
        const before = await t.authedRack.getState();
        await expectError(as("viewer-token").setTargetRelease("1.0.0"), 403, "Forbidden", "Forbidden");
        expect(await t.authedRack.getState()).toEqual(before);
        await expectAccepted(as("admin-token").setTargetRelease("1.0.0"));
      });

      it("G46 a fleet viewer sees validation errors before the admin check", async () => {
        const version = "20.0.0-0.local+git553e6c0886a";
        await t.authedRack.setState(allOn(version));
        await expectRefused(
          as("viewer-token").setTargetRelease(version),
          `cannot update to target release ${version} (already targeting that version)`,
        );
        expect((await as("viewer-token").getStatus()).error).toBeUndefined();
      });
    });

    it("G47 unknown fields are ignored", async () => {
      await load(allOn("19.0.0-0.ci+git44ac79d168b", { uploaded: ["19.0.0-0.ci+git44ac79d168b", "20.0.0-0.local+git553e6c0886a"] }));
      const response = await put("target-release", '{"system_version":"20.0.0-0.local+git553e6c0886a","comment":"x"}');
      expect(response.status).toBe(204);
      expect((await getState()).target_release.version).toBe("20.0.0-0.local+git553e6c0886a");
    });
  });
}
