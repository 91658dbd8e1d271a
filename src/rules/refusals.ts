/**
 * Every way the control plane refuses to change the target release, in one table: HTTP status,
 * `error_code` and message template. The rules format messages from it and the client parses them
 * back with it, so no message text is written twice in the project.
 */

/** Prefix of every validation refusal (`Error::InvalidRequest` built by `TargetReleaseChangeError`). */
export const TARGET_RELEASE_REFUSAL_PREFIX = "Target release cannot be changed: ";

export type TargetReleaseRefusal =
  /** Update to the version already targeted (build metadata included). */
  | { readonly kind: "already-targeting"; readonly current: string }
  /** Update that jumps more than one major ("scheduled") release. */
  | { readonly kind: "skip-release"; readonly currentMajor: string; readonly proposedMajor: string }
  /** Update to an older version (build metadata ignored for the comparison, printed in the message). */
  | { readonly kind: "downgrade"; readonly proposed: string; readonly current: string }
  /** Update while the blueprint still shows a support mupdate: recovery-finish must come first. */
  | { readonly kind: "mupdate-pending" }
  /** Update while the planner has not yet decided everything of the previous one. */
  | { readonly kind: "update-in-progress" }
  /** Recovery when nothing shows a mupdate happened. */
  | { readonly kind: "recovery-not-needed" }
  /** Recovery to a version other than the one the mupdated sleds run. `versionFound: null` = unknown. */
  | {
      readonly kind: "recovery-wrong-version";
      readonly proposed: string;
      readonly sledId: string;
      readonly versionFound: string | null;
    }
  /** The release passed validation but its repository was never uploaded (or was pruned). */
  | { readonly kind: "repo-not-found"; readonly version: string };

export type TargetReleaseRefusalKind = TargetReleaseRefusal["kind"];

interface RefusalSpec {
  readonly status: 400 | 404;
  readonly errorCode: "InvalidRequest" | "ObjectNotFound";
  /**
   * The message with `{field}` placeholders. `{versionFound}` renders as upstream's `BlueprintArtifactVersion`
   * display, `version <v>` or `(unknown version)`, so an unknown one reads `((unknown version))`.
   */
  readonly template: string;
}

const P = TARGET_RELEASE_REFUSAL_PREFIX;

export const TARGET_RELEASE_REFUSALS: { readonly [K in TargetReleaseRefusalKind]: RefusalSpec } = {
  "already-targeting": {
    status: 400,
    errorCode: "InvalidRequest",
    template: `${P}cannot update to target release {current} (already targeting that version)`,
  },
  "skip-release": {
    status: 400,
    errorCode: "InvalidRequest",
    template: `${P}cannot skip from scheduled release {currentMajor} to scheduled release {proposedMajor}`,
  },
  downgrade: {
    status: 400,
    errorCode: "InvalidRequest",
    template: `${P}cannot downgrade: requested target release version {proposed} is older than current target release version {current}`,
  },
  "mupdate-pending": {
    status: 400,
    errorCode: "InvalidRequest",
    template: `${P}a support-driven recovery (mupdate) has occurred and must be cleared first`,
  },
  "update-in-progress": {
    status: 400,
    errorCode: "InvalidRequest",
    template: `${P}a previous update is still in progress`,
  },
  "recovery-not-needed": {
    status: 400,
    errorCode: "InvalidRequest",
    template: `${P}no evidence a mupdate has occurred - recovery not needed`,
  },
  "recovery-wrong-version": {
    status: 400,
    errorCode: "InvalidRequest",
    template: `${P}mupdate recovery required, but specified version {proposed} does not match the version of components deployed on sled {sledId} ({versionFound})`,
  },
  "repo-not-found": {
    status: 404,
    errorCode: "ObjectNotFound",
    template: `not found: tuf-repo with id "{version}"`,
  },
};

const UNKNOWN_VERSION = "(unknown version)";

function renderField(name: string, value: string | null): string {
  if (name === "versionFound") return value === null ? UNKNOWN_VERSION : `version ${value}`;
  return value ?? "";
}

export interface RefusalResponse {
  readonly status: 400 | 404;
  readonly errorCode: "InvalidRequest" | "ObjectNotFound";
  readonly message: string;
}

/** Each template split once into literal, field name, literal, ... */
const TEMPLATE_PARTS = Object.fromEntries(
  (Object.keys(TARGET_RELEASE_REFUSALS) as TargetReleaseRefusalKind[]).map((kind) => [
    kind,
    TARGET_RELEASE_REFUSALS[kind].template.split(/\{(\w+)\}/),
  ]),
) as Record<TargetReleaseRefusalKind, string[]>;

/** The status, `error_code` and exact message the server answers for a refusal. */
export function describeRefusal(refusal: TargetReleaseRefusal): RefusalResponse {
  const spec = TARGET_RELEASE_REFUSALS[refusal.kind];
  const values = refusal as unknown as Record<string, string | null>;
  const parts = TEMPLATE_PARTS[refusal.kind];
  let message = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2)
    message += renderField(parts[i] as string, values[parts[i] as string] ?? null) + (parts[i + 1] as string);
  return { status: spec.status, errorCode: spec.errorCode, message };
}

const FIELD_PATTERN: Record<string, string> = {
  current: "(\\S+)",
  proposed: "(\\S+)",
  version: "(.*)",
  currentMajor: "(\\d+)",
  proposedMajor: "(\\d+)",
  sledId: "(\\S+)",
  versionFound: "(version \\S+|\\(unknown version\\))",
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface Matcher {
  readonly kind: TargetReleaseRefusalKind;
  readonly regex: RegExp;
  readonly names: string[];
}

const MATCHERS: readonly Matcher[] = (Object.keys(TARGET_RELEASE_REFUSALS) as TargetReleaseRefusalKind[]).map((kind) => {
  const { template } = TARGET_RELEASE_REFUSALS[kind];
  const names: string[] = [];
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const field = /^\{(\w+)\}$/.exec(part)?.[1];
      if (field === undefined) return escapeRegExp(part);
      names.push(field);
      return FIELD_PATTERN[field] ?? "(.*?)";
    })
    .join("");
  return { kind, regex: new RegExp(`^${source}$`), names };
});

function parseField(name: string, raw: string): string | null {
  if (name !== "versionFound") return raw;
  return raw === UNKNOWN_VERSION ? null : raw.slice("version ".length);
}

/**
 * Recognises a target-release refusal from the answer's status, `error_code` and message
 * (the inverse of `describeRefusal`); undefined for any other error.
 */
export function parseRefusal(status: number, errorCode: string | undefined, message: string): TargetReleaseRefusal | undefined {
  for (const matcher of MATCHERS) {
    const spec = TARGET_RELEASE_REFUSALS[matcher.kind];
    if (spec.status !== status || spec.errorCode !== errorCode) continue;
    const match = matcher.regex.exec(message);
    if (!match) continue;
    const refusal: Record<string, string | null> = { kind: matcher.kind };
    matcher.names.forEach((name, index) => {
      refusal[name] = parseField(name, match[index + 1] ?? "");
    });
    return refusal as unknown as TargetReleaseRefusal;
  }
  return undefined;
}
