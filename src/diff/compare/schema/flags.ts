// The one-word keywords of a schema node, each weighed on its own: nullable and uniqueItems move the set of
// values admitted; deprecated and default only inform; readOnly, writeOnly and the discriminator change
// which side may send a field or how a variant is picked, which no set of values says.
import { jsonEqual, own, type JsonObject } from "../../model/json.js";
import { ofField, type Push } from "../findings.js";
import { fieldOf } from "../../model/schema.js";

export function compareFlags(b: JsonObject, a: JsonObject, at: string[], push: Push): void {
  const flag = (key: string): boolean => own(b, key) === true;
  const now = (key: string): boolean => own(a, key) === true;
  if (flag("nullable") !== now("nullable")) {
    if (now("nullable"))
      push("became-nullable", "widens", `\`${fieldOf(at) || "value"}\` became nullable`, false, true, [...at, "nullable"]);
    else push("no-longer-nullable", "narrows", `\`${fieldOf(at) || "value"}\` is no longer nullable`, true, false, [...at, "nullable"]);
  }
  if (flag("deprecated") !== now("deprecated")) {
    push(
      now("deprecated") ? "schema-deprecated" : "schema-undeprecated",
      "additive",
      `${now("deprecated") ? "deprecated" : "no longer deprecated"}${ofField(at)}`,
      undefined,
      undefined,
      [...at, "deprecated"],
    );
  }
  // `readOnly` only says what requests should leave out, `writeOnly` what responses leave out: each binds
  // one side. A field leaving a side drops it there; a field joining a side is new optional surface.
  for (const [key, side] of [
    ["readOnly", "request"],
    ["writeOnly", "response"],
  ] as const) {
    if (flag(key) === now(key)) continue;
    const finding = push(
      `${key}-changed`,
      now(key) ? "drops" : "additive",
      `\`${key}\`${ofField(at)} is now ${String(now(key))}`,
      flag(key),
      now(key),
      [...at, key],
    );
    finding.binds = side;
  }
  if (!jsonEqual(own(b, "default"), own(a, "default"))) {
    push("default-changed", "additive", `default${ofField(at)} changed`, own(b, "default"), own(a, "default"), [...at, "default"]);
  }
  if (flag("uniqueItems") !== now("uniqueItems")) {
    push(
      "unique-items-changed",
      now("uniqueItems") ? "narrows" : "widens",
      `items${ofField(at)} ${now("uniqueItems") ? "must now be unique" : "may now repeat"}`,
      undefined,
      undefined,
      [...at, "uniqueItems"],
    );
  }
  if (!jsonEqual(own(b, "discriminator"), own(a, "discriminator"))) {
    push("discriminator-changed", "incompatible", `discriminator${ofField(at)} changed`, own(b, "discriminator"), own(a, "discriminator"), [
      ...at,
      "discriminator",
    ]);
  }
}
