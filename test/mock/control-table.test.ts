/**
 * The control table as the mock serves it: each path answers exactly the methods its entries have, the
 * access flag follows the method, and the devtools page's scripts name endpoints, never paths.
 */
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONTROL_TABLE } from "../../mocks/core/control/table.js";
import type { MockResponse } from "../../mocks/core/protocol/message.js";
import { createMockCore } from "../../mocks/core/mock.js";
import { DEVTOOLS_ENDPOINTS } from "../../mocks/devtools/endpoints.js";
import { panelConfig } from "../../mocks/devtools/view.js";

const entries = Object.entries(CONTROL_TABLE);
const NO_HEADERS = { get: () => null };

/** The core's immediate answer to a request without a body. */
function answer(method: string, path: string): MockResponse {
  const reception = createMockCore().receive({ method, url: path.replace("{id}", "some-id"), headers: NO_HEADERS });
  if (reception.kind !== "answer" || reception.response instanceof Promise) throw new Error(`${method} ${path}: no immediate answer`);
  return reception.response;
}

describe("the control table", () => {
  it.each([...new Set(entries.map(([, entry]) => entry.path))])("%s answers 405 to another method, naming its methods", (path) => {
    const methods = entries.filter(([, entry]) => entry.path === path).map(([, entry]) => entry.method);
    const refused = answer("PATCH", path);
    expect(refused.status).toBe(405);
    expect(refused.headers?.["allow"]).toBe(methods.join(", "));
  });

  it("has one entry per method and path, reads with GET and writes otherwise", () => {
    const routes = entries.map(([, entry]) => `${entry.method} ${entry.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const [name, entry] of entries) expect([name, entry.access]).toEqual([name, entry.method === "GET" ? "read" : "write"]);
  });

  it("gives the page every endpoint by name, the control table's and the devtools server's", () => {
    const { endpoints } = panelConfig({ basePath: "" }, "open");
    expect(Object.keys(endpoints).sort()).toEqual([...Object.keys(CONTROL_TABLE), ...Object.keys(DEVTOOLS_ENDPOINTS)].sort());
    expect(endpoints["removeFault"]).toEqual({ method: "DELETE", path: "/__mock/faults/{id}", access: "write" });
  });

  it("leaves no path in the page's scripts: they call endpoints by name", async () => {
    const folder = new URL("../../mocks/devtools/page/", import.meta.url);
    const names = (await readdir(folder)).filter((name) => name.endsWith(".js"));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect([name, (await readFile(new URL(name, folder), "utf8")).includes("/__mock")]).toEqual([name, false]);
  });
});
