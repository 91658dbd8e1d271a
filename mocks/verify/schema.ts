/**
 * Checks a rack's read against the response schema of the API version it was asked for, from the package's
 * own spec documents. A small validator over the keywords our documents use (OpenAPI 3.0: `$ref`, `allOf`,
 * `oneOf`, `enum`, `type`, `nullable`, `properties`, `required`, `additionalProperties`, `items`, `format`,
 * `pattern`, `minimum`), strict in one way JSON Schema is not: a field the schema does not name is a
 * difference, because a client of that version was promised exactly these fields.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseSemver, compareSemver } from "../../src/rules/index.js";
import { readManifest, specDir } from "../../src/spec/manifest.js";
import { isJsonObject } from "../../src/shared/json.js";
import { fieldOf as own } from "./exchange.js";

type Schema = Readonly<Record<string, unknown>>;
type Document = Readonly<Record<string, unknown>>;

const documents = new Map<string, Document>();

/** The newest spec version at or below `apiVersion` (the oldest for anything older): what such a client was built from. */
export function specVersionFor(apiVersion: string): string {
  const versions = readManifest().versions.map((entry) => entry.version);
  const asked = parseSemver(apiVersion);
  if (!asked.ok) return versions.at(-1) ?? apiVersion;
  let chosen = versions[0] ?? apiVersion;
  for (const version of versions) {
    const known = parseSemver(version);
    if (known.ok && compareSemver(known.version, asked.version) <= 0) chosen = version;
  }
  return chosen;
}

function documentOf(version: string): Document {
  const cached = documents.get(version);
  if (cached) return cached;
  const entry = readManifest().versions.find((candidate) => candidate.version === version);
  if (entry === undefined) throw new Error(`no spec document for API version ${version}`);
  const parsed: unknown = JSON.parse(readFileSync(path.join(specDir(), entry.file), "utf8"));
  if (!isJsonObject(parsed)) throw new Error(`spec document ${entry.file} is not an object`);
  documents.set(version, parsed);
  return parsed;
}

/** The 200 JSON schema of `GET <path>` at that version, or undefined when the version has no such read. */
export function readSchema(version: string, pathTemplate: string): Schema | undefined {
  const document = documentOf(version);
  const schema = own(
    own(own(own(own(own(own(document, "paths"), pathTemplate), "get"), "responses"), "200"), "content"),
    "application/json",
  );
  const found = own(schema, "schema");
  return isJsonObject(found) ? found : undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAX_PROBLEMS = 5;

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly document: Document) {}

  private resolve(schema: Schema): Schema {
    const ref = own(schema, "$ref");
    if (typeof ref !== "string") return schema;
    const name = ref.replace("#/components/schemas/", "");
    const target = own(own(own(this.document, "components"), "schemas"), name);
    return isJsonObject(target) ? target : {};
  }

  private fail(at: string, problem: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(`${at || "body"} ${problem}`);
  }

  /** True when `value` fits; problems are recorded only when `report` is set (oneOf branches probe silently). */
  check(value: unknown, raw: Schema, at: string, report = true): boolean {
    const schema = this.resolve(raw);
    const fail = (problem: string): false => {
      if (report) this.fail(at, problem);
      return false;
    };
    if (value === null) return own(schema, "nullable") === true || fail("is null");
    const allOf = own(schema, "allOf");
    if (Array.isArray(allOf)) return allOf.every((part) => isJsonObject(part) && this.check(value, part, at, report));
    const oneOf = own(schema, "oneOf");
    if (Array.isArray(oneOf) && !oneOf.some((part) => isJsonObject(part) && this.check(value, part, at, false)))
      return fail(`fits none of its ${oneOf.length} alternatives`);
    const choices = own(schema, "enum");
    if (Array.isArray(choices) && !choices.includes(value))
      return fail(`is ${JSON.stringify(value)}, not one of ${JSON.stringify(choices)}`);
    switch (own(schema, "type")) {
      case "string":
        return typeof value === "string" ? this.checkString(value, schema, fail) : fail("is not a string");
      case "integer":
        if (typeof value !== "number" || !Number.isInteger(value)) return fail("is not an integer");
        return this.checkMinimum(value, schema, fail);
      case "number":
        return typeof value === "number" ? this.checkMinimum(value, schema, fail) : fail("is not a number");
      case "boolean":
        return typeof value === "boolean" || fail("is not a boolean");
      case "array": {
        if (!Array.isArray(value)) return fail("is not an array");
        const items = own(schema, "items");
        return !isJsonObject(items) || value.every((item, index) => this.check(item, items, `${at}[${index}]`, report));
      }
      case "object":
        return isJsonObject(value) ? this.checkObject(value, schema, at, report) : fail("is not an object");
      default:
        return true;
    }
  }

  private checkString(value: string, schema: Schema, fail: (problem: string) => false): boolean {
    const format = own(schema, "format");
    if (format === "date-time" && !DATE_TIME.test(value)) return fail(`is not a date-time: ${JSON.stringify(value)}`);
    if (format === "uuid" && !UUID.test(value)) return fail(`is not a uuid: ${JSON.stringify(value)}`);
    const pattern = own(schema, "pattern");
    if (typeof pattern === "string" && !new RegExp(pattern, "u").test(value))
      return fail(`does not match the pattern: ${JSON.stringify(value)}`);
    return true;
  }

  private checkMinimum(value: number, schema: Schema, fail: (problem: string) => false): boolean {
    const minimum = own(schema, "minimum");
    return typeof minimum !== "number" || value >= minimum || fail(`is below ${minimum}`);
  }

  private checkObject(value: Readonly<Record<string, unknown>>, schema: Schema, at: string, report: boolean): boolean {
    const properties = own(schema, "properties");
    const named = isJsonObject(properties) ? properties : {};
    const required = own(schema, "required");
    let fits = true;
    for (const key of Array.isArray(required) ? required : []) {
      if (typeof key === "string" && !Object.hasOwn(value, key)) {
        if (report) this.fail(at, `lacks the field ${key}`);
        fits = false;
      }
    }
    const extra = own(schema, "additionalProperties");
    for (const [key, field] of Object.entries(value)) {
      const where = at === "" ? key : `${at}.${key}`;
      const fieldSchema = Object.hasOwn(named, key) ? named[key] : extra;
      if (isJsonObject(fieldSchema)) fits = this.check(field, fieldSchema, where, report) && fits;
      else if (fieldSchema !== true) {
        if (report) this.fail(where, "is not in the schema");
        fits = false;
      }
    }
    return fits;
  }
}

/** The first problems (at most five) of `value` against the 200 schema of `GET <pathTemplate>` at `apiVersion`. */
export function schemaProblems(apiVersion: string, pathTemplate: string, value: unknown): string[] {
  const version = specVersionFor(apiVersion);
  const schema = readSchema(version, pathTemplate);
  if (schema === undefined) return [`the spec of ${version} has no GET ${pathTemplate}`];
  const checker = new Checker(documentOf(version));
  checker.check(value, schema, "");
  return checker.problems.map((problem) => `${problem} (schema of ${version})`);
}
