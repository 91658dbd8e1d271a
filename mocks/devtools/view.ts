/**
 * What the devtools panel reads besides the control endpoints, the same for the standalone server and for
 * a page running MSW's worker (browser-safe): the status as `GET /v1/system/update/status` answers it, a
 * repository archive to upload, and the panel's settings.
 *
 * The status is computed by the API's own code but outside its pipeline: a page watching a session must
 * leave no entry in its journal and meet none of its faults or latency (a fault meant for the app under test
 * would otherwise be used up by the page).
 */
import { API_VERSIONS, LATEST_API_VERSION } from "../../generated/index.js";
import { badRequest } from "../core/dropshot/errors.js";
import { jsonAnswer } from "../core/dropshot/responses.js";
import { FAULT_KINDS } from "../core/faults/rules.js";
import { isAtLeast, mustParse, resolveApiVersion } from "../core/protocol/api-version.js";
import type { MockResponse } from "../core/protocol/message.js";
import type { MockCore } from "../core/mock.js";
import { VERSION_CONTACT_SUPPORT } from "../core/operations/status.js";
import { OPERATION_TABLE } from "../core/operations/table.js";
import { versionOverLimit } from "../core/sessions/budget.js";
import { computeStatus } from "../core/simulator/status.js";
import { buildRepositoryArchive } from "../core/tuf/archive-build.js";
import { pageEndpoints } from "./endpoints.js";
import type { PanelConfig } from "./page/panel.js";

const CONTACT_SUPPORT_SINCE = mustParse(VERSION_CONTACT_SUPPORT);

/** The body `GET status` answers for `session` with this `api-version` header (null: the latest), or its 400. */
export function statusView(core: Pick<MockCore, "getState">, session: string, apiVersion: string | null): MockResponse {
  const version = resolveApiVersion(apiVersion);
  if (!version.ok) return badRequest(version.message);
  const state = core.getState(session);
  return jsonAnswer(200, computeStatus(state, { contactSupportField: isAtLeast(version.version, CONTACT_SUPPORT_SINCE) }));
}

/** A repository archive for `version` that the upload endpoint accepts; a refusal when the version is too long to store. */
export async function repositoryArchive(
  core: Pick<MockCore, "limits">,
  version: string,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; response: MockResponse }> {
  if (version === "") return { ok: false, response: badRequest("the query needs version=") };
  const tooLong = versionOverLimit(version, core.limits, "the version");
  if (tooLong !== undefined) return { ok: false, response: badRequest(tooLong) };
  return { ok: true, bytes: await buildRepositoryArchive({ systemVersion: version }) };
}

/** What the panel needs to know about the mock it shows. */
export function panelConfig(
  core: Pick<MockCore, "basePath">,
  control: PanelConfig["control"],
  stateLives = "racks kept in this page's memory (or the handlers' persist storage)",
): PanelConfig {
  return {
    basePath: core.basePath,
    apiVersions: [...API_VERSIONS],
    latestApiVersion: LATEST_API_VERSION,
    operations: Object.keys(OPERATION_TABLE),
    faultKinds: [...FAULT_KINDS],
    control,
    endpoints: pageEndpoints(),
    stateLives,
  };
}
