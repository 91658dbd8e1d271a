/**
 * The predictions: the mock core, set to what the rack's own reads show (its target release, its
 * repositories, whether it thinks itself suspended, the caller's access), answers every request the rack
 * was sent. Sleds are the default scenario's: no probe reaches a rule that reads them.
 */
import { createMockCore, type MockCore } from "../core/mock.js";
import { headersFrom, type MockResponse } from "../core/protocol/message.js";
import type { RackState, Repository } from "../core/simulator/state.js";
import { BAD_TOKEN } from "./catalogue.js";
import { answerJson, fieldOf, type Exchange, type SentRequest } from "./exchange.js";

/** The token the predicting mock knows; the run's real token never reaches it. */
const MOCK_TOKEN = "system-update-verify-token";

export interface Observed {
  readonly targetRelease: { readonly version: string; readonly time_requested: string } | null;
  readonly suspended: boolean;
  readonly repositories: readonly Repository[];
  /** Whether the run carried a token, and whether the rack let it read the status. */
  readonly auth: "off" | "reader" | "no-fleet-role";
}

function parsed(exchange: Exchange | undefined): unknown {
  return exchange === undefined || exchange.answer.status !== 200 ? undefined : answerJson(exchange.answer);
}

function isRepository(value: unknown): value is Repository {
  return ["system_version", "file_name", "hash", "time_created"].every((key) => typeof fieldOf(value, key) === "string");
}

/** What the rack's status and its full repository listing say; anything unreadable counts as absent. */
export function observe(exchanges: readonly Exchange[], withToken: boolean): Observed {
  const statusExchange = exchanges.find((exchange) => exchange.probe === "status");
  const status = parsed(statusExchange);
  const target = fieldOf(status, "target_release");
  const version = fieldOf(target, "version");
  const time = fieldOf(target, "time_requested");
  const repositories = new Map<string, Repository>();
  for (const exchange of exchanges.filter((candidate) => candidate.probe === "repositories")) {
    const items = fieldOf(parsed(exchange), "items");
    for (const item of Array.isArray(items) ? items : []) if (isRepository(item)) repositories.set(item.system_version, item);
  }
  const refused = statusExchange !== undefined && statusExchange.answer.status === 403;
  return {
    targetRelease: typeof version === "string" && typeof time === "string" ? { version, time_requested: time } : null,
    suspended: fieldOf(status, "suspended") === true,
    repositories: [...repositories.values()],
    auth: !withToken ? "off" : refused ? "no-fleet-role" : "reader",
  };
}

/** The mock, set to the observed rack. */
export function predictingMock(observed: Observed): MockCore {
  const seed = createMockCore().getState();
  const generation = observed.targetRelease === null ? 1 : 2;
  const state: RackState = {
    ...seed,
    target_release: {
      generation,
      version: observed.targetRelease?.version ?? null,
      time_requested: observed.targetRelease?.time_requested ?? null,
      previous_version: null,
    },
    target_release_minimum_generation: observed.suspended ? generation + 1 : generation,
    repositories: observed.repositories,
  };
  const role = observed.auth === "no-fleet-role" ? "none" : "viewer";
  return createMockCore({ state, ...(observed.auth !== "off" && { auth: { tokens: new Map([[MOCK_TOKEN, role]]) } }) });
}

/** The mock's answer to the request the rack was sent (the run's token replaced by the mock's). */
export async function predict(mock: MockCore, request: SentRequest): Promise<MockResponse> {
  const headers: Record<string, string> = {};
  if (request.apiVersion !== null) headers["api-version"] = request.apiVersion;
  if (request.contentType !== null) headers["content-type"] = request.contentType;
  if (request.auth === "token") headers["authorization"] = `Bearer ${MOCK_TOKEN}`;
  if (request.auth === "bad") headers["authorization"] = `Bearer ${BAD_TOKEN}`;
  const body = request.body === null ? null : new TextEncoder().encode(request.body);
  return mock.handle({ method: request.method, url: request.target, headers: headersFrom(headers), body });
}
