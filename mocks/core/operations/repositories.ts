/** TUF repositories: upload, list and view (docs/design.md, "Repositories"). */
import { findRepository, parseSemver } from "../../../src/rules/index.js";
import { badPathParameter, badRequest, conflict, errorResponse, forbidden, objectNotFound } from "../dropshot/errors.js";
import { parsePageQuery, resultsPage, type ScanSpec } from "../dropshot/pagination.js";
import { requiredStringQuery } from "../dropshot/query.js";
import { denyUnlessReader } from "../auth/auth.js";
import type { MockResponse } from "../protocol/message.js";
import { overBudget, versionOverLimit } from "../sessions/budget.js";
import { insertRepository } from "../simulator/repository-insert.js";
import type { Repository } from "../simulator/state.js";
import { readRepositoryArchive } from "../tuf/archive-read.js";
import type { OperationContext, Prepared } from "./context.js";

type VersionSortMode = "version_ascending" | "version_descending";

const VERSION_SCAN: ScanSpec<VersionSortMode> = {
  modes: ["version_ascending", "version_descending"],
  defaultMode: "version_descending",
  parseLastSeen: (value) => (typeof value === "string" && parseSemver(value).ok ? value : undefined),
};

/**
 * The database's text form of a version, which is what lists sort by: major, minor and patch zero-padded
 * to 8 digits, then `-pre` and `+build`, compared byte-wise (so `1.0.0` < `1.0.0+b` < `1.0.0-rc1`).
 */
export function versionSortKey(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  if (!match) return version;
  const pad = (part: string | undefined): string => (part ?? "").padStart(8, "0");
  return `${pad(match[1])}.${pad(match[2])}.${pad(match[3])}${match[4] ?? ""}`;
}

/** `TufRepo` in upstream's serialization order (the Rust struct's field order). */
function repoView(repo: Repository): Repository {
  return { hash: repo.hash, system_version: repo.system_version, file_name: repo.file_name, time_created: repo.time_created };
}

/**
 * PUT /v1/system/update/repositories?file_name=…, before the body: the query, then read access (listing
 * the trust roots needs a fleet viewer). Upstream's handler reads the streamed archive only after these,
 * so their refusals come without the body (docs/design.md, "Repositories").
 */
export function prepareUpload(ctx: OperationContext<"system_update_repository_upload">): Prepared<string> {
  const fileName = requiredStringQuery(ctx.query, "file_name");
  if (!fileName.ok) return { ok: false, response: badRequest(fileName.message) };
  const denied = denyUnlessReader(ctx);
  return denied ? { ok: false, response: denied } : { ok: true, value: fileName.value };
}

/** The archive, read; then the insert (admin), in upstream's order of checks. */
export async function uploadRepository(
  ctx: OperationContext<"system_update_repository_upload">,
  body: Uint8Array,
  fileName: string,
): Promise<MockResponse> {
  // Upstream lists the trust roots, then loads the archive against them (docs/design.md, "TUF verification").
  const trustRoots = ctx.session.trustRoots.map((root) => root.root_role);
  const archive = await readRepositoryArchive(body, ctx.limits, trustRoots);
  // After the await, `ctx.session` is whoever holds the session's name now: the result lands where it is kept.
  if (!archive.ok) return errorResponse(archive.status, undefined, archive.message);
  // The insert needs Modify on the fleet: everything above answers viewers and collaborators too.
  if (ctx.role !== "admin") return forbidden();

  const session = ctx.session;
  const upload = { systemVersion: archive.systemVersion, fileName, hash: archive.hash, artifacts: archive.artifacts };
  const result = insertRepository(session.state, upload, ctx.now().toISOString());
  if (!result.ok) return conflict(result.message);
  if (result.status === "inserted") {
    const tooLong = versionOverLimit(archive.systemVersion, ctx.limits, "the repository's system version");
    if (tooLong !== undefined) return errorResponse(400, "InvalidRequest", tooLong);
    const over = overBudget(result.state, session.trustRoots, ctx.limits);
    if (over !== undefined) return errorResponse(400, "InvalidRequest", over);
  }
  session.state = result.state;
  return ctx.reply(200, { repo: repoView(result.repository), status: result.status });
}

/** GET /v1/system/update/repositories: keyset pages by the database's version text. */
export function listRepositories(ctx: OperationContext<"system_update_repository_list">): MockResponse {
  const parsed = parsePageQuery(ctx.query, VERSION_SCAN);
  if (!parsed.ok) return badRequest(parsed.message);
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  const page = parsed.page;
  const lastSeen = page.lastSeen === null ? null : versionSortKey(page.lastSeen);
  const listed = resultsPage(
    ctx.session.state.repositories.filter((repo) => repo.pruned !== true),
    { ...page, lastSeen },
    {
      descending: page.mode === "version_descending",
      key: (repo) => versionSortKey(repo.system_version),
      lastSeenOf: (repo) => repo.system_version,
      view: repoView,
    },
  );
  return listed.ok ? ctx.reply(200, listed.page) : listed.response;
}

/**
 * GET /v1/system/update/repositories/{system_version}. The path variable is a `semver::Version`, parsed
 * by dropshot's path deserializer: `bad parameter in URL path: ` + the semver crate's message.
 */
export function viewRepository(ctx: OperationContext<"system_update_repository_view">): MockResponse {
  const text = ctx.pathParams.get("system_version") ?? "";
  const version = parseSemver(text);
  if (!version.ok) return badPathParameter(version.message);
  const denied = denyUnlessReader(ctx);
  if (denied) return denied;
  const repo = findRepository(ctx.session.state.repositories, text);
  if (!repo) return objectNotFound("tuf-repo", text);
  return ctx.reply(200, repoView(repo));
}
