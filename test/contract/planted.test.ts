/**
 * The contract layers catch drift: a mock core with planted bugs (a status that carries `contact_support`
 * whatever the version, as a handler that forgot the version would; a TufRepo without `hash`) behind the
 * real adapters. The ajv layer (test/support/contract.ts, also wired into every MSW response of the
 * suite by test/support/msw.ts) and Prism's proxy in front of the standalone server (the gate the
 * contract suite uses) must both name the field; the unplanted answers pass both.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MockResponse } from "../../mocks/core/protocol/message.js";
import { createMockCore, type MockCore } from "../../mocks/core/mock.js";
import { RELEASE_20 } from "../../mocks/core/simulator/scenario-rack.js";
import { startMockServer, type RunningMockServer } from "../../mocks/server.js";
import { createClient } from "../../src/index.js";
import { validateResponse, writeStrictSpec } from "../support/contract.js";
import { checkRecordedViolations, createValidatedMockHandlers, takeRecordedViolations } from "../support/msw.js";
import { ERROR_ON_UNHANDLED } from "../support/msw-options.js";
import { PRISM_HOOK_TIMEOUT_MS, createGate, startPrism, type PrismProcess } from "./prism.js";

const OLD = "2026021301.0.0";
const STATUS = "/v1/system/update/status";
const REPO = `/v1/system/update/repositories/${encodeURIComponent(RELEASE_20)}`;

/** The real core, with the two planted bugs in its answers. */
function plantedCore(): MockCore {
  const core = createMockCore({ scenario: "steady" });
  const tamper = (url: string, answer: MockResponse): MockResponse => {
    if (answer.status !== 200 || answer.body === null) return answer;
    const path = new URL(url, "http://x").pathname;
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    if (path === STATUS) body["contact_support"] = false;
    else if (path.startsWith("/v1/system/update/repositories/")) delete body["hash"];
    else return answer;
    return { ...answer, body: JSON.stringify(body) };
  };
  const planted = (url: string, answer: MockResponse | Promise<MockResponse>) =>
    answer instanceof Promise ? answer.then((a) => tamper(url, a)) : tamper(url, answer);
  return {
    ...core,
    handle: (request) => planted(request.url, core.handle(request)),
    receive(head) {
      const reception = core.receive(head);
      if (reception.kind === "answer") return { kind: "answer", response: planted(head.url, reception.response) };
      return { ...reception, complete: (body) => planted(head.url, reception.complete(body)) };
    },
  };
}

const EXTRA_FIELD_AJV = `GET ${STATUS} → 200 at api-version ${OLD}: body must NOT have additional properties: 'contact_support'`;
const MISSING_HASH_AJV = `GET ${REPO} → 200 at api-version ${OLD}: body must have required property 'hash'`;
const EXTRA_FIELD_PRISM = "Response body must NOT have additional properties; found 'contact_support'";
const MISSING_HASH_PRISM = "Response body must have required property 'hash'";

describe("the ajv layer", () => {
  it("names the field a version lacks and the field a response misses; the true answers pass", async () => {
    const planted = plantedCore();
    const honest = createMockCore({ scenario: "steady" });
    const get = async (core: MockCore, url: string, version: string) => {
      const answer = await core.handle({
        method: "GET",
        url,
        headers: { get: (name) => (name === "api-version" ? version : null) },
        body: null,
      });
      return validateResponse(version, "GET", url, answer.status, answer.body, answer.headers);
    };
    expect(await get(planted, STATUS, OLD)).toEqual([EXTRA_FIELD_AJV]);
    expect(await get(planted, REPO, OLD)).toEqual([MISSING_HASH_AJV]);
    // contact_support is in the status from 2026052000.0.0 on.
    expect(await get(planted, STATUS, "2026052000.0.0")).toEqual([]);
    for (const version of [OLD, "2026052000.0.0"]) {
      expect(await get(honest, STATUS, version)).toEqual([]);
      expect(await get(honest, REPO, version)).toEqual([]);
    }
  });

  it("fails the test that received such an answer from the MSW handlers", async () => {
    const { handlers } = createValidatedMockHandlers({ baseUrl: "http://planted.test", core: plantedCore() });
    const server = setupServer(...handlers);
    server.listen(ERROR_ON_UNHANDLED);
    try {
      const client = createClient({ baseUrl: "http://planted.test", apiVersion: OLD });
      expect((await client.getStatus()).error).toBeUndefined();
      expect((await client.viewRepository(RELEASE_20)).error).toBeUndefined();
    } finally {
      server.close();
    }
    // What the afterEach of test/support/msw.ts runs after every test: it throws (this test would fail
    // with these lines) and clears the record, so the afterEach finds nothing left and this test passes.
    expect(checkRecordedViolations).toThrow(`The mock answered outside the spec (2):\n  ${EXTRA_FIELD_AJV}\n  ${MISSING_HASH_AJV}`);
    expect(takeRecordedViolations()).toEqual([]);
  });
});

describe("prism proxy --errors in front of the standalone server", () => {
  let server: RunningMockServer;
  let prism: PrismProcess;
  let specDir: string;

  beforeAll(async () => {
    server = await startMockServer({ port: 0, core: plantedCore() });
    specDir = mkdtempSync(path.join(tmpdir(), "system-update-planted-"));
    prism = await startPrism({ command: "proxy", errors: true, spec: writeStrictSpec(OLD, specDir), upstream: server.url });
  }, PRISM_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await prism?.close();
    await server?.close();
    if (specDir) rmSync(specDir, { recursive: true, force: true });
  });

  it("answers the planted responses with its violation, naming the field", async () => {
    const status = await fetch(`${prism.url}${STATUS}`, { headers: { "api-version": OLD } });
    expect(status.status).toBe(500);
    expect(status.headers.get("content-type")).toContain("application/problem+json");
    expect(await status.json()).toMatchObject({
      type: "https://stoplight.io/prism/errors#VIOLATIONS",
      validation: [{ location: ["response", "body"], severity: "Error", code: "additionalProperties", message: EXTRA_FIELD_PRISM }],
    });
    const repo = await fetch(`${prism.url}${REPO}`, { headers: { "api-version": OLD } });
    expect(repo.status).toBe(500);
    expect(JSON.parse(repo.headers.get("sl-violations") ?? "[]")).toEqual([
      { location: ["response", "body"], severity: "Error", code: "required", message: MISSING_HASH_PRISM },
    ]);
  });

  it("makes the contract suite's gate report them, with Prism's text and ajv's", async () => {
    const gate = createGate({ prismUrl: prism.url, mockUrl: server.url, routes: [{ origin: "http://rack.contract" }], expected: [] });
    vi.stubGlobal("fetch", gate.fetch);
    try {
      const client = createClient({ baseUrl: "http://rack.contract", apiVersion: OLD });
      expect((await client.getStatus()).error).toMatchObject({ status: 500 });
      expect((await client.viewRepository(RELEASE_20)).error).toMatchObject({ status: 500 });
      // The list (repositories) is not planted: it passes.
      expect((await client.listRepositories()).error).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
    const reported = gate.takeUnexpected();
    expect(reported).toHaveLength(2);
    expect(reported[0]).toContain(`GET ${STATUS} (api-version ${OLD}) → Prism VIOLATIONS:\n    ${EXTRA_FIELD_PRISM}`);
    expect(reported[1]).toContain(`→ Prism VIOLATIONS:\n    ${MISSING_HASH_PRISM}`);
    expect(gate.stats.throughPrism).toBe(3);
  });
});
