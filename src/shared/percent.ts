/** Percent-decoding that never throws: request paths and `$ref`s are input, and `%E0` or a lone `%` is not an error to crash on. */

/** `text` percent-decoded, or `text` itself when it is not valid percent-encoded UTF-8. */
export function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
