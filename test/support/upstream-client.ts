/**
 * What the upstream integration-test replays (test/support/upstream-replay-*.ts) talk through: raw HTTP
 * calls in one `x-mock-session` each, every answer held to upstream's per-response checks
 * (`http_testing.rs`), the rack driven through `/__mock/`, and archives shaped like tufaceous's fakes.
 */
import { createMockControl, type MockControl } from "../../mocks/index.js";
import { buildRepositoryArchive, defaultArtifacts, type ArchiveArtifact } from "../../mocks/core/tuf/archive-build.js";
import { assertUpstreamResponse } from "./upstream-response-checks.js";

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly bodyText: string;
  /** The body as JSON (undefined when empty). */
  readonly json: unknown;
}

export interface UpstreamClient {
  readonly rack: MockControl;
  call(method: string, path: string, options?: { json?: unknown; bytes?: Uint8Array; headers?: Record<string, string> }): Promise<Answer>;
  get<T>(path: string): Promise<T>;
  /** PUT /v1/system/update/repositories with the archive as the body. */
  upload(archive: Uint8Array, fileName?: string): Promise<Answer>;
}

let sessions = 0;

export interface UpstreamClientOptions {
  /** Sent as `authorization: Bearer <token>` unless a call sets its own `authorization` (a mock with auth on). */
  readonly token?: string;
  /** The mock's control token, for `/__mock/` (a mock with auth on). */
  readonly controlToken?: string;
}

/** A client in a fresh session of the mock at `baseUrl` (the standalone server or MSW-intercepted fetch). */
export function upstreamClient(baseUrl: string, name: string, options: UpstreamClientOptions = {}): UpstreamClient {
  const session = `upstream-${name}-${++sessions}`;
  const rack = createMockControl({
    baseUrl,
    session,
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
  });
  const authorization: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  const call: UpstreamClient["call"] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = { "x-mock-session": session, ...authorization, ...callOptions.headers };
    let body: BodyInit | undefined;
    if (callOptions.json !== undefined) {
      body = JSON.stringify(callOptions.json);
      headers["content-type"] = "application/json";
    } else if (callOptions.bytes !== undefined) {
      body = callOptions.bytes as Uint8Array<ArrayBuffer>;
      headers["content-type"] = "application/octet-stream";
    }
    const response = await fetch(new URL(path, baseUrl), { method, headers, body });
    const bodyText = await response.text();
    const answer = {
      status: response.status,
      headers: response.headers,
      bodyText,
      json: bodyText === "" ? undefined : (JSON.parse(bodyText) as unknown),
    };
    try {
      assertUpstreamResponse(answer, { method });
    } catch (error) {
      // Name the request: one test makes many.
      throw new Error(`${method} ${path} answered ${answer.status}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return answer;
  };
  return {
    rack,
    call,
    async get<T>(path: string) {
      const answer = await call("GET", path);
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.bodyText}`);
      return answer.json as T;
    },
    upload: (archive, fileName = "archive.zip") =>
      call("PUT", `/v1/system/update/repositories?file_name=${encodeURIComponent(fileName)}`, { bytes: archive }),
  };
}

/** tufaceous's fake repositories also carry an installinator document naming the system version. */
const installinatorDocument = (systemVersion: string): ArchiveArtifact => ({
  name: "installinator_document",
  version: systemVersion,
  kind: "installinator_document",
  data: new TextEncoder().encode(`installinator document for ${systemVersion}\n`),
});

/** Fake artifacts labelled `artifactVersion` whose bytes are those of `contentsVersion`'s fake. */
function fakeArtifacts(artifactVersion: string, contentsVersion: string): ArchiveArtifact[] {
  const encoder = new TextEncoder();
  return defaultArtifacts(artifactVersion).map((artifact) => ({
    ...artifact,
    data: encoder.encode(`fake ${artifact.kind} image ${artifact.name} ${contentsVersion}\n`),
  }));
}

/** `RepositoryEditor::fake(v)`: every artifact at version `v`, its bytes naming `v`. */
export function fakeRepository(systemVersion: string, extra: readonly ArchiveArtifact[] = []): Promise<Uint8Array> {
  return inconsistentFakeRepository(systemVersion, systemVersion, systemVersion, extra);
}

/**
 * `RepositoryEditor::inconsistent_fake(system, artifactVersion, contentsVersion)`: artifacts labelled
 * `artifactVersion` with the bytes of `contentsVersion`'s fake; the installinator document names the
 * system version, as tufaceous writes it.
 */
export function inconsistentFakeRepository(
  systemVersion: string,
  artifactVersion: string,
  contentsVersion: string,
  extra: readonly ArchiveArtifact[] = [],
): Promise<Uint8Array> {
  const artifacts = [...fakeArtifacts(artifactVersion, contentsVersion), installinatorDocument(systemVersion), ...extra];
  return buildRepositoryArchive({ systemVersion, artifacts });
}
