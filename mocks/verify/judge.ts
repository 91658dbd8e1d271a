/**
 * Rack answer against prediction, per probe. A refusal must match in status, `error_code` (absent is a
 * value) and message, and a 405 in its `Allow` methods. A read must have the predicted status and fit the
 * response schema of the API version it asked for. A listing must also be consistent across its pages:
 * every non-empty page names a next one, the last is empty, no item twice, the same items as the unpaged
 * listing; repository pages must equal the mock's (order and tokens), trust roots come in id order.
 */
import { jsonEqual, type Json } from "../../src/diff/model/json.js";
import type { MockResponse } from "../core/protocol/message.js";
import type { Probe } from "./catalogue.js";
import { answerJson, fieldOf, type Exchange, type RackAnswer } from "./exchange.js";
import { schemaProblems, specVersionFor } from "./schema.js";

export interface Judged {
  readonly exchange: Exchange;
  readonly predicted: MockResponse;
}

export interface ProbeResult {
  readonly probe: Probe;
  readonly match: boolean;
  /** One line each: what the rack answered and what the mock predicted. */
  readonly rack: string;
  readonly predicted: string;
  /** Each difference named, empty when the probe matches. */
  readonly differences: readonly string[];
}

/** The mock's answer body as JSON (the mock writes JSON or nothing). */
const predictedJson = (response: MockResponse): unknown => (response.body === null ? undefined : JSON.parse(response.body));

const pathOf = (target: string): string => target.split("?", 1)[0] ?? target;

function errorLine(status: number, body: unknown, fallback: string): string {
  const code = fieldOf(body, "error_code");
  const message = fieldOf(body, "message");
  if (typeof message !== "string") return `${status} ${fallback}`;
  return `${status} ${typeof code === "string" ? `${code} ` : ""}${JSON.stringify(message)}`;
}

function rackLine(answer: RackAnswer): string {
  if (answer.status === 0) return `no answer (${answer.failure ?? "failed"})`;
  return errorLine(answer.status, answerJson(answer), answer.body === "" ? "(empty)" : "(not an error body)");
}

const allowSet = (value: string | null | undefined): string =>
  (value ?? "")
    .split(",")
    .map((method) => method.trim())
    .filter((method) => method !== "")
    .sort()
    .join(", ");

function refusalDifferences(answer: RackAnswer, predicted: MockResponse): string[] {
  const rack = answerJson(answer);
  const mock = predictedJson(predicted);
  const differences: string[] = [];
  if (answer.status !== predicted.status) differences.push(`status: rack ${answer.status}, predicted ${predicted.status}`);
  if (fieldOf(rack, "message") === undefined)
    return [...differences, `body: not an error body: ${JSON.stringify(answer.body.slice(0, 120))}`];
  for (const key of ["error_code", "message"]) {
    const [got, want] = [fieldOf(rack, key), fieldOf(mock, key)];
    if (got !== want) differences.push(`${key}: rack ${JSON.stringify(got) ?? "absent"}, predicted ${JSON.stringify(want) ?? "absent"}`);
  }
  const wantAllow = predicted.headers["allow"];
  if (wantAllow !== undefined && allowSet(answer.allow) !== allowSet(wantAllow))
    differences.push(`allow: rack "${allowSet(answer.allow)}", predicted "${allowSet(wantAllow)}"`);
  return differences;
}

function readDifferences({ exchange, predicted }: Judged): string[] {
  const { answer, request } = exchange;
  if (answer.status !== predicted.status) return [`status: rack ${answer.status}, predicted ${predicted.status}`];
  if (answer.cut === true) return ["body: longer than the answer cap (maxAnswerBytes)"];
  const body = answerJson(answer);
  if (body === undefined) return ["body: not JSON"];
  return schemaProblems(request.apiVersion ?? "", pathOf(request.target), body);
}

/** The key an item of a listing is known by. */
function itemKey(item: unknown): string {
  const key = fieldOf(item, "system_version") ?? fieldOf(item, "id");
  return typeof key === "string" ? key : JSON.stringify(item);
}

const itemsOf = (body: unknown): unknown[] => {
  const items = fieldOf(body, "items");
  return Array.isArray(items) ? items : [];
};

/** The keys listed more than once, each named once. */
function listedTwice(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of keys) (seen.has(key) ? twice : seen).add(key);
  return [...twice];
}

function pageDifferences(pages: readonly Judged[], unpaged: readonly string[] | undefined): string[] {
  const differences: string[] = [];
  const keys: string[] = [];
  // Repository pages are predicted exactly (the mock holds the rack's repositories); trust roots are not.
  const isRepositories = pathOf(pages[0]?.exchange.request.target ?? "").endsWith("/repositories");
  pages.forEach((page, index) => {
    const label = pages.length > 1 ? `page ${index + 1}: ` : "";
    const problems = readDifferences(page);
    differences.push(...problems.map((problem) => label + problem));
    if (problems.length > 0 || page.exchange.answer.status !== 200) return;
    const rack = answerJson(page.exchange.answer);
    const items = itemsOf(rack);
    if (items.length > 0 && typeof fieldOf(rack, "next_page") !== "string") differences.push(`${label}a non-empty page without next_page`);
    keys.push(...items.map(itemKey));
    if (!isRepositories) return;
    const mock = predictedJson(page.predicted);
    const [rackNext, mockNext] = [fieldOf(rack, "next_page"), fieldOf(mock, "next_page")];
    if (!jsonEqual(items as Json, itemsOf(mock) as Json))
      differences.push(`${label}items: rack [${items.map(itemKey).join(", ")}], predicted [${itemsOf(mock).map(itemKey).join(", ")}]`);
    else if (rackNext !== mockNext)
      differences.push(`${label}next_page: rack ${JSON.stringify(rackNext)}, predicted ${JSON.stringify(mockNext)}`);
  });
  const last = pages.at(-1);
  if (last !== undefined && last.exchange.answer.status === 200 && itemsOf(answerJson(last.exchange.answer)).length > 0)
    differences.push(`the listing did not end within ${pages.length} pages (--max-pages)`);
  const twice = listedTwice(keys);
  if (twice.length > 0) differences.push(`items listed twice: ${twice.join(", ")}`);
  if (!isRepositories && keys.some((key, i) => i > 0 && (keys[i - 1] ?? "") > key))
    differences.push(`items not in ascending id order: ${keys.join(", ")}`);
  if (unpaged !== undefined && differences.length === 0 && [...keys].sort().join() !== [...unpaged].sort().join())
    differences.push(`items differ from the unpaged listing: [${keys.join(", ")}] against [${unpaged.join(", ")}]`);
  return differences;
}

function summary(probe: Probe, judged: readonly Judged[]): { rack: string; predicted: string } {
  const first = judged[0];
  if (first === undefined) return { rack: "not sent", predicted: "-" };
  const predicted = first.predicted;
  if (predicted.status >= 300 || probe.kind === "refusal") {
    return { rack: rackLine(first.exchange.answer), predicted: errorLine(predicted.status, predictedJson(predicted), "(no body)") };
  }
  const version = specVersionFor(first.exchange.request.apiVersion ?? "");
  const rackItems = judged.reduce((count, page) => count + itemsOf(answerJson(page.exchange.answer)).length, 0);
  const pages = probe.kind === "pages" ? `, ${judged.length} page(s), ${rackItems} item(s)` : "";
  const rack = judged.every((page) => page.exchange.answer.status === 200) ? `200${pages}` : rackLine(first.exchange.answer);
  return { rack, predicted: `${predicted.status}, schema of ${version}${probe.kind === "pages" ? ", consistent pages" : ""}` };
}

/** Judges one probe from its exchanges (several for a listing) and their predictions. */
export function judgeProbe(probe: Probe, judged: readonly Judged[], unpaged?: readonly string[]): ProbeResult {
  let differences: string[];
  const first = judged[0];
  if (first === undefined) differences = ["not in the record"];
  else if (first.exchange.answer.status === 0) differences = [rackLine(first.exchange.answer)];
  else if (first.predicted.status >= 300) differences = refusalDifferences(first.exchange.answer, first.predicted);
  else if (probe.kind === "pages") differences = pageDifferences(judged, unpaged);
  else differences = readDifferences(first);
  return { probe, match: differences.length === 0, ...summary(probe, judged), differences };
}

/** The keys of an unpaged listing's items, for the paged probes of the same path. */
export function listingKeys(judged: readonly Judged[]): string[] {
  return judged.flatMap((page) => itemsOf(answerJson(page.exchange.answer)).map(itemKey));
}
