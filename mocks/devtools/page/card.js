// @ts-check
/**
 * What a card of the panel is: its actions by the `data-action`/`data-change`/`data-input` name its markup
 * gives them, and its loaders. Each card is a small controller over the shared store (`store.js`).
 */

/**
 * An action: the fields of the form it belongs to (FormData, empty outside a form) and the element that
 * started it (a button, a field, or what was clicked inside a `data-change` area).
 * @typedef {(fields: FormData, source: Element) => void} Action
 */

/**
 * @typedef {object} Card
 * @property {Readonly<Record<string, Action>>} actions
 * @property {Partial<Record<import("./store.js").LoaderName, import("./store.js").Loader>>} [loaders]
 */

/** A form field's text, trimmed ("" when absent or a file). */
export function text(/** @type {FormData} */ fields, /** @type {string} */ name) {
  const value = fields.get(name);
  return typeof value === "string" ? value.trim() : "";
}
