/** Validation of the rack state document (docs/design.md, "The rack state document"): defaults, stable output, first bad field named. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findScenario } from "../../mocks/core/simulator/scenarios.js";
import { NEVER_PLANNED, parseRackState } from "../../mocks/core/simulator/state-schema.js";

const SLED = "3f1a3cbe-1c1b-4bd4-9a7e-0d2f5e1b7c44";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The steady scenario as plain JSON, for editing. */
function steadyJson(): { [key: string]: Json } {
  const found = findScenario("steady");
  if (!found) throw new Error("no steady scenario");
  return JSON.parse(JSON.stringify(found.build())) as { [key: string]: Json };
}

/** Edits the value at `path` (keys and indexes) of a deep copy; `undefined` deletes it. */
function edit(document: Json, path: readonly (string | number)[], value: Json | undefined): Json {
  const copy = JSON.parse(JSON.stringify(document)) as Json;
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, Json>)[key] as Json;
  const last = path[path.length - 1] as string | number;
  const container = parent as Record<string | number, Json>;
  if (value === undefined) delete container[last];
  else container[last] = value;
  return copy;
}

const message = (input: unknown): string => {
  const result = parseRackState(input);
  return result.ok ? "ok" : result.message;
};

describe("defaults and output", () => {
  const minimal = {
    target_release: { generation: 1, version: null, time_requested: null },
    target_release_minimum_generation: 1,
    repositories: [],
    sleds: [{ id: SLED, host_phase_2: { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } }, zones: [] }],
  };

  it("fills every optional field and writes keys in a fixed order", () => {
    const result = parseRackState(minimal);
    if (!result.ok) throw new Error(result.message);
    expect(JSON.stringify(result.state)).toBe(
      JSON.stringify({
        target_release: { generation: 1, version: null, time_requested: null, previous_version: null },
        target_release_minimum_generation: 1,
        time_last_step_planned: NEVER_PLANNED,
        repositories: [],
        sleds: [
          {
            id: SLED,
            serial: "",
            state: "active",
            mupdate_override: null,
            remove_mupdate_override: null,
            install_dataset: null,
            host_phase_2: { slot_a: { type: "current_contents" }, slot_b: { type: "current_contents" } },
            zones: [],
            components: { sp: null, rot: null, rot_bootloader: null, host_phase_1: null },
          },
        ],
        flags: { contact_support: false },
      }),
    );
  });

  it("defaults time_last_step_planned to the target release's request time when one is set", () => {
    const targeted = { ...minimal, target_release: { generation: 2, version: "1.0.0", time_requested: "2026-05-01T10:00:00Z" } };
    const result = parseRackState(targeted);
    expect(result.ok && result.state.time_last_step_planned).toBe("2026-05-01T10:00:00Z");
  });

  it("writes the same text whatever the input's key order, and shares nothing with the input", () => {
    const reverse = (value: Json): Json => {
      if (Array.isArray(value)) return value.map(reverse);
      if (value === null || typeof value !== "object") return value;
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([k, v]) => [k, reverse(v)]),
      );
    };
    const steady = steadyJson();
    const a = parseRackState(steady);
    const b = parseRackState(reverse(steady));
    if (!a.ok || !b.ok) throw new Error("steady must parse");
    expect(JSON.stringify(b.state)).toBe(JSON.stringify(a.state));
    const first = (steady["sleds"] as { [key: string]: Json }[])[0];
    if (first) first["serial"] = "changed";
    expect(a.state.sleds[0]?.serial).not.toBe("changed");
  });
});

describe("the first bad field is named", () => {
  const steady = steadyJson();
  /** `sleds[2].zones[0].id` → ["sleds", 2, "zones", 0, "id"]. */
  const keys = (path: string): (string | number)[] => (path.match(/[^.[\]]+/g) ?? []).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  /** The steady document with one field set (undefined: removed). */
  const set = (path: string, value: Json | undefined, document: Json = steady): Json => edit(document, keys(path), value);
  const valueAt = (path: string): string => String(keys(path).reduce<Json>((v, k) => (v as Record<string, Json>)[k] as Json, steady));

  /** [field set, value, message] where the message names the field that was set. */
  const fieldCases: [string, Json | undefined, string][] = [
    ["sleds[2].host_phase_2.slot_a.type", "booted", 'must be "current_contents" or "artifact"'],
    ["sleds[1].serial_number", "x", "is not a known field"],
    ["target_release.generation", 0, "must be an integer >= 1"],
    ["target_release.generation", 2.5, "must be an integer >= 1"],
    ["target_release.version", null, "must be a version when generation is greater than 1"],
    ["target_release.version", "20.0", "must be a semver version (unexpected end of input while parsing minor version number)"],
    ["target_release.time_requested", null, "must be a date-time when version is set"],
    ["target_release_minimum_generation", undefined, "is required (an integer >= 1)"],
    ["time_last_step_planned", "2026-08-21 09:55", "must be an RFC 3339 date-time"],
    ["repositories[1].hash", "AB".repeat(32), "must be 64 lowercase hexadecimal digits (sha256)"],
    ["repositories[0].time_created", "2026-02-30T00:00:00Z", "must be an RFC 3339 date-time"],
    ["sleds[0].id", "3F1A3CBE-1C1B-4BD4-9A7E-0D2F5E1B7C44", "must be a lowercase hyphenated UUID"],
    ["sleds[0].state", "gone", 'must be "active" or "decommissioned"'],
    ["sleds[4].mupdate_override", "123", "must be a lowercase hyphenated UUID"],
    ["sleds[0].zones", {}, "must be an array"],
    ["sleds[0].zones[0].image_source.version", undefined, "is required (a semver version or null)"],
    ["sleds[1].zones[0].kind", "Nexus", 'must be a snake_case zone kind such as "nexus"'],
    ["sleds[1].zones[2].disposition", "gone", 'must be "in_service" or "expunged"'],
    ["sleds[3].components.rot", "v1", "must be a semver version (unexpected character 'v' while parsing major version number)"],
    ["flags.contact_support", "yes", "must be a boolean"],
    ["repositories[0].pruned", "yes", "must be a boolean"],
    ["boards[0].kind", "sled", 'must be "switch" or "power_shelf"'],
    ["boards[1].serial", "BRM44220001", "duplicates boards[0].serial (BRM44220001)"],
    ["boards[2].components.sp", "x", "must be a semver version (unexpected character 'x' while parsing major version number)"],
  ];

  it("names bad fields inside the parts added later (artifacts, earlier releases, pruner)", () => {
    const artifact = { name: "sp", version: "1.0.0", kind: "gimlet_sp", hash: "a".repeat(64), length: 1 };
    expect(message(set("repositories[0].artifacts", [{ ...artifact, length: -1 }]))).toBe(
      "invalid rack state: repositories[0].artifacts[0].length must be an integer >= 0",
    );
    expect(message(set("repositories[0].artifacts", [{ ...artifact, hash: "ab" }]))).toBe(
      "invalid rack state: repositories[0].artifacts[0].hash must be 64 lowercase hexadecimal digits (sha256)",
    );
    expect(message(set("target_release.earlier_releases", ["20.0.0-0.local+git553e6c0886a"]))).toBe(
      "invalid rack state: target_release.earlier_releases[0] repeats a more recent release",
    );
    expect(message(set("pruner", { nkeep_extra_newly_uploaded: 256 }))).toBe(
      "invalid rack state: pruner.nkeep_extra_newly_uploaded must be an integer from 0 to 255",
    );
    expect(message(set("pruner", { enabled: 1 }))).toBe("invalid rack state: pruner.enabled must be a boolean");
  });

  it("reads a document from before those parts: no pruned flag, artifacts, boards, earlier releases or pruner", () => {
    const old = set("boards", undefined);
    const parsed = parseRackState(old);
    if (!parsed.ok) throw new Error(parsed.message);
    expect("boards" in parsed.state || "pruner" in parsed.state).toBe(false);
    expect(parsed.state.repositories.every((r) => !("pruned" in r) && !("artifacts" in r))).toBe(true);
    const full = parseRackState(
      set("pruner", { enabled: false }, set("repositories[0].pruned", true, set("target_release.earlier_releases", ["1.0.0"]))),
    );
    if (!full.ok) throw new Error(full.message);
    expect(full.state.pruner).toEqual({ enabled: false, nkeep_extra_target_releases: 1, nkeep_extra_newly_uploaded: 1 });
    expect(full.state.repositories[0]?.pruned).toBe(true);
    expect(full.state.target_release.earlier_releases).toEqual(["1.0.0"]);
  });

  it.each(fieldCases)("%s = %j", (path, value, problem) => {
    expect(message(set(path, value))).toBe(`invalid rack state: ${path} ${problem}`);
  });

  const otherCases: [string, Json, string][] = [
    ["not an object", [], "the document must be a JSON object"],
    ["unknown root key", { ...steady, sled: [] }, "sled is not a known field"],
    [
      "odd key",
      set("sleds[0]", { ...((steady["sleds"] as Json[])[0] as object), "odd key": 1 }),
      'sleds[0]["odd key"] is not a known field',
    ],
    [
      "version set at generation 1",
      set("target_release.previous_version", null, set("target_release.generation", 1)),
      "target_release.version must be null when generation is 1 (never set)",
    ],
    [
      "previous version at generation 2",
      set("target_release.generation", 2),
      "target_release.previous_version must be null when generation is below 3 (generation 1 names no release)",
    ],
    [
      "duplicate repository",
      set("repositories[1].system_version", valueAt("repositories[0].system_version")),
      `repositories[1].system_version duplicates repositories[0].system_version (${valueAt("repositories[0].system_version")})`,
    ],
    ["duplicate sled id", set("sleds[3].id", valueAt("sleds[1].id")), `sleds[3].id duplicates sleds[1].id (${valueAt("sleds[1].id")})`],
    [
      "duplicate zone id across sleds",
      set("sleds[2].zones[0].id", valueAt("sleds[0].zones[1].id")),
      `sleds[2].zones[0].id duplicates sleds[0].zones[1].id (${valueAt("sleds[0].zones[1].id")})`,
    ],
    [
      "a version on a current-contents slot",
      set("sleds[0].host_phase_2.slot_b", { type: "current_contents", version: null }),
      "sleds[0].host_phase_2.slot_b.version is not a known field",
    ],
    // Two problems: the earlier field in output order wins, and an unknown key beats its siblings.
    ["first of two", set("target_release.generation", 0, set("sleds[0].state", "x")), "target_release.generation must be an integer >= 1"],
    [
      "output order in a sled",
      set("sleds[0].serial", 5, set("sleds[0].host_phase_2.slot_a.type", "x")),
      "sleds[0].serial must be a string",
    ],
    ["unknown key first", set("sleds[0].extra", 1, set("sleds[0].id", "x")), "sleds[0].extra is not a known field"],
  ];

  it.each(otherCases)("%s", (_why, document, expected) => {
    expect(message(document)).toBe(`invalid rack state: ${expected}`);
  });

  it("accepts RFC 3339 variants and leap seconds, rejects out-of-range parts", () => {
    const at = (time: string): string => message(set("time_last_step_planned", time));
    const accepted = [
      "2026-08-21T09:55:17Z",
      "2026-08-21t09:55:17.1234z",
      "2026-08-21T09:55:17+05:30",
      "2026-12-31T23:59:60Z",
      "2028-02-29T00:00:00Z",
    ];
    for (const ok of accepted) {
      expect(at(ok), ok).toBe("ok");
    }
    for (const bad of [
      "2026-13-01T00:00:00Z",
      "2026-08-21T24:00:00Z",
      "2026-08-21T09:55:17",
      "2027-02-29T00:00:00Z",
      "2026-08-21T09:55:17+25:00",
    ]) {
      expect(at(bad), bad).toMatch(/must be an RFC 3339 date-time$/);
    }
  });

  it("accepts the shapes it documents: unknown artifact versions, decommissioned sleds, expunged zones", () => {
    let document = set("sleds[0].zones[0].image_source.version", null);
    document = set("sleds[1].state", "decommissioned", document);
    document = set("sleds[2].zones[1].disposition", "expunged", document);
    document = set("sleds[3].host_phase_2.slot_a", { type: "artifact", version: null }, document);
    expect(message(document)).toBe("ok");
  });
});

/** Every path into a JSON value, for mutation. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

describe("parseRackState never throws", () => {
  const isResult = (input: unknown): boolean => {
    const result = parseRackState(input);
    return result.ok || result.message.startsWith("invalid rack state: ");
  };

  it("on arbitrary JSON and arbitrary values", () => {
    fc.assert(fc.property(fc.jsonValue(), isResult), { numRuns: 500 });
    fc.assert(fc.property(fc.anything(), isResult), { numRuns: 300 });
  });

  it("on mutated valid documents, and what it accepts it accepts again unchanged", () => {
    const steady = steadyJson();
    const editable = paths(steady).filter((path) => path.length > 0);
    const mutation = fc.record({
      path: fc.constantFrom(...editable),
      value: fc.oneof(
        fc.jsonValue(),
        fc.constant(undefined),
        fc.constantFrom<Json>("", 0, -1, null, "1.0.0", SLED, "2026-01-01T00:00:00Z"),
      ),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const document = mutations.reduce<Json>((doc, { path, value }) => {
          try {
            return edit(doc, path, value as Json | undefined);
          } catch {
            return doc; // an earlier mutation removed this path's parent
          }
        }, steady);
        const result = parseRackState(document);
        if (!result.ok) return result.message.startsWith("invalid rack state: ");
        const again = parseRackState(JSON.parse(JSON.stringify(result.state)));
        return again.ok && JSON.stringify(again.state) === JSON.stringify(result.state);
      }),
      { numRuns: 500 },
    );
  });
});
