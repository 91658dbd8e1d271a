// Compares two schemas keyword by keyword and says, for each difference, how it changes the set of values
// the schema admits (see judge/effects.ts); whether that breaks a client depends on the side it is used on, which
// the caller knows. Two refs to the same component stop the walk: that component is compared once, on its
// own. Different refs, or a ref against an inline schema, are compared by content.
//
// This module is the walk (refs, then each node's keywords in a fixed order); what each group of keywords
// means lives beside it: flags, value-checks, properties, composition.
import { inverted } from "../../judge/effects.js";
import { jsonEqual, own, type Json } from "../../model/json.js";
import { compareRewrittenShape, compareVariants, COMPOSITIONS } from "./composition.js";
import type { Documents } from "./containment.js";
import { ofField, pusher, type CompareChild, type Finding } from "../findings.js";
import { compareFlags } from "./flags.js";
import { KNOWN } from "../../model/schema.js";
import { normalize, PROSE, resolveRef, shapeOf, type SchemaNode } from "../../model/schema.js";
import { compareProperties } from "./properties.js";
import { compareValueChecks } from "./value-checks.js";

export class SchemaComparer {
  constructor(private readonly docs: Documents) {}

  /** The findings between two schemas (raw, possibly refs) at `at`. */
  compare(before: Json | undefined, after: Json | undefined, at: string[] = []): Finding[] {
    const out: Finding[] = [];
    this.node(normalize(before), normalize(after), at, out, new Set());
    return out;
  }

  private node(b: SchemaNode, a: SchemaNode, at: string[], out: Finding[], stack: Set<string>): void {
    if (b.ref !== undefined && b.ref === a.ref) {
      // Same component: only the ref's sibling keywords (nullable, description) are this place's own.
      this.keywords(b, a, at, out, stack);
      return;
    }
    if (b.ref !== undefined || a.ref !== undefined) {
      const pair = `${b.ref ?? "inline"}|${a.ref ?? "inline"}|${at.join("/")}`;
      if (stack.has(pair)) return;
      const inner: Finding[] = [];
      this.keywords(resolveRef(b, this.docs.before), resolveRef(a, this.docs.after), at, inner, new Set([...stack, pair]));
      if (b.ref !== undefined && a.ref !== undefined) {
        out.push({
          rule: "schema-type-renamed",
          effect: "sdk",
          at,
          description: `type${ofField(at)} is now \`${a.ref.split("/")[1] ?? a.ref}\`, was \`${b.ref.split("/")[1] ?? b.ref}\``,
          before: b.ref,
          after: a.ref,
        });
      } else if (inner.every((finding) => finding.effect === "documentation")) {
        const named = a.ref ?? b.ref ?? "";
        out.push({
          rule: a.ref === undefined ? "schema-inlined" : "schema-extracted",
          effect: "equivalent",
          at,
          description: `schema${ofField(at)} ${a.ref === undefined ? "inlined from" : "moved into"} \`${named}\`, same values`,
        });
      }
      out.push(...inner);
      return;
    }
    this.keywords(b, a, at, out, stack);
  }

  /** One node's own keywords, in the order findings are listed: prose, flags, value checks, fields, items, variants, the rest. */
  private keywords(bn: SchemaNode, an: SchemaNode, at: string[], out: Finding[], stack: Set<string>): void {
    const [b, a] = [bn.schema, an.schema];
    const push = pusher(out, at);
    const child: CompareChild = (before, after, where) => {
      const start = out.length;
      this.node(normalize(before), normalize(after), where, out, stack);
      return out.slice(start);
    };
    for (const key of PROSE) {
      if (!jsonEqual(own(b, key), own(a, key)))
        push(`${key}-changed`, "documentation", `${key}${ofField(at)} changed`, own(b, key), own(a, key), [...at, key]);
    }
    if (shapeOf(b) !== shapeOf(a)) {
      compareRewrittenShape(b, a, at, push, this.docs);
      return;
    }
    compareFlags(b, a, at, push);
    out.push(...compareValueChecks(bn, an, at, this.docs));
    compareProperties(b, a, at, push, child);
    const [bi, ai] = [own(b, "items"), own(a, "items")];
    if (bi !== undefined || ai !== undefined) child(bi, ai, [...at, "items"]);
    for (const keyword of COMPOSITIONS) compareVariants(keyword, b, a, at, push, child);
    if (own(b, "not") !== undefined && own(a, "not") !== undefined) {
      // What the `not` schema admits, this one refuses: a change inside it acts the other way round.
      for (const finding of child(own(b, "not"), own(a, "not"), [...at, "not"])) {
        finding.effect = inverted(finding.effect);
        finding.description = `inside \`not\`: ${finding.description}`;
      }
    }
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (KNOWN.has(key) || jsonEqual(own(b, key), own(a, key))) continue;
      const extension = key.startsWith("x-");
      push(
        extension ? "extension-changed" : "keyword-changed",
        extension ? "additive" : "incompatible",
        `\`${key}\`${ofField(at)} changed`,
        own(b, key),
        own(a, key),
        [...at, key],
      );
    }
  }
}
