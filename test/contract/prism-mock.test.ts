/**
 * `npm run mock:prism` (scripts/prism-mock.ts): Prism's static mock of each version's document answers
 * every example of every operation, and Prism's own validation (`--errors`) finds nothing in them. Upstream's
 * documents carry no examples, so Prism generates its answers from the schemas, and the status it generates
 * breaks the document's own semver pattern: a copy of our document without examples shows that here.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSIONS, LATEST_API_VERSION, type ApiVersion } from "../../generated/index.js";
import { specDocument, validateResponse } from "../support/contract.js";
import { repoRoot } from "../support/repo-root.js";
import { isObject, resolvePointer, type Json, type JsonObject } from "../support/openapi.js";
import { PRISM_HOOK_TIMEOUT_MS, PRISM_STARTUP_MS, freePort, startPrism, type PrismProcess } from "./prism.js";

const SCRIPT = path.join(repoRoot, "scripts", "prism-mock.ts");

interface ScriptRun {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

/** `node --import tsx scripts/prism-mock.ts --version <v> --port <free> --errors`, once Prism listens. */
async function runScript(version: ApiVersion): Promise<ScriptRun> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "--version", version, "--port", String(port), "--errors"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let log = "";
  // On a failed start the script is stopped before the error is thrown (SIGTERM, which it forwards to Prism):
  // the caller never gets the run, so nothing else would stop it.
  const stopAndReject = (reject: (error: Error) => void, why: string) => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    void exited.then(() => reject(new Error(`mock:prism ${version} ${why}\n${log}`)));
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => stopAndReject(reject, `not listening after ${PRISM_STARTUP_MS} ms`), PRISM_STARTUP_MS);
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-16_384);
      if (log.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`mock:prism ${version} exited (${code})\n${log}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, port, exited };
}

interface ExampleCase {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly prefer: string;
  readonly status: number;
  readonly contentType?: string;
  readonly body?: string;
  /** The example the answer must be; undefined: no body. */
  readonly example?: Json;
}

function deref(doc: JsonObject, node: Json | undefined): Json | undefined {
  return isObject(node) && typeof node["$ref"] === "string" ? resolvePointer(doc, node["$ref"].slice(1)) : node;
}

/** One request per example of every response of every operation, with the example inputs. */
function exampleCases(doc: JsonObject): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const paths = doc["paths"];
  for (const [template, item] of Object.entries(isObject(paths) ? paths : {})) {
    for (const [method, operation] of Object.entries(isObject(item) ? item : {})) {
      if (!isObject(operation)) continue;
      const parameters = Array.isArray(operation["parameters"]) ? operation["parameters"].filter(isObject) : [];
      const exampleOf = (name: string) => String(parameters.find((p) => p["name"] === name)?.["example"] ?? "");
      const requestPath = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(exampleOf(name)));
      const query = new URLSearchParams(
        parameters.filter((p) => p["in"] === "query" && p["required"] === true).map((p) => [String(p["name"]), String(p["example"] ?? "")]),
      ).toString();
      let contentType: string | undefined;
      let body: string | undefined;
      const requestContent = deref(doc, isObject(operation["requestBody"]) ? operation["requestBody"] : undefined);
      const content = isObject(requestContent) ? requestContent["content"] : undefined;
      if (isObject(content) && isObject(content["application/json"])) {
        const media = content["application/json"];
        contentType = "application/json";
        const schema = deref(doc, media["schema"]);
        body = JSON.stringify(media["example"] ?? (isObject(schema) ? schema["example"] : undefined) ?? {});
      } else if (isObject(content) && isObject(content["application/octet-stream"])) {
        contentType = "application/octet-stream";
        body = "PK";
      }
      const responses = operation["responses"];
      for (const [key, raw] of Object.entries(isObject(responses) ? responses : {})) {
        const response = deref(doc, raw);
        const status = Number(key.replace(/XX$/, "00"));
        const label = `${method.toUpperCase()} ${template} ${key}`;
        const base = {
          method: method.toUpperCase(),
          path: requestPath,
          query,
          status,
          ...(contentType && { contentType }),
          ...(body !== undefined && { body }),
        };
        const responseContent = isObject(response) ? response["content"] : undefined;
        const media = isObject(responseContent) ? responseContent["application/json"] : undefined;
        if (!isObject(media)) cases.push({ ...base, label, prefer: `code=${status}` });
        else if (isObject(media["examples"])) {
          for (const [name, example] of Object.entries(media["examples"])) {
            const value = isObject(example) ? example["value"] : undefined;
            cases.push({ ...base, label: `${label} example ${name}`, prefer: `code=${status}, example=${name}`, example: value ?? null });
          }
        } else cases.push({ ...base, label, prefer: `code=${status}`, example: media["example"] ?? null });
      }
    }
  }
  return cases;
}

/** What is wrong with Prism's answer to one case (nothing: []). */
async function check(version: ApiVersion, baseUrl: string, c: ExampleCase): Promise<string[]> {
  const headers: Record<string, string> = { prefer: c.prefer, "api-version": version };
  if (c.contentType) headers["content-type"] = c.contentType;
  const response = await fetch(`${baseUrl}${c.path}${c.query ? `?${c.query}` : ""}`, {
    method: c.method,
    headers,
    ...(c.body !== undefined && { body: c.body }),
  });
  const text = await response.text();
  const problems: string[] = [];
  const violations = response.headers.get("sl-violations");
  if (violations) problems.push(`Prism: ${violations}`);
  if (response.status !== c.status) problems.push(`status ${response.status}, not ${c.status}: ${text.slice(0, 400)}`);
  if (c.example === undefined) {
    if (text !== "") problems.push(`a body where the spec has none: ${text.slice(0, 200)}`);
  } else {
    try {
      expect(JSON.parse(text)).toEqual(c.example);
    } catch {
      problems.push(`not the example: ${text.slice(0, 400)}`);
    }
  }
  if (problems.length === 0)
    problems.push(...validateResponse(version, c.method, c.path, response.status, text, response.headers).map((v) => `ajv: ${v}`));
  return problems.map((p) => `${c.label}: ${p}`);
}

const runs = new Map<ApiVersion, ScriptRun>();
let withoutExamples: PrismProcess | undefined;
let tempDir: string;

beforeAll(async () => {
  tempDir = mkdtempSync(path.join(tmpdir(), "system-update-prism-mock-"));
  const strip = (value: Json): Json =>
    Array.isArray(value)
      ? value.map(strip)
      : isObject(value)
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([key]) => key !== "example" && key !== "examples")
              .map(([key, child]) => [key, strip(child)]),
          )
        : value;
  const bare = path.join(tempDir, "without-examples.json");
  writeFileSync(bare, JSON.stringify(strip(specDocument(LATEST_API_VERSION))));
  const started = await Promise.allSettled([
    ...API_VERSIONS.map(async (version) => void runs.set(version, await runScript(version))),
    startPrism({ command: "mock", errors: true, spec: bare }).then((prism) => void (withoutExamples = prism)),
  ]);
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}, PRISM_HOOK_TIMEOUT_MS);

afterAll(async () => {
  for (const run of runs.values()) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGTERM");
    await run.exited;
  }
  await withoutExamples?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

describe.each(API_VERSIONS)("npm run mock:prism -- --version %s --errors", (version) => {
  it("answers every example of every operation, and Prism's validation finds nothing in them", async () => {
    const run = runs.get(version);
    if (!run) throw new Error("not started");
    const cases = exampleCases(specDocument(version));
    expect(cases.length).toBeGreaterThan(50);
    const problems = (await Promise.all(cases.map((c) => check(version, run.url, c)))).flat();
    expect(problems).toEqual([]);
  });
});

it("Prism's answers generated from the schemas alone break the semver pattern (what upstream's documents give)", async () => {
  if (!withoutExamples) throw new Error("not started");
  const response = await fetch(`${withoutExamples.url}/v1/system/update/status`);
  expect(response.status).toBe(500);
  const problem = (await response.json()) as { type: string; validation: { location: string[]; code: string }[] };
  expect(problem.type).toBe("https://stoplight.io/prism/errors#VIOLATIONS");
  expect(problem.validation).toContainEqual(
    expect.objectContaining({ location: ["response", "body", "target_release", "version"], code: "pattern" }),
  );
});

it("stops Prism when it is stopped (signals are forwarded)", async () => {
  const run = runs.get(LATEST_API_VERSION);
  if (!run) throw new Error("not started");
  run.child.kill("SIGTERM");
  expect(await run.exited).toBe(143);
  // Prism exited with the script: nothing listens on its port any more.
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect(run.port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
  expect(refused).toBe(true);
});
