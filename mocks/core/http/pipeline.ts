/**
 * One API request through the server's pipeline, in upstream's order (domain.md §2.1, §8): api-version
 * header, route, body (size cap, content type, JSON), authentication, then the handler.
 */
import { resolveApiVersion, API_VERSION_HEADER } from "./api-version.js";
import { identifyCaller, type AuthConfig } from "./auth.js";
import { checkJsonContentType, parseAnyJsonBody, parseSetTargetReleaseBody } from "../serde/bodies.js";
import type { Session } from "../operations/context.js";
import { badRequest, bodyTooLarge, methodNotAllowed, notFound } from "../dropshot/errors.js";
import { HANDLERS } from "../operations/table.js";
import type { MockRequest, MockResponse } from "./message.js";
import { matchRoute } from "./router.js";

/** Production Nexus caps JSON request bodies at 1 MiB; the upload endpoint at 4 GiB. */
export const MAX_JSON_BODY_BYTES = 1_048_576;
export const MAX_UPLOAD_BODY_BYTES = 4_294_967_296;

export interface DispatchOptions {
  readonly auth: AuthConfig | undefined;
  now(): Date;
  newUuid(): string;
}

const EMPTY = new Uint8Array(0);
const EMPTY_QUERY = new URLSearchParams();

export function dispatchApiRequest(
  request: MockRequest,
  path: string,
  query: string,
  session: Session,
  options: DispatchOptions,
): MockResponse | Promise<MockResponse> {
  const version = resolveApiVersion(request.headers.get(API_VERSION_HEADER));
  if (!version.ok) return badRequest(version.message);

  const route = matchRoute(request.method, path, version.version);
  if (route.kind === "not-found") return notFound();
  if (route.kind === "method-not-allowed") return methodNotAllowed(route.allowed);

  const handler = HANDLERS[route.operationId];
  const bytes = request.body ?? EMPTY;
  const cap = handler.body === "binary" ? MAX_UPLOAD_BODY_BYTES : MAX_JSON_BODY_BYTES;
  if (handler.body !== "none" && bytes.byteLength > cap) {
    return bodyTooLarge(cap);
  }
  let body: unknown;
  if (handler.body === "set-target-release" || handler.body === "json") {
    const contentType = checkJsonContentType(request.headers.get("content-type"));
    if (!contentType.ok) return badRequest(contentType.message);
    const parsed = handler.body === "json" ? parseAnyJsonBody(bytes) : parseSetTargetReleaseBody(bytes);
    if (!parsed.ok) return badRequest(parsed.message);
    body = parsed.value;
  }

  // Dropshot rejects bad input before Nexus authenticates, so even anonymous callers see those 400s;
  // handlers check access once their path and query are parsed (`denyUnlessReader`).
  const caller = identifyCaller(options.auth, request.headers.get("authorization"));

  const ctx = {
    session,
    request,
    apiVersion: version.text,
    apiVersionParsed: version.version,
    query: query === "" ? EMPTY_QUERY : new URLSearchParams(query),
    pathParams: route.pathParams,
    authenticated: caller.authenticated,
    role: caller.authenticated ? caller.role : "none",
    now: options.now,
    newUuid: options.newUuid,
  };
  switch (handler.body) {
    case "set-target-release":
      return handler.handle(ctx, body as { system_version: string });
    case "json":
      return handler.handle(ctx, body);
    case "none":
    case "binary":
      return handler.handle(ctx);
  }
}
