// @ts-check
/** What a request of the panel ended with, and what a person reads of it. */

/**
 * What a request ended with: the status (0: no answer, the connection failed), the body parsed as JSON
 * when it is JSON (else null), and its text.
 * @typedef {{ status: number, body: unknown, text: string }} Answer
 */

/** An answer from its status and text (the body parsed when it is JSON). */
export function answerOf(/** @type {number} */ status, /** @type {string} */ text) {
  /** @type {unknown} */
  let body = null;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  return /** @type {Answer} */ ({ status, body, text });
}

/** No answer: the request failed before one came (status 0, the error's text). */
export const failedAnswer = (/** @type {unknown} */ error) =>
  /** @type {Answer} */ ({ status: 0, body: null, text: error instanceof Error ? error.message : String(error) });

/** A field of an answer's JSON object body when it is a string (dropshot's `message`, `error_code`), else undefined. */
export function bodyText(/** @type {Answer} */ answer, /** @type {string} */ field) {
  const body = /** @type {Record<string, unknown> | null} */ (answer.body);
  const value = body !== null && typeof body === "object" && Object.hasOwn(body, field) ? body[field] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** What an answer that is not a success says: dropshot's `message`, else the text. */
export const messageOf = (/** @type {Answer} */ answer) => bodyText(answer, "message") ?? answer.text;
