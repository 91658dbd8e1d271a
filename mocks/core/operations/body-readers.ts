/**
 * How each kind of operation reads its body, as dropshot's extractors do: `TypedBody` checks the content
 * type and parses JSON with serde's exact messages; `StreamingBody` takes the bytes as they come (the
 * upload; the server does not check its content type). The reader's kind sets the body cap. A reader may
 * be asynchronous: a trust root's signatures are checked while its body is read, with WebCrypto.
 */
import { checkJsonContentType } from "../dropshot/content-type.js";
import { checkTrustRoot } from "../tuf/trust-root.js";
import {
  BODY_ERROR,
  parseAnyJsonBody,
  parseSetTargetReleaseBody,
  type BodyParseResult,
  type SetTargetReleaseBody,
} from "../serde/bodies.js";

export type BodyReaderKind = "none" | "json" | "binary";

export interface BodyReader<T, Kind extends BodyReaderKind = BodyReaderKind> {
  readonly kind: Kind;
  /** The body from its bytes; `contentType` is the raw header (null when absent). */
  read(bytes: Uint8Array, contentType: string | null): BodyParseResult<T> | Promise<BodyParseResult<T>>;
}

/** Operations without a request body: nothing is read. */
export const NO_BODY: BodyReader<undefined, "none"> = { kind: "none", read: () => ({ ok: true, value: undefined }) };

function jsonReader<T>(parse: (bytes: Uint8Array) => BodyParseResult<T> | Promise<BodyParseResult<T>>): BodyReader<T, "json"> {
  return {
    kind: "json",
    read(bytes, contentType) {
      const gate = checkJsonContentType(contentType);
      return gate.ok ? parse(bytes) : gate;
    },
  };
}

/** `TypedBody<SetTargetReleaseParams>`: both PUTs that set the target release. */
export const SET_TARGET_RELEASE_PARAMS = jsonReader<SetTargetReleaseBody>(parseSetTargetReleaseBody);

/**
 * `TypedBody<TufSignedRootRole>`: any JSON value, which must then read as tough's `Signed<Root>` and be
 * signed by itself; both refusals are `unable to parse JSON body: …` (see `tuf/trust-root.ts`).
 */
export const TUF_SIGNED_ROOT_ROLE = jsonReader<unknown>(async (bytes) => {
  const value = parseAnyJsonBody(bytes);
  if (!value.ok) return value;
  const checked = await checkTrustRoot(value.value);
  return checked.ok ? value : { ok: false, message: `${BODY_ERROR}${checked.message}` };
});

/** `StreamingBody`: the bytes as sent. */
export const RAW_BYTES: BodyReader<Uint8Array, "binary"> = { kind: "binary", read: (bytes) => ({ ok: true, value: bytes }) };
