/**
 * The typed client: openapi-fetch over the spec of the API version you pin, with one method per
 * operation, results (`{ data } | { error }`) by default and a throwing twin (`client.throwing`).
 */
import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import { LATEST_API_VERSION, type ApiVersion, type ComponentsByVersion, type PathsByVersion } from "../../generated/index.js";
import { createOperationMethods, type OperationMethods } from "./operations.js";
import { errorBodies, unwrap, type ApiResult } from "./result.js";

export type { ApiResult };

export type LatestApiVersion = typeof LATEST_API_VERSION;
/** The component schemas of one API version, e.g. `Schemas<"2026021301.0.0">["UpdateStatus"]`. */
export type Schemas<V extends ApiVersion = LatestApiVersion> = ComponentsByVersion[V]["schemas"];

export interface ClientOptions<V extends ApiVersion = LatestApiVersion> {
  /**
   * Where the API lives, e.g. `https://oxide.sys.example.com` or the mock's `http://127.0.0.1:12220`. In a
   * page (browser, jsdom, happy-dom) it may be relative (`""`, `"/api"`): it is resolved against the page's
   * URL once, here. Where there is no page, a relative `baseUrl` is refused.
   */
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
  /** One method per operationId of the pinned version (`client.operations.system_update_status()`), typed by the spec. */
  readonly operations: OperationMethods<V>;
  /** The underlying openapi-fetch client, typed by the pinned version's paths. */
  readonly raw: Client<PathsByVersion[V]>;
}

const pageParams = <SortBy extends string>(query: PageQuery<SortBy> = {}) => ({
  ...(query.limit !== undefined && { limit: query.limit }),
  ...(query.pageToken !== undefined && { page_token: query.pageToken }),
  ...(query.sortBy !== undefined && { sort_by: query.sortBy }),
});

/** `baseUrl` as an absolute URL without trailing slashes (openapi-fetch appends `/v1/...` to it). */
function absoluteBaseUrl(baseUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(baseUrl)) return baseUrl.replace(/\/+$/, "");
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof page !== "string") {
    throw new TypeError(
      `createClient: baseUrl ${JSON.stringify(baseUrl)} is relative and there is no page to resolve it against (no location); give an absolute URL such as http://127.0.0.1:12220`,
    );
  }
  // "" means the page's origin, as "/api" means a path on it; the page's own path, query and fragment never count.
  const url = new URL(baseUrl === "" ? "/" : baseUrl, page);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

export function createClient<V extends ApiVersion = LatestApiVersion>(options: ClientOptions<V>): SystemUpdateClient<V> {
  // Checked here because JavaScript callers (and `createClient({})` cast past the types) reach it too.
  if (typeof options.baseUrl !== "string")
    throw new TypeError('createClient: baseUrl is required, e.g. createClient({ baseUrl: "https://oxide.sys.example.com" })');
  const apiVersion = (options.apiVersion ?? LATEST_API_VERSION) as V;
  const userFetch = options.fetch;
  // Look fetch up per request: openapi-fetch would otherwise capture it before MSW patches it.
  const raw = createFetchClient<PathsByVersion[LatestApiVersion]>({
    baseUrl: absoluteBaseUrl(options.baseUrl),
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

  // The friendly methods run over every operation this package knows; the types decide what a version offers.
  const all = createOperationMethods(raw, LATEST_API_VERSION);
  const setRelease = (operation: typeof all.target_release_update) => (systemVersion: string) =>
    operation({ body: { system_version: systemVersion } });

  const methods: SystemUpdateMethods<LatestApiVersion> = {
    setTargetRelease: setRelease(all.target_release_update),
    finishRecovery: setRelease(all.system_update_recovery_finish),
    getStatus: () => all.system_update_status(),
    listRepositories: (query) => all.system_update_repository_list({ params: { query: pageParams(query) } }),
    viewRepository: (systemVersion) => all.system_update_repository_view({ params: { path: { system_version: systemVersion } } }),
    uploadRepository: (fileName, archive) =>
      all.system_update_repository_upload({ params: { query: { file_name: fileName } }, body: archive }),
    listTrustRoots: (query) => all.system_update_trust_root_list({ params: { query: pageParams(query) } }),
    createTrustRoot: (rootRole) => all.system_update_trust_root_create({ body: rootRole as Record<string, never> }),
    viewTrustRoot: (trustRootId) => all.system_update_trust_root_view({ params: { path: { trust_root_id: trustRootId } } }),
    deleteTrustRoot: (trustRootId) => all.system_update_trust_root_delete({ params: { path: { trust_root_id: trustRootId } } }),
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
    Object.entries(methods).map(([name, method]) => [
      name,
      async (...args: unknown[]) => unwrap(await (method as (...a: unknown[]) => Promise<ApiResult<unknown>>)(...args)),
    ]),
  );

  const client = {
    ...methods,
    apiVersion,
    throwing,
    repositoryPages: (query?: PageQuery<string>) => pages((q) => methods.listRepositories(q as PageQuery<never>), query),
    trustRootPages: (query?: PageQuery<string>) => pages((q) => methods.listTrustRoots(q as PageQuery<never>), query),
    operations: apiVersion === LATEST_API_VERSION ? all : createOperationMethods(raw, apiVersion),
    raw,
  };
  // One runtime shape serves every version; the pinned version only narrows the types.
  return client as unknown as SystemUpdateClient<V>;
}
