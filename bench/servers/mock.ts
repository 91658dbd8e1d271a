/**
 * Benchmark subject (b): `startMockServer` (no request log), its default session loaded with a rack of
 * `argv[2]` sleds (default 32); `argv[3]` "no-journal" turns the request journal off (b0). Prints
 * `listening <port>` once it accepts connections.
 */
import { startMockServer } from "../../mocks/server.js";
import { rackDocument } from "../racks.js";

const sleds = Number(process.argv[2] ?? "32");
const server = await startMockServer({ port: 0, ...(process.argv[3] === "no-journal" && { limits: { journalSize: 0 } }) });
server.core.setState(rackDocument(sleds));
process.stdout.write(`listening ${server.port}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
