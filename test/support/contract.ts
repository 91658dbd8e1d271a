/**
 * The contract layer without Prism: a response, as the mock gave it, checked against the response schema
 * of the API version the request asked for (docs/design.md, "API versions": what each version has).
 *
 * Objects are checked closed (`closeObjects`): the documents leave `additionalProperties` unset, as
 * upstream's do, which would let a field the version lacks (`contact_support` at 2026021301.0.0) pass.
 * The same closed copy of each document is what the Prism suites run on (`writeStrictSpec`), so both
 * layers judge by the same rule.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { API_VERSIONS, LATEST_API_VERSION, type ApiVersion } from "../../generated/index.js";
import { compareSemver, parseSemver, type Semver } from "../../src/rules/index.js";
import {
  describeAjvError,
  isObject,
  isOpenObjectSchema,
  pointerSegment,
  resolvePointer,
  schemaValidator,
  type Json,
  type JsonObject,
} from "./openapi.js";
import { repoRoot } from "./repo-root.js";

export const SPEC_DIR = path.join(repoRoot, "spec");

interface ManifestFile {
  readonly versions: readonly { readonly version: string; readonly file: string }[];
}

/** The spec document file of an API version, as the manifest names it. */
export function specFile(version: ApiVersion): string {
  const manifest = JSON.parse(readFileSync(path.join(SPEC_DIR, "manifest.json"), "utf8")) as ManifestFile;
  const entry = manifest.versions.find((v) => v.version === version);
  if (!entry) throw new Error(`no spec document for API version ${version}`);
  return path.join(SPEC_DIR, entry.file);
}

const documents = new Map<ApiVersion, JsonObject>();
export function specDocument(version: ApiVersion): JsonObject {
  let doc = documents.get(version);
  if (!doc) {
    const parsed = JSON.parse(readFileSync(specFile(version), "utf8")) as Json;
    if (!isObject(parsed)) throw new Error(`spec ${version} is not a JSON object`);
    doc = parsed;
    documents.set(version, doc);
  }
  return doc;
}

function semver(text: string): Semver | undefined {
  const parsed = parseSemver(text);
  return parsed.ok ? parsed.version : undefined;
}

const LISTED = API_VERSIONS.map((version) => ({ version, parsed: semver(version) as Semver }));
const LATEST = semver(LATEST_API_VERSION) as Semver;

/**
 * The document a request's `api-version` is served by, as the server routes it: the newest listed version
 * not after it (an unlisted 2026050800.0.0 is served as 2026022500.0.0; anything older than the oldest
 * as the oldest). `routable: false` when the server refuses the header before routing (not semver, or
 * newer than the latest): then only the generic Error can come back.
 */
export function servingVersion(requested: string | null | undefined): { readonly version: ApiVersion; readonly routable: boolean } {
  if (requested === null || requested === undefined) return { version: LATEST_API_VERSION, routable: true };
  const parsed = semver(requested);
  if (!parsed || compareSemver(parsed, LATEST) > 0) return { version: LATEST_API_VERSION, routable: false };
  let serving: ApiVersion = API_VERSIONS[0];
  for (const listed of LISTED) if (compareSemver(listed.parsed, parsed) <= 0) serving = listed.version;
  return { version: serving, routable: true };
}

interface Operation {
  readonly template: string;
  readonly pointer: string;
  readonly operation: JsonObject;
}

function findOperation(doc: JsonObject, method: string, pathname: string): Operation | undefined {
  const paths = doc["paths"];
  if (!isObject(paths)) return undefined;
  const actual = pathname.split("/");
  for (const [template, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const segments = template.split("/");
    if (segments.length !== actual.length) continue;
    // A template variable matches one non-empty segment.
    const matches = segments.every((segment, i) => (segment.startsWith("{") ? (actual[i] ?? "") !== "" : segment === actual[i]));
    if (!matches) continue;
    const operation = item[method.toLowerCase()];
    if (isObject(operation)) return { template, pointer: `/paths/${pointerSegment(template)}/${method.toLowerCase()}`, operation };
  }
  return undefined;
}

/** Follows a `#/components/responses/...` reference to its pointer. */
function responsePointer(doc: JsonObject, pointer: string): string {
  const response = resolvePointer(doc, pointer);
  if (isObject(response) && typeof response["$ref"] === "string") return response["$ref"].slice(1);
  return pointer;
}

const GENERIC_ERROR = "/components/responses/Error";
const JSON_MEDIA = "application/json";

const validators = new Map<ApiVersion, (pointer: string) => ReturnType<ReturnType<typeof schemaValidator>>>();
function validatorOf(version: ApiVersion) {
  let validator = validators.get(version);
  if (!validator) {
    validator = schemaValidator(specDocument(version), { closeObjects: true });
    validators.set(version, validator);
  }
  return validator;
}

export type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string>>;

function headerOf(headers: HeaderSource | undefined, name: string): string | null | undefined {
  if (headers === undefined) return undefined;
  if ("get" in headers && typeof headers.get === "function") return headers.get(name);
  const record = headers as Readonly<Record<string, string>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : (record[key] ?? null);
}

/**
 * Checks one response against the document the requested API version is served by. Returns violations
 * (empty when the response is valid), each one line naming the request and the field:
 * `GET /v1/system/update/status → 200 at api-version 2026021301.0.0: body must NOT have additional properties: 'contact_support'`.
 *
 * Status: the exact code the operation declares, else its `4XX`/`5XX`. A method and path the version does
 * not have (recovery-finish at 2026021301.0.0, an unknown path, a refused `api-version`) may only answer
 * the generic `4XX`/`5XX` Error.
 */
export function validateResponse(
  apiVersion: string | null | undefined,
  method: string,
  url: string,
  status: number,
  body: string | null | undefined,
  headers?: HeaderSource,
): string[] {
  const pathname = pathOf(url);
  const serving = servingVersion(apiVersion);
  const doc = specDocument(serving.version);
  const label = `${method.toUpperCase()} ${pathname} → ${status} at api-version ${apiVersion ?? `(none: ${LATEST_API_VERSION})`}`;
  const operation = serving.routable ? findOperation(doc, method, pathname) : undefined;

  let pointer: string;
  if (operation) {
    const responses = operation.operation["responses"];
    const declared = isObject(responses) ? Object.keys(responses) : [];
    const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => declared.includes(k));
    if (key === undefined)
      return [
        `${label}: status ${status} is not declared for ${method.toUpperCase()} ${operation.template} (declared: ${declared.join(", ")})`,
      ];
    pointer = responsePointer(doc, `${operation.pointer}/responses/${pointerSegment(key)}`);
  } else {
    if (status < 400 || status > 599) {
      return [`${label}: the document of ${serving.version} has no ${method.toUpperCase()} ${pathname}; only a 4XX/5XX Error may answer`];
    }
    pointer = GENERIC_ERROR;
  }

  const response = resolvePointer(doc, pointer);
  const content = isObject(response) ? response["content"] : undefined;
  const media = isObject(content) ? content[JSON_MEDIA] : undefined;
  const hasBody = body !== null && body !== undefined && body !== "";
  if (!isObject(media)) {
    return hasBody ? [`${label}: the spec declares no body, got ${JSON.stringify(body.slice(0, 80))}`] : [];
  }
  if (!hasBody) return [`${label}: empty body; the spec declares ${JSON_MEDIA}`];
  const violations: string[] = [];
  const contentType = headerOf(headers, "content-type");
  if (contentType !== undefined && !(contentType ?? "").toLowerCase().startsWith(JSON_MEDIA)) {
    violations.push(`${label}: content-type ${contentType ?? "(none)"}, the spec declares ${JSON_MEDIA}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [...violations, `${label}: body is not JSON: ${JSON.stringify(body.slice(0, 80))}`];
  }
  const validate = validatorOf(serving.version)(`${pointer}/content/${pointerSegment(JSON_MEDIA)}/schema`);
  if (!validate(value)) {
    for (const error of validate.errors ?? []) violations.push(`${label}: ${describeAjvError(error)}`);
  }
  return violations;
}

function pathOf(url: string): string {
  const start = url.startsWith("/") ? 0 : url.indexOf("/", url.indexOf("//") + 2);
  const rest = start === -1 ? "/" : url.slice(start);
  const end = rest.search(/[?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/**
 * The document of a version with its response objects closed, as `validateResponse` reads them: every
 * component schema a response reaches gets `additionalProperties: false` where it lists `properties`
 * and says nothing else. Schemas only requests use stay open (upstream ignores unknown body fields, G47).
 */
export function strictSpecDocument(version: ApiVersion): JsonObject {
  const doc = structuredClone(specDocument(version));
  const schemas = resolvePointer(doc, "/components/schemas");
  if (!isObject(schemas)) return doc;
  const closed = new Set<string>();
  const visit = (node: Json | undefined): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (!isObject(node)) return;
    const ref = node["$ref"];
    if (typeof ref === "string") {
      if (ref.startsWith("#/components/responses/")) visit(resolvePointer(doc, ref.slice(1)));
      const name = ref.startsWith("#/components/schemas/") ? ref.slice("#/components/schemas/".length) : undefined;
      if (name !== undefined && !closed.has(name)) {
        closed.add(name);
        visit(schemas[name]);
      }
      return;
    }
    for (const [key, child] of Object.entries(node)) if (key !== "example" && key !== "examples") visit(child);
  };
  const paths = doc["paths"];
  for (const item of isObject(paths) ? Object.values(paths) : []) {
    for (const operation of isObject(item) ? Object.values(item) : []) {
      if (isObject(operation)) visit(operation["responses"]);
    }
  }
  const close = (node: Json | undefined, isPropertyMap = false): void => {
    if (Array.isArray(node)) node.forEach((child) => close(child));
    if (!isObject(node)) return;
    if (!isPropertyMap && isOpenObjectSchema(node)) node["additionalProperties"] = false;
    for (const [key, child] of Object.entries(node)) {
      if (isPropertyMap || (key !== "example" && key !== "examples")) close(child, !isPropertyMap && key === "properties");
    }
  };
  for (const name of closed) close(schemas[name]);
  // Schemas written inline in a response (none today) are closed the same way.
  for (const item of isObject(paths) ? Object.values(paths) : []) {
    for (const operation of isObject(item) ? Object.values(item) : []) {
      if (isObject(operation)) close(operation["responses"]);
    }
  }
  return doc;
}

/** Writes `strictSpecDocument(version)` into `dir` (for Prism) and returns its path. */
export function writeStrictSpec(version: ApiVersion, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `system-update-${version}.strict.json`);
  writeFileSync(file, JSON.stringify(strictSpecDocument(version), null, 2));
  return file;
}
