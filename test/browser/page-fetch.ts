/**
 * A `fetch` for the test process that makes every request in the MSW test page instead: the page's
 * `fetch` sends it through the service worker to the handlers running in the page, and the answer is
 * read there and handed back. With it, a suite written for Node (the golden table) runs against the
 * browser adapter unchanged.
 */
import type { Page } from "playwright-core";
import type { WireRequest } from "./page/msw-page-api.js";

/** Statuses whose responses cannot have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function pageFetch(page: Page): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const wire: WireRequest = {
      url: request.url,
      method: request.method,
      headers: [...request.headers],
      body: request.body === null ? null : Buffer.from(await request.arrayBuffer()).toString("base64"),
    };
    const answer = await page.evaluate((sent) => window.mswPage.fetch(sent), wire);
    const body = NULL_BODY_STATUSES.has(answer.status) ? null : Buffer.from(answer.body, "base64");
    return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  };
}
