/**
 * How each kind of operation reads its body, as dropshot's extractors do: `TypedBody` checks the content
 * type and parses JSON with serde's exact messages; `StreamingBody` takes the bytes as they come (the
 * upload; the server does not check its content type). The reader's kind sets the body cap.
 */
import { checkJsonContentType } from "../dropshot/content-type.js";
import { parseAnyJsonBody, parseSetTargetReleaseBody, type BodyParseResult, type SetTargetReleaseBody } from "../serde/bodies.js";

export type BodyReaderKind = "none" | "json" | "binary";

export interface BodyReader<T, Kind extends BodyReaderKind = BodyReaderKind> {
  readonly kind: Kind;
  /** The body from its bytes; `contentType` is the raw header (null when absent). */
  read(bytes: Uint8Array, contentType: string | null): BodyParseResult<T>;
}

/** Operations without a request body: nothing is read. */
export const NO_BODY: BodyReader<undefined, "none"> = { kind: "none", read: () => ({ ok: true, value: undefined }) };

function jsonReader<T>(parse: (bytes: Uint8Array) => BodyParseResult<T>): BodyReader<T, "json"> {
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

/** `TypedBody<serde_json::Value>`: any JSON value (a trust root's root role). */
export const ANY_JSON = jsonReader<unknown>(parseAnyJsonBody);

/** `StreamingBody`: the bytes as sent. */
export const RAW_BYTES: BodyReader<Uint8Array, "binary"> = { kind: "binary", read: (bytes) => ({ ok: true, value: bytes }) };
