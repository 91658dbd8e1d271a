/**
 * MSW handlers for tests, with the contract layer switched on: every answer the handlers give is checked
 * against the response schema of the API version the request asked for (test/support/contract.ts), and
 * a test during which one broke the spec fails, with the violations listed. Control endpoints
 * (`/__mock/`) are not in the spec and are not checked.
 *
 * Importing this module registers the `afterEach`/`afterAll` checks in the importing test file.
 */
import { afterAll, afterEach } from "vitest";
import { createMockHandlers, type MockHandlers, type MockHandlersOptions } from "../../mocks/msw.js";
import { validateResponse } from "./contract.js";

const CONTROL_PREFIX = "/__mock/";

const recorded: string[] = [];

/** The violations recorded since the last check, removed (for tests that plant them on purpose). */
export function takeRecordedViolations(): string[] {
  return recorded.splice(0);
}

/** Throws with every violation recorded since the last check; what the hooks below run. */
export function checkRecordedViolations(): void {
  const violations = takeRecordedViolations();
  if (violations.length > 0) {
    throw new Error(`The mock answered outside the spec (${violations.length}):\n${violations.map((v) => `  ${v}`).join("\n")}`);
  }
}

afterEach(checkRecordedViolations);
// Answers given outside any test (e.g. in beforeAll) are reported at the end of the file.
afterAll(checkRecordedViolations);

/** `createMockHandlers` whose every API answer is validated against the requested version's spec. */
export function createValidatedMockHandlers(options: MockHandlersOptions = {}): MockHandlers {
  const basePath = options.baseUrl ? new URL(options.baseUrl).pathname.replace(/\/+$/, "") : "";
  return createMockHandlers({
    ...options,
    onResponse(info) {
      options.onResponse?.(info);
      let path = new URL(info.request.url).pathname;
      if (basePath !== "" && path.startsWith(basePath)) path = path.slice(basePath.length);
      if (path.startsWith(CONTROL_PREFIX)) return;
      const { status, body, headers } = info.response;
      recorded.push(...validateResponse(info.apiVersion, info.request.method, path, status, body, headers));
    },
  });
}
