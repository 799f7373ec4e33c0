/**
 * Peer (b): the floor for one check through any proxy: node:http, GET /check?n=<number> → one undici
 * request to UPSTREAM_URL → a small JSON answer. No GraphQL, no validation. Prints `listening <url>`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";

const upstream = process.env.UPSTREAM_URL!;
const authorization = `Basic ${Buffer.from("ACbench:bench-auth-token").toString("base64")}`;

const server = createServer({ keepAliveTimeout: 30_000 }, async (req, res) => {
  try {
    const phoneNumber = new URL(req.url ?? "/", "http://peer").searchParams.get("n") ?? "";
    const path = `/v1/Porting/Portability/PhoneNumber/${encodeURIComponent(phoneNumber)}`;
    const response = await request(`${upstream}${path}`, { headers: { authorization, accept: "application/json" } });
    const body = (await response.body.json()) as { phone_number: string; portable: boolean };
    const text = JSON.stringify({ phoneNumber: body.phone_number, portable: body.portable });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  } catch {
    res.writeHead(502).end();
  }
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
// Exit, not die, on the bench's SIGTERM: --cpu-prof (BENCH_CPU_PROF) writes its profile only then.
// The Apollo peers get the same from startStandaloneServer.
process.once("SIGTERM", () => process.exit(0));
