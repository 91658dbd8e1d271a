/**
 * The probes `system-update verify` sends, fixed. Each one cannot change a rack by construction: it is a
 * read (GET), or a request the server must refuse before it changes anything (a body, header, query, path
 * or method it cannot accept). `safe` says which, per probe; docs/verify.md lists them, and
 * test/verify/catalogue.test.ts proves that no body sent to a target-release PUT parses as a version.
 */
import { API_VERSIONS } from "../../generated/index.js";

const BASE = "/v1/system/update";
const TARGET_RELEASE = `${BASE}/target-release`;
const RECOVERY_FINISH = `${BASE}/recovery-finish`;
const STATUS = `${BASE}/status`;
const REPOSITORIES = `${BASE}/repositories`;
const TRUST_ROOTS = `${BASE}/trust-roots`;

/** Who the probe says it is: the run's token, nobody, or a token no rack issues. */
export type ProbeAuth = "token" | "none" | "bad";

/** What the prediction is held to: a refusal's exact status, code and message; a read's schema; pages. */
export type ProbeKind = "refusal" | "read" | "pages";

export interface ProbeRequest {
  readonly method: "GET" | "PUT" | "POST";
  /** Path and query, as sent (`/v1/...?limit=2`). */
  readonly target: string;
  /** The `api-version` header: "run" sends the run's version; null sends none; otherwise this value. */
  readonly apiVersion: "run" | string | null;
  readonly auth: ProbeAuth;
  readonly contentType?: string;
  /** The body as text (every probe's body is ASCII text). */
  readonly body?: string;
}

export interface Probe {
  readonly id: string;
  readonly title: string;
  /** Why this request cannot change the rack. */
  readonly safe: string;
  readonly kind: ProbeKind;
  /** Only run when the caller gave a token (credential probes). */
  readonly needsToken?: boolean;
  readonly request: ProbeRequest;
}

const READ = "a GET: reads only";
const BODY_REFUSED = "its body is refused by the JSON extractor before the handler runs; it holds no valid version";
const OLDEST_API_VERSION = API_VERSIONS[0];
/** A version no rack has uploaded: the probe names it only to be told it is missing. */
export const MISSING_VERSION = "0.0.0-verify.missing";
export const MISSING_TRUST_ROOT = "00000000-0000-4000-8000-00000000a11e";

function get(id: string, title: string, kind: ProbeKind, target: string, extra: Partial<ProbeRequest> = {}): Probe {
  return { id, title, safe: READ, kind, request: { method: "GET", target, apiVersion: "run", auth: "token", ...extra } };
}

/** Bodies the target-release extractor must refuse (docs/design.md, "Bodies"): none holds a valid version. */
const BAD_BODIES: readonly { readonly id: string; readonly title: string; readonly body: string; readonly contentType?: string }[] = [
  { id: "empty", title: "an empty body", body: "" },
  { id: "not-json", title: "a body that is not JSON", body: "not json" },
  { id: "truncated", title: "truncated JSON", body: '{"system_version":"1.2' },
  { id: "null", title: "JSON null", body: "null" },
  { id: "empty-array", title: "an empty array", body: "[]" },
  { id: "missing-field", title: "an object without system_version", body: "{}" },
  { id: "wrong-key", title: "system_version misspelt", body: '{"systemVersion":"not a version"}' },
  { id: "integer", title: "a number for system_version", body: '{"system_version":1}' },
  { id: "null-version", title: "null for system_version", body: '{"system_version":null}' },
  { id: "short-version", title: "a version with two parts", body: '{"system_version":"1.2"}' },
  { id: "leading-zero", title: "a version with a leading zero", body: '{"system_version":"01.2.3"}' },
  { id: "empty-pre-release", title: "an empty pre-release", body: '{"system_version":"1.2.3-"}' },
  { id: "text-plain", title: "content-type text/plain", body: "not json", contentType: "text/plain" },
  { id: "form", title: "content-type form-urlencoded", body: "system_version=x", contentType: "application/x-www-form-urlencoded" },
];

function badBodies(path: string, prefix: string): Probe[] {
  return BAD_BODIES.map(({ id, title, body, contentType }) => ({
    id: `${prefix}-${id}`,
    title: `PUT ${prefix}: ${title}`,
    safe: BODY_REFUSED,
    kind: "refusal",
    request: { method: "PUT", target: path, apiVersion: "run", auth: "token", body, contentType: contentType ?? "application/json" },
  }));
}

/**
 * Trust-root bodies that are no TUF root at all (no `signed` object): refused while the body is read
 * (400 `unable to parse JSON body: …`), before the handler, its admin check and any signature work.
 */
const NOT_A_ROOT: readonly { readonly id: string; readonly title: string; readonly body: string }[] = [
  { id: "not-json", title: "a body that is not JSON", body: "not json" },
  { id: "string", title: "a JSON string", body: '"just a string"' },
  { id: "empty-object", title: "an object without signed", body: "{}" },
  { id: "array", title: "an array", body: "[]" },
];

function notARoot(): Probe[] {
  return NOT_A_ROOT.map(({ id, title, body }) => ({
    id: `trust-root-create-${id}`,
    title: `POST trust-roots: ${title}`,
    safe: "not a TUF root (no signed object): refused while the body is read, before the handler runs",
    kind: "refusal",
    request: { method: "POST", target: TRUST_ROOTS, apiVersion: "run", auth: "token", body, contentType: "application/json" },
  }));
}

/** URL-safe base64 with padding of `{"v":"v0"}`: a well-formed token of a version dropshot does not know. */
const FOREIGN_TOKEN = "eyJ2IjoidjAifQ==";

export const CATALOGUE: readonly Probe[] = [
  get("status", "the update status", "read", STATUS),
  get("status-oldest-api", `the update status at api-version ${OLDEST_API_VERSION}`, "read", STATUS, { apiVersion: OLDEST_API_VERSION }),
  get("repositories", "every repository, default order and page size", "pages", REPOSITORIES),
  get("repositories-descending", "repositories newest first, 2 a page", "pages", `${REPOSITORIES}?limit=2&sort_by=version_descending`),
  get("repositories-ascending", "repositories oldest first, 2 a page", "pages", `${REPOSITORIES}?limit=2&sort_by=version_ascending`),
  get("repository-missing", "a repository never uploaded", "refusal", `${REPOSITORIES}/${MISSING_VERSION}`),
  get("repository-bad-version", "a repository named by something not a version", "refusal", `${REPOSITORIES}/not-a-version`),
  get("trust-roots", "every trust root", "pages", TRUST_ROOTS),
  get("trust-roots-paged", "trust roots, 1 a page", "pages", `${TRUST_ROOTS}?limit=1`),
  get("trust-root-missing", "a trust root that does not exist", "refusal", `${TRUST_ROOTS}/${MISSING_TRUST_ROOT}`),
  get("trust-root-bad-id", "a trust root named by something not a uuid", "refusal", `${TRUST_ROOTS}/not-a-uuid`),
  ...badBodies(TARGET_RELEASE, "target-release"),
  ...badBodies(RECOVERY_FINISH, "recovery-finish"),
  ...notARoot(),
  get("api-version-invalid", "api-version that is not a version", "refusal", STATUS, { apiVersion: "2026-08-19" }),
  get("api-version-future", "api-version newer than any release", "refusal", STATUS, { apiVersion: "2099010100.0.0" }),
  {
    id: "api-version-before-recovery",
    title: `PUT recovery-finish at api-version ${OLDEST_API_VERSION}, before it existed`,
    safe: "no such route at that version (404 before the body is read); the body holds no version either",
    kind: "refusal",
    request: {
      method: "PUT",
      target: RECOVERY_FINISH,
      apiVersion: OLDEST_API_VERSION,
      auth: "token",
      body: "{}",
      contentType: "application/json",
    },
  },
  get("limit-zero", "limit=0", "refusal", `${REPOSITORIES}?limit=0`),
  get("limit-not-number", "limit that is not a number", "refusal", `${REPOSITORIES}?limit=many`),
  get("sort-unknown", "an unknown sort_by", "refusal", `${REPOSITORIES}?sort_by=version_sideways`),
  get("trust-roots-sort-unknown", "a repository sort_by on trust roots", "refusal", `${TRUST_ROOTS}?sort_by=version_ascending`),
  get("page-token-not-base64", "a page token that is not base64", "refusal", `${REPOSITORIES}?page_token=not*base64`),
  get("page-token-foreign", "a page token of an unknown format", "refusal", `${REPOSITORIES}?page_token=${FOREIGN_TOKEN}`),
  get("page-token-too-large", "a page token over 512 bytes", "refusal", `${REPOSITORIES}?page_token=${"A".repeat(516)}`),
  get("unknown-path", "a path the API does not have", "refusal", `${BASE}/verify-unknown-path`),
  get("method-target-release", "GET on target-release (PUT only)", "refusal", TARGET_RELEASE),
  get("method-recovery-finish", "GET on recovery-finish (PUT only)", "refusal", RECOVERY_FINISH),
  {
    id: "upload-no-file-name",
    title: "upload without file_name",
    safe: "the query is refused before the body is read; the body is not a zip either",
    kind: "refusal",
    request: {
      method: "PUT",
      target: REPOSITORIES,
      apiVersion: "run",
      auth: "token",
      body: "not a zip",
      contentType: "application/octet-stream",
    },
  },
  {
    id: "upload-not-zip",
    title: "upload of a body that is not a zip",
    // Upstream audits every upload attempt (audit_and_time): the refused attempt is an audit-log entry.
    safe: "the loader cannot find a zip's central directory, so it fails before any insert (the attempt is audit-logged)",
    kind: "refusal",
    request: {
      method: "PUT",
      target: `${REPOSITORIES}?file_name=verify-probe.zip`,
      apiVersion: "run",
      auth: "token",
      body: "not a zip",
      contentType: "application/octet-stream",
    },
  },
  { ...get("no-credentials", "the status without credentials", "refusal", STATUS, { auth: "none" }), needsToken: true },
  { ...get("bad-credentials", "the status with a token no rack issued", "refusal", STATUS, { auth: "bad" }), needsToken: true },
];

/** The probes a run sends: credential probes only when there is a token to compare against. */
export function probesFor(withToken: boolean): readonly Probe[] {
  return CATALOGUE.filter((probe) => withToken || probe.needsToken !== true);
}

/** The token sent by the `bad` probes: no rack issues it. */
export const BAD_TOKEN = "system-update-verify-not-a-token";
