// One change at a time on our latest document, across the categories of oasdiff's breaking-change rules:
// each case says exactly which changes the diff reports and how it judges each for clients of the old
// version. The cases the spec diff used to get wrong (issue 15) are marked "was wrong".
import { describe, expect, it } from "vitest";
import { diffSpecs, type JsonObject, type Severity } from "../../src/diff/index.js";
import { arrayAt, at, edited, loadVersion, operationVerdicts, verdicts } from "./support.js";

const base = loadVersion("2026081901.0.0");
const S = (doc: JsonObject, name: string): JsonObject => at(doc, "components", "schemas", name);
const op = (doc: JsonObject, path: string, method: string): JsonObject => at(doc, "paths", `/v1/system/update/${path}`, method);
const STATUS = "GET /v1/system/update/status";
const REPOS = "GET /v1/system/update/repositories";
const TARGET = "PUT /v1/system/update/target-release";
const RECOVERY = "PUT /v1/system/update/recovery-finish";
const ROOT_VIEW = "GET /v1/system/update/trust-roots/{trust_root_id}";
const ROOT_DELETE = "DELETE /v1/system/update/trust-roots/{trust_root_id}";

interface Case {
  name: string;
  /** Applied to our document to make the old version (default: it as it is). */
  before?: (doc: JsonObject) => void;
  /** Applied to (a copy of) the old version to make the new one. */
  after: (doc: JsonObject) => void;
  changes: string[];
  severity: Severity;
  /** Operations as reported, when the case is about them. */
  operations?: string[];
}

const CASES: Case[] = [
  // Nullability, both sides (was wrong in both directions).
  {
    name: "a response field becomes nullable (was wrong)",
    after: (doc) => void (at(S(doc, "UpdateStatus"), "properties", "suspended")["nullable"] = true),
    changes: ["schemas/UpdateStatus · schema · became-nullable · breaking"],
    severity: "breaking",
    operations: [`${STATUS}: changed, breaking`],
  },
  {
    name: "a request field becomes nullable",
    after: (doc) => void (at(S(doc, "SetTargetReleaseParams"), "properties", "system_version")["nullable"] = true),
    changes: ["schemas/SetTargetReleaseParams · schema · became-nullable · non-breaking"],
    severity: "non-breaking",
    operations: [`${RECOVERY}: changed, non-breaking`, `${TARGET}: changed, non-breaking`],
  },
  {
    name: "a request parameter is no longer nullable (was wrong)",
    after: (doc) => delete at(arrayAt(op(doc, "repositories", "get"), "parameters")[0] as JsonObject, "schema")["nullable"],
    changes: [`${REPOS} · parameter query \`limit\` · no-longer-nullable · breaking`],
    severity: "breaking",
  },
  {
    name: "a response field is no longer nullable",
    after: (doc) => delete at(S(doc, "UpdateStatus"), "properties", "target_release")["nullable"],
    changes: ["schemas/UpdateStatus · schema · no-longer-nullable · non-breaking"],
    severity: "non-breaking",
  },
  // Request body and parameters.
  {
    name: "a request body becomes required (was wrong)",
    before: (doc) => void (at(op(doc, "target-release", "put"), "requestBody")["required"] = false),
    after: (doc) => void (at(op(doc, "target-release", "put"), "requestBody")["required"] = true),
    changes: [`${TARGET} · request body · request-body-became-required · breaking`],
    severity: "breaking",
  },
  {
    name: "a required parameter added to an operation that had no parameters (was wrong)",
    after: (doc) =>
      void (op(doc, "status", "get")["parameters"] = [{ in: "query", name: "zone", required: true, schema: { type: "string" } }]),
    changes: [`${STATUS} · parameter query \`zone\` · required-parameter-added · breaking`],
    severity: "breaking",
  },
  {
    name: "an optional parameter inserted first is named as itself (was wrong: named after its index)",
    after: (doc) =>
      void arrayAt(op(doc, "repositories", "get"), "parameters").unshift({ in: "query", name: "zone", schema: { type: "string" } }),
    changes: [`${REPOS} · parameter query \`zone\` · parameter-added · non-breaking`],
    severity: "non-breaking",
  },
  {
    name: "a parameter becomes required",
    after: (doc) => void ((arrayAt(op(doc, "repositories", "get"), "parameters")[1] as JsonObject)["required"] = true),
    changes: [`${REPOS} · parameter query \`page_token\` · parameter-became-required · breaking`],
    severity: "breaking",
  },
  {
    name: "a parameter is removed: the old call's value is dropped, new SDKs refuse it (was wrong, issue 22)",
    after: (doc) => void arrayAt(op(doc, "repositories", "get"), "parameters").splice(1, 1),
    changes: [`${REPOS} · parameter query \`page_token\` · parameter-removed · breaks-sdk`],
    severity: "breaks-sdk",
  },
  {
    name: "a query parameter gains a default: an old call that leaves it out now gets other behaviour (was wrong, issue 22)",
    after: (doc) => void (at(arrayAt(op(doc, "repositories", "get"), "parameters")[0] as JsonObject, "schema")["default"] = 100),
    changes: [`${REPOS} · parameter query \`limit\` · parameter-default-changed · breaking`],
    severity: "breaking",
  },
  {
    name: "a query parameter's default changes (was wrong, issue 22)",
    before: (doc) => void (at(arrayAt(op(doc, "repositories", "get"), "parameters")[0] as JsonObject, "schema")["default"] = 100),
    after: (doc) => void (at(arrayAt(op(doc, "repositories", "get"), "parameters")[0] as JsonObject, "schema")["default"] = 50),
    changes: [`${REPOS} · parameter query \`limit\` · parameter-default-changed · breaking`],
    severity: "breaking",
  },
  {
    name: "a request body field removed: the server ignores it, new SDKs refuse it (was wrong, issue 22)",
    after: (doc) => {
      delete at(S(doc, "SetTargetReleaseParams"), "properties")["system_version"];
      delete S(doc, "SetTargetReleaseParams")["required"];
    },
    changes: ["schemas/SetTargetReleaseParams · schema · required-property-removed · breaks-sdk"],
    severity: "breaks-sdk",
    operations: [`${RECOVERY}: changed, breaks-sdk`, `${TARGET}: changed, breaks-sdk`],
  },
  {
    name: "a parameter widened from oneOf[uuid, name] to any string (was wrong)",
    before: (doc) => {
      for (const method of ["get", "delete"]) {
        (arrayAt(op(doc, "trust-roots/{trust_root_id}", method), "parameters")[0] as JsonObject)["schema"] = {
          oneOf: [
            { title: "id", allOf: [{ type: "string", format: "uuid" }] },
            { title: "name", type: "string", pattern: "^[a-z]([a-z0-9-]*[a-z0-9])?$", maxLength: 63 },
          ],
        };
      }
    },
    after: (doc) => {
      for (const method of ["get", "delete"])
        (arrayAt(op(doc, "trust-roots/{trust_root_id}", method), "parameters")[0] as JsonObject)["schema"] = { type: "string" };
    },
    changes: [
      `${ROOT_DELETE} · parameter path \`trust_root_id\` · schema-widened · non-breaking`,
      `${ROOT_VIEW} · parameter path \`trust_root_id\` · schema-widened · non-breaking`,
    ],
    severity: "non-breaking",
  },
  {
    name: "the same parameter narrowed back to a uuid",
    after: (doc) =>
      void ((arrayAt(op(doc, "repositories", "put"), "parameters")[0] as JsonObject)["schema"] = { type: "string", format: "uuid" }),
    changes: ["PUT /v1/system/update/repositories · parameter query `file_name` · format-changed · breaking"],
    severity: "breaking",
  },
  // Enums (was wrong: a rename in place was non-breaking).
  {
    name: "a response enum value renamed in place (was wrong)",
    after: (doc) => void ((arrayAt(S(doc, "TufRepoUploadStatus"), "oneOf")[1] as JsonObject)["enum"] = ["added"]),
    changes: ["schemas/TufRepoUploadStatus · schema · enum-value-renamed · breaking"],
    severity: "breaking",
  },
  {
    name: "a response enum value added (old clients' closed unions do not know it)",
    after: (doc) => void arrayAt(S(doc, "TufRepoUploadStatus"), "oneOf").push({ type: "string", enum: ["replaced"] }),
    changes: ["schemas/TufRepoUploadStatus · schema · enum-value-added · breaking"],
    severity: "breaking",
  },
  {
    name: "a request enum value added",
    after: (doc) => void arrayAt(S(doc, "VersionSortMode"), "oneOf").push({ type: "string", enum: ["version_random"] }),
    changes: ["schemas/VersionSortMode · schema · enum-value-added · non-breaking"],
    severity: "non-breaking",
  },
  {
    name: "a request enum value removed",
    after: (doc) => void arrayAt(S(doc, "VersionSortMode"), "oneOf").pop(),
    changes: ["schemas/VersionSortMode · schema · enum-value-removed · breaking"],
    severity: "breaking",
  },
  // Formats, types, constraints.
  {
    name: "a response format date-time -> date (was wrong)",
    after: (doc) => void (at(S(doc, "TargetRelease"), "properties", "time_requested")["format"] = "date"),
    changes: ["schemas/TargetRelease · schema · format-changed · breaking"],
    severity: "breaking",
  },
  {
    name: "a response field's type changed",
    after: (doc) => void (at(S(doc, "UpdateStatus"), "properties", "suspended")["type"] = "string"),
    changes: ["schemas/UpdateStatus · schema · type-changed · breaking"],
    severity: "breaking",
  },
  {
    name: "a request pattern changed",
    after: (doc) => void (at(S(doc, "SetTargetReleaseParams"), "properties", "system_version")["pattern"] = "^\\d+\\.\\d+\\.\\d+$"),
    changes: ["schemas/SetTargetReleaseParams · schema · pattern-changed · breaking"],
    severity: "breaking",
  },
  {
    name: "a request maximum length added (narrower)",
    after: (doc) => void (at(arrayAt(op(doc, "repositories", "put"), "parameters")[0] as JsonObject, "schema")["maxLength"] = 255),
    changes: ["PUT /v1/system/update/repositories · parameter query `file_name` · maxLength-changed · breaking"],
    severity: "breaking",
  },
  {
    name: "a response maximum length added (narrower: old clients read all of it)",
    after: (doc) => void (at(S(doc, "TufRepo"), "properties", "file_name")["maxLength"] = 255),
    changes: ["schemas/TufRepo · schema · maxLength-changed · non-breaking"],
    severity: "non-breaking",
  },
  {
    name: "a request minimum lowered (wider)",
    after: (doc) => void (at(arrayAt(op(doc, "repositories", "get"), "parameters")[0] as JsonObject, "schema")["minimum"] = 0),
    changes: [`${REPOS} · parameter query \`limit\` · minimum-changed · non-breaking`],
    severity: "non-breaking",
  },
  {
    name: "a request enum constraint added to a free string",
    after: (doc) => void (at(arrayAt(op(doc, "repositories", "put"), "parameters")[0] as JsonObject, "schema")["enum"] = ["repo.zip"]),
    changes: ["PUT /v1/system/update/repositories · parameter query `file_name` · enum-added · breaking"],
    severity: "breaking",
  },
  {
    name: "a response count limited to a few values, its format and minimum dropped (narrower as a whole)",
    after: (doc) => {
      const count = at(S(doc, "UpdateStatus"), "properties", "components_by_release_version", "additionalProperties");
      delete count["format"];
      delete count["minimum"];
      count["enum"] = [0, 1, 2];
    },
    changes: [
      "schemas/UpdateStatus · schema · enum-added · non-breaking",
      "schemas/UpdateStatus · schema · format-changed · non-breaking",
      "schemas/UpdateStatus · schema · minimum-changed · non-breaking",
    ],
    severity: "non-breaking",
  },
  {
    name: "the same narrowing of a request parameter",
    after: (doc) =>
      void ((arrayAt(op(doc, "repositories", "get"), "parameters")[0] as JsonObject)["schema"] = {
        nullable: true,
        type: "integer",
        enum: [10, 100],
      }),
    changes: [
      `${REPOS} · parameter query \`limit\` · enum-added · breaking`,
      `${REPOS} · parameter query \`limit\` · format-changed · breaking`,
      `${REPOS} · parameter query \`limit\` · minimum-changed · breaking`,
    ],
    severity: "breaking",
  },
  // Object fields.
  {
    name: "a new required request field",
    after: (doc) => {
      at(S(doc, "SetTargetReleaseParams"), "properties")["force"] = { type: "boolean" };
      arrayAt(S(doc, "SetTargetReleaseParams"), "required").push("force");
    },
    changes: ["schemas/SetTargetReleaseParams · schema · required-property-added · breaking"],
    severity: "breaking",
  },
  {
    name: "a new optional request field",
    after: (doc) => void (at(S(doc, "SetTargetReleaseParams"), "properties")["force"] = { type: "boolean" }),
    changes: ["schemas/SetTargetReleaseParams · schema · property-added · non-breaking"],
    severity: "non-breaking",
  },
  {
    name: "a new required response field",
    after: (doc) => {
      at(S(doc, "UpdateStatus"), "properties")["needs_attention"] = { type: "boolean" };
      arrayAt(S(doc, "UpdateStatus"), "required").push("needs_attention");
    },
    changes: ["schemas/UpdateStatus · schema · required-property-added · non-breaking"],
    severity: "non-breaking",
  },
  {
    name: "a removed required response field is one change (was two)",
    after: (doc) => {
      delete at(S(doc, "UpdateStatus"), "properties")["suspended"];
      const required = arrayAt(S(doc, "UpdateStatus"), "required");
      required.splice(required.indexOf("suspended"), 1);
    },
    changes: ["schemas/UpdateStatus · schema · required-property-removed · breaking"],
    severity: "breaking",
  },
  {
    name: "a removed optional response field (in the shared error body)",
    after: (doc) => delete at(S(doc, "Error"), "properties")["error_code"],
    changes: ["schemas/Error · schema · property-removed · breaking"],
    severity: "breaking",
  },
  {
    name: "a response field no longer required",
    after: (doc) => {
      const required = arrayAt(S(doc, "UpdateStatus"), "required");
      required.splice(required.indexOf("suspended"), 1);
    },
    changes: ["schemas/UpdateStatus · schema · property-became-optional · breaking"],
    severity: "breaking",
  },
  {
    name: "a request object closed to other fields",
    after: (doc) => void (S(doc, "SetTargetReleaseParams")["additionalProperties"] = false),
    changes: ["schemas/SetTargetReleaseParams · schema · additional-properties-changed · breaking"],
    severity: "breaking",
  },
  // Operations, responses, media types.
  {
    name: "an operation removed",
    after: (doc) => delete at(doc, "paths", "/v1/system/update/trust-roots/{trust_root_id}")["delete"],
    changes: [`${ROOT_DELETE} · operation · operation-removed · breaking`],
    severity: "breaking",
    operations: [`${ROOT_DELETE}: removed, breaking`],
  },
  {
    name: "an operation added",
    after: (doc) =>
      void (at(doc, "paths", "/v1/system/update/status")["head"] = {
        operationId: "system_update_status_head",
        responses: { "204": { description: "ok" } },
      }),
    changes: ["HEAD /v1/system/update/status · operation · operation-added · non-breaking"],
    severity: "non-breaking",
  },
  {
    name: "an operation moved to another path (was: removed plus added)",
    after: (doc) => {
      const paths = at(doc, "paths");
      paths["/v1/system/update/state"] = paths["/v1/system/update/status"] as JsonObject;
      delete paths["/v1/system/update/status"];
    },
    changes: ["GET /v1/system/update/state · operation · operation-moved · breaking"],
    severity: "breaking",
    operations: ["GET /v1/system/update/state: moved, breaking"],
  },
  {
    name: "a response media type changed (was: response removed)",
    after: (doc) => {
      const content = at(op(doc, "status", "get"), "responses", "200", "content");
      content["application/x-ndjson"] = content["application/json"] as JsonObject;
      delete content["application/json"];
    },
    changes: [`${STATUS} · response 200 · media-type-changed · breaking`],
    severity: "breaking",
  },
  {
    name: "a request media type removed among several",
    before: (doc) =>
      void (at(op(doc, "target-release", "put"), "requestBody", "content")["application/x-www-form-urlencoded"] = {
        schema: { type: "object" },
      }),
    after: (doc) => delete at(op(doc, "target-release", "put"), "requestBody", "content")["application/x-www-form-urlencoded"],
    changes: [`${TARGET} · request body (application/x-www-form-urlencoded) · media-type-removed · breaking`],
    severity: "breaking",
  },
  {
    name: "a success status replaced",
    after: (doc) => {
      const responses = at(op(doc, "status", "get"), "responses");
      responses["202"] = responses["200"] as JsonObject;
      delete responses["200"];
    },
    changes: [
      `${STATUS} · response 200 · success-response-removed · breaking`,
      `${STATUS} · response 202 · success-response-added · non-breaking`,
    ],
    severity: "breaking",
  },
  {
    name: "an operation deprecated",
    after: (doc) => void (op(doc, "status", "get")["deprecated"] = true),
    changes: [`${STATUS} · operation · operation-deprecated · non-breaking`],
    severity: "non-breaking",
  },
  // Security and servers (was wrong: never counted).
  {
    name: "security required where there was none (was wrong)",
    after: (doc) => {
      doc["security"] = [{ bearer: [] }];
      at(doc, "components")["securitySchemes"] = { bearer: { type: "http", scheme: "bearer" } };
    },
    changes: ["document · security · security-scheme-added · non-breaking", "document · security · security-tightened · breaking"],
    severity: "breaking",
  },
  {
    name: "an operation's security scope added",
    before: (doc) => {
      at(doc, "components")["securitySchemes"] = { oauth: { type: "oauth2", flows: {} } };
      op(doc, "status", "get")["security"] = [{ oauth: ["read"] }];
    },
    after: (doc) => void (op(doc, "status", "get")["security"] = [{ oauth: ["read", "admin"] }]),
    changes: [`${STATUS} · operation · security-tightened · breaking`],
    severity: "breaking",
  },
  {
    name: "a server URL changed (was wrong)",
    before: (doc) => void (doc["servers"] = [{ url: "https://rack.example/" }]),
    after: (doc) => void (doc["servers"] = [{ url: "https://rack.example/api/" }]),
    changes: ["document · servers · server-added · non-breaking", "document · servers · server-removed · breaking"],
    severity: "breaking",
  },
  // Generated SDKs.
  {
    name: "an operationId renamed (was wrong: documentation)",
    after: (doc) => void (op(doc, "status", "get")["operationId"] = "update_status_view"),
    changes: [`${STATUS} · operation · operation-id-changed · breaks-sdk`],
    severity: "breaks-sdk",
  },
  {
    name: "a path parameter renamed (same URL on the wire)",
    after: (doc) => {
      const paths = at(doc, "paths");
      const item = paths["/v1/system/update/trust-roots/{trust_root_id}"] as JsonObject;
      for (const method of ["get", "delete"]) (arrayAt(at(item, method), "parameters")[0] as JsonObject)["name"] = "id";
      paths["/v1/system/update/trust-roots/{id}"] = item;
      delete paths["/v1/system/update/trust-roots/{trust_root_id}"];
    },
    changes: [
      "DELETE /v1/system/update/trust-roots/{id} · parameter path `id` · path-parameter-renamed · breaks-sdk",
      "GET /v1/system/update/trust-roots/{id} · parameter path `id` · path-parameter-renamed · breaks-sdk",
    ],
    severity: "breaks-sdk",
  },
  {
    name: "a schema renamed, same wire format",
    after: (doc) => {
      const schemas = at(doc, "components", "schemas");
      schemas["TufRepository"] = schemas["TufRepo"] as JsonObject;
      delete schemas["TufRepo"];
      const text = JSON.stringify(doc).replaceAll('"#/components/schemas/TufRepo"', '"#/components/schemas/TufRepository"');
      Object.assign(doc, JSON.parse(text) as JsonObject);
    },
    changes: [
      "GET /v1/system/update/repositories/{system_version} · response 200 · schema-type-renamed · breaks-sdk",
      "schemas/TufRepo · schema · component-removed · breaks-sdk",
      "schemas/TufRepoResultsPage · schema · schema-type-renamed · breaks-sdk",
      "schemas/TufRepoUpload · schema · schema-type-renamed · breaks-sdk",
      "schemas/TufRepository · schema · component-added · non-breaking",
    ],
    severity: "breaks-sdk",
  },
  {
    name: "pagination marker removed",
    after: (doc) => delete op(doc, "repositories", "get")["x-dropshot-pagination"],
    changes: [`${REPOS} · operation · pagination-removed · breaks-sdk`],
    severity: "breaks-sdk",
  },
  // No-op rewrites and documentation.
  {
    name: "a ref wrapped in a one-element allOf (no-op rewrite)",
    after: (doc) => {
      const media = at(op(doc, "status", "get"), "responses", "200", "content", "application/json");
      media["schema"] = { allOf: [media["schema"] as JsonObject] };
    },
    changes: [],
    severity: "documentation",
    operations: [],
  },
  {
    name: "a documented enum written as a plain enum (only the value descriptions go)",
    after: (doc) => {
      const schema = S(doc, "IdSortMode");
      delete schema["oneOf"];
      Object.assign(schema, { type: "string", enum: ["id_ascending"] });
    },
    changes: ["schemas/IdSortMode · schema · description-changed · documentation"],
    severity: "documentation",
  },
  {
    name: "a root tag inserted (was: every later tag changed)",
    after: (doc) => void arrayAt(doc, "tags").unshift({ name: "system/hardware", description: "Racks and sleds." }),
    changes: ["document · tags · tag-added · documentation"],
    severity: "documentation",
  },
  {
    name: "a description reworded",
    after: (doc) => void (at(S(doc, "SetTargetReleaseParams"), "properties", "system_version")["description"] = "Reworded."),
    changes: ["schemas/SetTargetReleaseParams · schema · description-changed · documentation"],
    severity: "documentation",
  },
];

describe.each(CASES)("$name", ({ before, after, changes, severity, operations }) => {
  const old = before ? edited(base, before) : base;
  const diff = diffSpecs(old, edited(old, after));

  const count = changes.length === 0 ? "no change" : changes.length === 1 ? "one change" : `${changes.length} changes`;
  it(`reports ${count}, judged exactly`, () => {
    expect(verdicts(diff)).toEqual([...changes].sort());
    expect(diff.severity).toBe(severity);
    expect(diff.breaking).toBe(severity === "breaking");
    if (operations) expect(operationVerdicts(diff)).toEqual(operations);
  });
});
