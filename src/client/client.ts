/**
 * The typed client: openapi-fetch over the spec of the API version you pin, with one method per
 * operation, results (`{ data } | { error }`) by default and a throwing twin (`client.throwing`).
 */
import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import { LATEST_API_VERSION, type ApiVersion, type ComponentsByVersion, type PathsByVersion } from "../../generated/index.js";
import { ApiError, NetworkError, apiErrorFrom, type ClientError } from "./errors.js";

export type LatestApiVersion = typeof LATEST_API_VERSION;
/** The component schemas of one API version, e.g. `Schemas<"2026021301.0.0">["UpdateStatus"]`. */
export type Schemas<V extends ApiVersion = LatestApiVersion> = ComponentsByVersion[V]["schemas"];

export interface ClientOptions<V extends ApiVersion = LatestApiVersion> {
  /** Where the API lives, e.g. `https://oxide.sys.example.com` or the mock's `http://127.0.0.1:12220`. */
  readonly baseUrl: string;
  /** A bearer token (an Oxide device token). */
  readonly token?: string;
  /** The API version to speak, sent as `api-version` on every request; pins the types too. Default: latest. */
  readonly apiVersion?: V;
  /** A fetch to use instead of `globalThis.fetch` (looked up at call time, so MSW started later still applies). */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Extra headers on every request (e.g. `x-mock-session`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** openapi-fetch middleware, run after ours. */
  readonly middleware?: readonly Middleware[];
}

export type ApiResult<T> =
  | { readonly data: T; readonly error?: undefined; readonly response: Response }
  | { readonly data?: undefined; readonly error: ClientError; readonly response: Response | undefined };

export interface PageQuery<SortBy extends string> {
  readonly limit?: number;
  readonly pageToken?: string;
  readonly sortBy?: SortBy;
}

type S<V extends ApiVersion> = Schemas<V>;
type HasRecoveryFinish<V extends ApiVersion> = "/v1/system/update/recovery-finish" extends keyof PathsByVersion[V] ? true : false;

export interface SystemUpdateMethods<V extends ApiVersion> {
  /** Start an online update to `systemVersion` (PUT target-release). */
  setTargetRelease(systemVersion: string): Promise<ApiResult<void>>;
  /**
   * Tell the control plane which release a support-driven recovery (mupdate) installed (PUT
   * recovery-finish). Only from API 2026022500.0.0: pinned to an older version this is `never`.
   */
  finishRecovery: HasRecoveryFinish<V> extends true ? (systemVersion: string) => Promise<ApiResult<void>> : never;
  getStatus(): Promise<ApiResult<S<V>["UpdateStatus"]>>;
  listRepositories(query?: PageQuery<S<V>["VersionSortMode"]>): Promise<ApiResult<S<V>["TufRepoResultsPage"]>>;
  viewRepository(systemVersion: string): Promise<ApiResult<S<V>["TufRepo"]>>;
  /** Upload a TUF repository archive (a zip, as built by tufaceous). */
  uploadRepository(fileName: string, archive: Uint8Array | Blob): Promise<ApiResult<S<V>["TufRepoUpload"]>>;
  listTrustRoots(query?: PageQuery<S<V>["IdSortMode"]>): Promise<ApiResult<S<V>["UpdatesTrustRootResultsPage"]>>;
  createTrustRoot(rootRole: unknown): Promise<ApiResult<S<V>["UpdatesTrustRoot"]>>;
  viewTrustRoot(trustRootId: string): Promise<ApiResult<S<V>["UpdatesTrustRoot"]>>;
  deleteTrustRoot(trustRootId: string): Promise<ApiResult<void>>;
}

type Throwing<M> = {
  // `never` (finishRecovery on an old version) stays `never`: it would otherwise infer `unknown[]` args.
  [K in keyof M]: [M[K]] extends [never]
    ? never
    : M[K] extends (...args: infer A) => Promise<ApiResult<infer T>>
      ? (...args: A) => Promise<T>
      : never;
};

export interface SystemUpdateClient<V extends ApiVersion = LatestApiVersion> extends SystemUpdateMethods<V> {
  readonly apiVersion: V;
  /** The same methods, resolving to data and throwing `ApiError` / `NetworkError`. */
  readonly throwing: Throwing<SystemUpdateMethods<V>>;
  /** Every repository, page after page (throws on the first error). */
  repositoryPages(query?: Omit<PageQuery<S<V>["VersionSortMode"]>, "pageToken">): AsyncIterable<S<V>["TufRepoResultsPage"]>;
  trustRootPages(query?: Omit<PageQuery<S<V>["IdSortMode"]>, "pageToken">): AsyncIterable<S<V>["UpdatesTrustRootResultsPage"]>;
  /** The underlying openapi-fetch client, typed by the pinned version's paths. */
  readonly raw: Client<PathsByVersion[V]>;
}

type FetchResult = { data?: unknown; error?: unknown; response: Response };

/**
 * Error bodies as received. openapi-fetch ignores `parseAs` for non-2xx answers and hands back
 * `JSON.parse(text)` when that succeeds, so our middleware keeps the text of every error answer.
 */
const errorBodies = new WeakMap<Response, string>();

function errorText(outcome: FetchResult): string {
  const kept = errorBodies.get(outcome.response);
  if (kept !== undefined) return kept;
  // A middleware answered without fetching: only the parsed body is left.
  if (outcome.error === undefined) return "";
  return typeof outcome.error === "string" ? outcome.error : JSON.stringify(outcome.error);
}

/** Turns openapi-fetch's outcome (body read as text) into our result. */
async function settle<T>(call: () => Promise<FetchResult>): Promise<ApiResult<T>> {
  let outcome: FetchResult;
  try {
    outcome = await call();
  } catch (cause) {
    return { error: new NetworkError(cause), response: undefined };
  }
  const { response } = outcome;
  if (!response.ok) return { error: apiErrorFrom(response, errorText(outcome)), response };
  const text = typeof outcome.data === "string" ? outcome.data : "";
  if (text === "") return { data: undefined as T, response };
  try {
    return { data: JSON.parse(text) as T, response };
  } catch {
    return { error: new ApiError({ status: response.status, message: `invalid JSON in a ${response.status} answer`, body: text }), response };
  }
}

function unwrap<T>(result: ApiResult<T>): T {
  if (result.error) throw result.error;
  return result.data as T;
}

const pageParams = <SortBy extends string>(query: PageQuery<SortBy> = {}) => ({
  ...(query.limit !== undefined && { limit: query.limit }),
  ...(query.pageToken !== undefined && { page_token: query.pageToken }),
  ...(query.sortBy !== undefined && { sort_by: query.sortBy }),
});

export function createClient<V extends ApiVersion = LatestApiVersion>(options: ClientOptions<V>): SystemUpdateClient<V> {
  const apiVersion = (options.apiVersion ?? LATEST_API_VERSION) as V;
  const userFetch = options.fetch;
  // Look fetch up per request: openapi-fetch would otherwise capture it before MSW patches it.
  const raw = createFetchClient<PathsByVersion[LatestApiVersion]>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: (request) => (userFetch ?? globalThis.fetch)(request),
    headers: options.headers,
  });
  raw.use({
    onRequest({ request }) {
      request.headers.set("api-version", apiVersion);
      if (options.token !== undefined) request.headers.set("authorization", `Bearer ${options.token}`);
      return request;
    },
    async onResponse({ response }) {
      if (!response.ok) errorBodies.set(response, await response.clone().text());
      return undefined;
    },
  });
  for (const middleware of options.middleware ?? []) raw.use(middleware);

  const asText = { parseAs: "text" } as const;
  const setRelease = (path: "/v1/system/update/target-release" | "/v1/system/update/recovery-finish") => (systemVersion: string) =>
    settle<void>(() => raw.PUT(path, { ...asText, body: { system_version: systemVersion } }));

  const methods: SystemUpdateMethods<LatestApiVersion> = {
    setTargetRelease: setRelease("/v1/system/update/target-release"),
    finishRecovery: setRelease("/v1/system/update/recovery-finish"),
    getStatus: () => settle(() => raw.GET("/v1/system/update/status", asText)),
    listRepositories: (query) =>
      settle(() => raw.GET("/v1/system/update/repositories", { ...asText, params: { query: pageParams(query) } })),
    viewRepository: (systemVersion) =>
      settle(() => raw.GET("/v1/system/update/repositories/{system_version}", { ...asText, params: { path: { system_version: systemVersion } } })),
    uploadRepository: (fileName, archive) =>
      settle(() =>
        raw.PUT("/v1/system/update/repositories", {
          ...asText,
          params: { query: { file_name: fileName } },
          body: archive as unknown as string,
          bodySerializer: (body: unknown) => body as BodyInit,
          headers: { "content-type": "application/octet-stream" },
        }),
      ),
    listTrustRoots: (query) => settle(() => raw.GET("/v1/system/update/trust-roots", { ...asText, params: { query: pageParams(query) } })),
    createTrustRoot: (rootRole) =>
      settle(() => raw.POST("/v1/system/update/trust-roots", { ...asText, body: rootRole as Record<string, never> })),
    viewTrustRoot: (trustRootId) =>
      settle(() => raw.GET("/v1/system/update/trust-roots/{trust_root_id}", { ...asText, params: { path: { trust_root_id: trustRootId } } })),
    deleteTrustRoot: (trustRootId) =>
      settle(() => raw.DELETE("/v1/system/update/trust-roots/{trust_root_id}", { ...asText, params: { path: { trust_root_id: trustRootId } } })),
  };

  async function* pages<P extends { items: unknown[]; next_page?: string | null }>(
    list: (query: PageQuery<string>) => Promise<ApiResult<P>>,
    query: PageQuery<string> = {},
  ): AsyncIterable<P> {
    let pageToken: string | undefined;
    for (;;) {
      const page = unwrap(await list({ ...query, ...(pageToken !== undefined && { pageToken }) }));
      // Dropshot hands out a token with every non-empty page; an empty page ends the listing.
      if (page.items.length === 0) return;
      yield page;
      if (!page.next_page) return;
      pageToken = page.next_page;
    }
  }

  const throwing = Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [name, async (...args: unknown[]) => unwrap(await (method as (...a: unknown[]) => Promise<ApiResult<unknown>>)(...args))]),
  );

  const client = {
    ...methods,
    apiVersion,
    throwing,
    repositoryPages: (query?: PageQuery<string>) => pages((q) => methods.listRepositories(q as PageQuery<never>), query),
    trustRootPages: (query?: PageQuery<string>) => pages((q) => methods.listTrustRoots(q as PageQuery<never>), query),
    raw,
  };
  // One runtime shape serves every version; the pinned version only narrows the types.
  return client as unknown as SystemUpdateClient<V>;
}
