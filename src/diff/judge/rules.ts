// Every rule of the spec diff, in one list (as oasdiff's checker/rules.go has one): its id, the effects a
// change of it can have (its severity is that effect judged for the side it is on: effects.ts), and a line
// of documentation. The table in docs/spec-diff.md is rendered from this list (render/rule-table.ts).
import type { Effect } from "./effects.js";

export interface Rule {
  /** The effects a change of this rule can have, the usual one first. */
  readonly effects: readonly Effect[];
  /** One line for the docs: what the change is, and why it is judged so when that is not plain. */
  readonly doc: string;
}

const rule = (effects: readonly Effect[], doc: string): Rule => ({ effects, doc });
/** A change to the values a schema admits: its effect is weighed by containment (and inverted inside `not`). */
const VALUES: readonly Effect[] = ["widens", "narrows", "incompatible", "equivalent"];
const values = (usual: Effect, doc: string): Rule => rule([usual, ...VALUES.filter((effect) => effect !== usual)], doc);
const prose = (doc: string): Rule => rule(["documentation"], doc);

const OPERATION_RULES = {
  "operation-added": rule(["additive"], "a new operation"),
  "operation-removed": rule(["removes"], "an operation old clients call is gone"),
  "operation-moved": rule(
    ["removes"],
    "an operation found again by its `operationId` at another path or method: old clients call the old one",
  ),
  "operation-deprecated": rule(["additive"], "an operation marked `deprecated`"),
  "operation-undeprecated": rule(["additive"], "an operation no longer `deprecated`"),
  "operation-id-changed": rule(["sdk"], "every generated method is named after its `operationId`"),
  "pagination-removed": rule(["sdk"], "dropshot's `x-dropshot-pagination` marker lost: generated SDKs lose their pagination helpers"),
  "callbacks-changed": rule(
    ["incompatible"],
    "an operation's `callbacks` (requests the API sends) changed; not compared further, so weighed as incompatible",
  ),
  "webhook-added": rule(["additive"], "a new webhook (`webhook:<name>`; in a webhook a client reads the request and sends the response)"),
  "webhook-removed": rule(["removes"], "a webhook old clients receive is no longer sent"),
  "security-tightened": rule(
    ["requires"],
    "a credential that satisfied an old requirement no longer does (security added, a scheme or scope added)",
  ),
  "security-relaxed": rule(["widens"], "every old credential still satisfies a requirement"),
  "server-added": rule(["additive"], "a server URL added"),
  "server-removed": rule(["removes"], "a server URL old clients call is gone"),
  "extension-changed": rule(["additive"], "an `x-` extension changed: no meaning on the wire"),
} satisfies Record<string, Rule>;

const REQUEST_RULES = {
  "parameter-added": rule(["additive"], "a new optional parameter"),
  "required-parameter-added": rule(["requires"], "a new required parameter: old clients never send it"),
  "parameter-removed": rule(
    ["drops"],
    "the server ignores an old client's value (its intent is silently dropped) and the SDK generated from the new document refuses the old call",
  ),
  "parameter-became-required": rule(["requires"], "old clients may leave it out"),
  "parameter-became-optional": rule(["widens"], "a parameter no longer required"),
  "parameter-default-changed": rule(
    ["redefines"],
    "a default added, changed or removed: an old client that leaves the parameter out gets other behaviour",
  ),
  "parameter-serialization-changed": rule(
    ["incompatible"],
    "`style`, `explode`, `allowReserved` or `allowEmptyValue` changed: the same value is written differently",
  ),
  "path-parameter-renamed": rule(["sdk"], "a path parameter renamed in place: the same URL, another generated argument name"),
  "parameter-deprecated": rule(["additive"], "a parameter marked `deprecated` (or no longer)"),
  "request-body-added": rule(["additive"], "a new optional request body"),
  "required-request-body-added": rule(["requires"], "a new required request body: old clients never send it"),
  "request-body-removed": rule(["drops"], "the server ignores an old client's body and the SDK generated from the new document refuses it"),
  "request-body-became-required": rule(["requires"], "old clients may send no body"),
  "request-body-became-optional": rule(["widens"], "a request body no longer required"),
  "media-type-added": rule(["additive"], "a new media type of a body"),
  "media-type-removed": rule(["removes"], "a media type old clients send or read is gone"),
  "media-type-changed": rule(["incompatible"], "the one media type of a body replaced by another"),
} satisfies Record<string, Rule>;

const RESPONSE_RULES = {
  "success-response-added": rule(["additive"], "a new 2xx status"),
  "success-response-removed": rule(["removes"], "a 2xx status old clients read is gone"),
  "response-added": rule(["additive"], "a new error (non-2xx) status"),
  "response-removed": rule(["additive"], "an error status removed: old clients still handle any error"),
  "response-body-added": rule(["additive"], "a response that had no body now has one"),
  "response-body-removed": rule(["removes"], "a response body old clients read is gone"),
  "response-header-added": rule(["additive"], "a new response header"),
  "response-header-removed": rule(["removes", "additive"], "a response header removed: breaking when it was required"),
  "response-header-became-optional": rule(["removes"], "a required response header is no longer always sent"),
} satisfies Record<string, Rule>;

const SCHEMA_RULES = {
  "type-changed": values("incompatible", "`type` changed; `integer` within `number`, a type list within a longer one"),
  "format-changed": values(
    "incompatible",
    "`format` added (narrows), removed (widens), or changed (integer widths and `ip` families by range)",
  ),
  "became-nullable": values("widens", "`nullable` gained"),
  "no-longer-nullable": values("narrows", "`nullable` lost"),
  "enum-value-added": values("widens", "an enum value added; on a response it breaks exhaustive `switch`es of generated closed unions"),
  "enum-value-removed": values("narrows", "an enum value removed"),
  "enum-value-renamed": values("incompatible", "one enum value removed and one added at once"),
  "enum-values-replaced": values("incompatible", "several enum values removed and added at once"),
  "enum-added": values("narrows", "a schema now limited to enum values"),
  "enum-removed": values("widens", "a schema no longer limited to enum values"),
  "pattern-changed": values(
    "incompatible",
    "`pattern` added (narrows), removed (widens) or replaced; a pattern that matches every string (`.*`, `''`) counts as none",
  ),
  "minimum-changed": values("narrows", "`minimum` raised or added (narrows), lowered or removed (widens)"),
  "exclusiveMinimum-changed": values("narrows", "`exclusiveMinimum` raised, added or turned on (narrows), or the reverse (widens)"),
  "minLength-changed": values("narrows", "`minLength` raised or added (narrows), lowered or removed (widens)"),
  "minItems-changed": values("narrows", "`minItems` raised or added (narrows), lowered or removed (widens)"),
  "minProperties-changed": values("narrows", "`minProperties` raised or added (narrows), lowered or removed (widens)"),
  "maximum-changed": values("narrows", "`maximum` lowered or added (narrows), raised or removed (widens)"),
  "exclusiveMaximum-changed": values("narrows", "`exclusiveMaximum` lowered, added or turned on (narrows), or the reverse (widens)"),
  "maxLength-changed": values("narrows", "`maxLength` lowered or added (narrows), raised or removed (widens)"),
  "maxItems-changed": values("narrows", "`maxItems` lowered or added (narrows), raised or removed (widens)"),
  "maxProperties-changed": values("narrows", "`maxProperties` lowered or added (narrows), raised or removed (widens)"),
  "multiple-of-changed": values("incompatible", "`multipleOf` changed: a multiple of the old one narrows, a divisor widens"),
  "unique-items-changed": values("narrows", "`uniqueItems` turned on (narrows) or off (widens)"),
  "default-changed": rule(["additive"], "a schema's `default` changed (a parameter's own default is `parameter-default-changed`)"),
  "readOnly-changed": rule(
    ["drops", "additive"],
    "`readOnly` binds requests only: turned on, requests drop the field; turned off, they may send it",
  ),
  "writeOnly-changed": rule(
    ["drops", "additive"],
    "`writeOnly` binds responses only: turned on, responses drop the field; turned off, they send it",
  ),
  "discriminator-changed": rule(["incompatible"], "the `discriminator` that picks a variant changed"),
  "schema-deprecated": rule(["additive"], "a schema or field marked `deprecated`"),
  "schema-undeprecated": rule(["additive"], "a schema or field no longer `deprecated`"),
  "property-added": rule(["additive", "widens"], "a new optional field (widens a closed object)"),
  "required-property-added": rule(["narrows", "incompatible"], "a new required field: old requests lack it; old readers ignore it"),
  "property-removed": rule(
    ["drops", "incompatible"],
    "a field removed: the server ignores it in requests (new SDKs refuse it), readers lose it; refused by a closed object",
  ),
  "required-property-removed": rule(["drops", "incompatible"], "a required field removed, as `property-removed`"),
  "property-became-required": values("narrows", "a field became required (on a `readOnly` field, responses only)"),
  "property-became-optional": values("widens", "a field no longer required (on a `writeOnly` field, requests only)"),
  "additional-properties-changed": values("widens", "other fields allowed (widens) or no longer allowed (narrows)"),
  "oneOf-variant-added": values("widens", "a `oneOf` variant added"),
  "oneOf-variant-removed": values("narrows", "a `oneOf` variant removed"),
  "anyOf-variant-added": values("widens", "an `anyOf` variant added"),
  "anyOf-variant-removed": values("narrows", "an `anyOf` variant removed"),
  "allOf-variant-added": values("narrows", "an `allOf` part added: every part must hold"),
  "allOf-variant-removed": values("widens", "an `allOf` part removed"),
  "schema-widened": values("widens", "a schema rewritten in another shape that admits more (by containment)"),
  "schema-narrowed": values("narrows", "a schema rewritten in another shape that admits less (by containment)"),
  "schema-rewritten": values("equivalent", "a schema rewritten in another shape that admits the same values"),
  "schema-changed": values("incompatible", "a schema rewritten in another shape, neither containing the other"),
  "schema-inlined": rule(["equivalent"], "a `$ref` replaced by the same schema written inline"),
  "schema-extracted": rule(["equivalent"], "an inline schema moved into a component, same values"),
  "schema-type-renamed": rule(["sdk"], "the same place now points to another component: the generated type name changes"),
  "component-added": rule(["additive"], "a new component"),
  "component-removed": rule(["sdk"], "a component removed: its generated type is gone"),
  "keyword-changed": rule(["incompatible"], "a keyword the diff does not weigh changed"),
} satisfies Record<string, Rule>;

const DOCUMENT_RULES = {
  "security-scheme-added": rule(["additive"], "a new security scheme"),
  "security-scheme-removed": rule(["removes", "additive"], "a security scheme removed: breaking when an old requirement names it"),
  "security-scheme-changed": rule(
    ["incompatible", "additive"],
    "a security scheme changed beyond its prose: breaking when an old requirement names it",
  ),
  "security-scheme-described": prose("a security scheme's description, or its scopes' descriptions, changed"),
  "openapi-version-changed": rule(["additive"], "the `openapi` version changed"),
  "document-keyword-changed": rule(["additive"], "another top-level keyword changed"),
  "tag-added": prose("a tag added"),
  "tag-removed": prose("a tag removed"),
  "tag-changed": prose("a tag's description changed"),
  "info-title-changed": prose("`info.title` changed"),
  "info-summary-changed": prose("`info.summary` changed"),
  "info-description-changed": prose("`info.description` changed"),
  "info-termsOfService-changed": prose("`info.termsOfService` changed"),
  "info-contact-changed": prose("`info.contact` changed"),
  "info-license-changed": prose("`info.license` changed"),
  "info-version-changed": prose("`info.version` changed"),
  "info-other-changed": prose("another `info` key changed"),
} satisfies Record<string, Rule>;

const PROSE_RULES = {
  "description-changed": prose("a description changed"),
  "title-changed": prose("a schema's `title` changed"),
  "summary-changed": prose("an operation's summary changed"),
  "example-changed": prose("an `example` changed"),
  "examples-changed": prose("`examples` changed"),
  "externalDocs-changed": prose("`externalDocs` changed"),
  "$comment-changed": prose("a schema's `$comment` changed"),
  "tags-changed": prose("an operation's tags changed"),
} satisfies Record<string, Rule>;

/** The groups of the docs table, in order. */
export const RULE_GROUPS = {
  "operations and security": OPERATION_RULES,
  "parameters and request bodies": REQUEST_RULES,
  responses: RESPONSE_RULES,
  schemas: SCHEMA_RULES,
  document: DOCUMENT_RULES,
  prose: PROSE_RULES,
} as const;

export const RULES = {
  ...OPERATION_RULES,
  ...REQUEST_RULES,
  ...RESPONSE_RULES,
  ...SCHEMA_RULES,
  ...DOCUMENT_RULES,
  ...PROSE_RULES,
} as const;

/** The id of a rule: what kind of change, stable, in the JSON output of every change. */
export type RuleId = keyof typeof RULES;

export const isRuleId = (id: string): id is RuleId => Object.hasOwn(RULES, id);
