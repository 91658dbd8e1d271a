/**
 * Test helpers for a mock behind HTTP (the standalone server, or MSW handlers): the `/__mock/`
 * endpoints as typed functions, so a test drives a remote rack as it would drive `MockCore`. Each method
 * is an entry of the control table (`core/control/table.ts`), called by its name.
 */
import {
  CLIENT_ENDPOINTS,
  controlFunctions,
  type ControlFunctions,
  type ControlName,
  type ControlSignatures,
} from "./core/control/table.js";
import type { ControlCall } from "./core/control/endpoint.js";
import { SESSION_HEADER } from "./core/sessions/store.js";

export interface MockControlOptions {
  readonly baseUrl: string;
  /** `x-mock-session`: each name is its own rack. */
  readonly session?: string;
  /** The control token, when the mock runs with auth on (sent as `authorization: Bearer <token>`). */
  readonly controlToken?: string;
  readonly fetch?: (request: Request) => Promise<Response>;
}

/** Every control endpoint as a method: its arguments, and what it answers (docs/design.md, "Control endpoints"). */
export type MockControl = ControlFunctions;

export class MockControlRequestError extends Error {
  override readonly name = "MockControlRequestError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The path of a call below the base: the entry's path with its `{id}` filled in, and the query. */
export function controlPath(path: string, call: ControlCall): string {
  const filled = call.id === undefined ? path : path.replace("{id}", encodeURIComponent(call.id));
  const query = call.query === undefined ? "" : new URLSearchParams(call.query).toString();
  return query === "" ? filled : `${filled}?${query}`;
}

/** What the mock answered, as the table says the endpoint answers (the wire is the mock's own). */
function resultOf<N extends ControlName>(_name: N, text: string): ControlSignatures[N]["result"] {
  const value: unknown = text === "" ? undefined : JSON.parse(text);
  return value as ControlSignatures[N]["result"];
}

export function createMockControl(options: MockControlOptions): MockControl {
  const base = options.baseUrl.replace(/\/+$/, "");
  async function call<N extends ControlName>(name: N, ...args: ControlSignatures[N]["args"]): Promise<ControlSignatures[N]["result"]> {
    const entry = CLIENT_ENDPOINTS[name];
    const parts = entry.send(...args);
    const headers: Record<string, string> = {};
    if (options.session !== undefined) headers[SESSION_HEADER] = options.session;
    if (options.controlToken !== undefined) headers["authorization"] = `Bearer ${options.controlToken}`;
    if (parts.body !== undefined) headers["content-type"] = "application/json";
    const request = new Request(`${base}${controlPath(entry.path, parts)}`, {
      method: entry.method,
      headers,
      ...(parts.body !== undefined && { body: JSON.stringify(parts.body) }),
    });
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(request);
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(`createMockControl: cannot reach the mock at ${base} (${cause}): is "system-update mock" running there?`, {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) throw new MockControlRequestError(response.status, errorMessage(text));
    return resultOf(name, text);
  }
  return controlFunctions(call);
}

/** dropshot's `message` of an error answer, else its text. */
function errorMessage(text: string): string {
  try {
    const message: unknown = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === "string" ? message : text;
  } catch {
    return text; // not JSON: keep the text
  }
}
