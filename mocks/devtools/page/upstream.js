// @ts-check
/**
 * A call of the real API from a card (setting the target release, uploading a repository), its answer
 * shown as upstream gave it: status, error code, message.
 */
import { messageOf } from "./answer.js";
import { escapeHtml } from "./render.js";
import { describe, errorCodeSuffix, ok } from "./store.js";

/**
 * @param {import("./store.js").PanelStore} store
 * @param {string} what
 * @param {() => Promise<import("./answer.js").Answer | undefined>} call
 */
export async function callApi(store, what, call) {
  const upstream = store.view("upstream", HTMLElement);
  upstream.innerHTML = "";
  upstream.removeAttribute("data-kind");
  upstream.removeAttribute("data-status");
  store.say("busy", `${what}…`);
  const answer = await call();
  if (answer === undefined) return;
  const kind = ok(answer) ? "accepted" : "refused";
  upstream.dataset.kind = kind;
  upstream.dataset.status = String(answer.status);
  const head = answer.status === 0 ? "no answer (the connection failed)" : `HTTP ${answer.status}${errorCodeSuffix(answer)}`;
  const message = ok(answer) ? (answer.text === "" ? "(no body)" : answer.text) : messageOf(answer);
  upstream.innerHTML = `<strong>${escapeHtml(what)}</strong>: <span class="status">${escapeHtml(head)}</span> <span class="message" id="upstream-message">${escapeHtml(message)}</span>`;
  store.say(kind === "accepted" ? "done" : "refused", `${what}: ${kind === "accepted" ? `${answer.status}` : describe(answer)}`);
}
