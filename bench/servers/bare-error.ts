/**
 * Reference (a'): a bare `node:http` server that reads the body and answers what the mock answers to
 * the benchmark request (404, the same headers, a pretty-printed Error body with a fresh request id),
 * with no mock in between: the ceiling any server sending that answer can reach here.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { NOT_UPLOADED } from "../racks.js";

const message = JSON.stringify(`not found: tuf-repo with id "${NOT_UPLOADED}"`);
const server = createServer((request, response) => {
  request.on("data", () => undefined);
  request.on("end", () => {
    const id = crypto.randomUUID();
    const body = `{\n  "request_id": "${id}",\n  "error_code": "ObjectNotFound",\n  "message": ${message}\n}`;
    response.writeHead(404, ["content-type", "application/json", "x-request-id", id, "content-length", String(Buffer.byteLength(body))]);
    response.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
