import { createServer, type Server } from "node:net";
import { describeWithRedis } from "../helpers/redis.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMain } from "../helpers/main-process.js";

const SID = "AC0123456789abcdef0123456789abcdef";
const listeningLine = (stdout: string[]) => JSON.parse(stdout.find((line) => line.includes('"msg":"portability-graphql listening'))!) as Record<string, unknown>;

describe("what operators see at start-up (the built dist/main.js)", () => {
  let taken: Server;
  let takenPort: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  // Regression (issue 7): a raw EADDRINUSE stack trace, printed after the sandbox had started.
  it("a port in use: one line naming HOST and PORT, exit 1, no stack", async () => {
    const main = startMain({ PORT: String(takenPort) });
    expect(await main.exited).toBe(1);
    expect(main.stderr.join("")).toBe(`portability-graphql: cannot listen on HOST=127.0.0.1 PORT=${takenPort}: the port is in use (EADDRINUSE)\n`);
  });

  // Regression (issue 7): it logged http://::1:4101/graphql.
  it("HOST=::1 logs the URL with brackets, and that URL answers", async () => {
    const main = startMain({ HOST: "::1" });
    const url = await main.listening;
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+\/graphql$/);
    expect((await fetch(url.replace("/graphql", "/healthz"))).status).toBe(200);
    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
  });

  // Regression (issue 7): the line named neither the mode, the upstream nor the account.
  it("the start-up line names the mode, the upstream base URL and the masked account (sandbox)", async () => {
    const main = startMain({});
    await main.listening;
    expect(listeningLine(main.stdout)).toMatchObject({ mode: "sandbox", upstream: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), account: "ACaa…aa01", state: "memory" });
    expect(listeningLine(main.stdout).msg).toContain("state in memory");
    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
  });

  it("the start-up line names the mode, the upstream base URL and the masked account (Twilio), never the token", async () => {
    const main = startMain({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t0ken-s3cret", TWILIO_NUMBERS_BASE_URL: "http://127.0.0.1:9" });
    await main.listening;
    expect(listeningLine(main.stdout)).toMatchObject({ mode: "twilio", upstream: "http://127.0.0.1:9", account: "AC01…cdef" });
    expect(main.stdout.join("\n")).not.toContain(SID);
    expect(main.stdout.join("\n")).not.toContain("t0ken-s3cret");
    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
  });

  // Regression (issue 7): production without credentials silently answered from the sandbox.
  it("NODE_ENV=production without Twilio credentials refuses to start, naming the variables", async () => {
    const main = startMain({ NODE_ENV: "production" });
    expect(await main.exited).toBe(1);
    expect(main.stderr.join("")).toBe(
      "portability-graphql: invalid configuration: TWILIO_ACCOUNT_SID: is not set (nor TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET), " +
        "and NODE_ENV=production: set the Twilio credentials, or SANDBOX=true to serve the embedded sandbox's made-up answers\n",
    );
  });

  it("NODE_ENV=production with SANDBOX=true serves the sandbox, as asked", async () => {
    const main = startMain({ NODE_ENV: "production", SANDBOX: "true" });
    await main.listening;
    expect(listeningLine(main.stdout)).toMatchObject({ mode: "sandbox" });
    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
  });

  it.each(["prod", "Production", "staging"])("NODE_ENV=%s refuses to start, naming NODE_ENV", async (value) => {
    const main = startMain({ NODE_ENV: value });
    expect(await main.exited).toBe(1);
    expect(main.stderr.join("")).toBe(`portability-graphql: invalid configuration: NODE_ENV: must be one of production, development, test, got "${value}"\n`);
  });
});

describeWithRedis("the start-up line with REDIS_URL", (redis) => {
  it("says the state is shared on Redis and names it", async () => {
    const main = startMain({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix() });
    await main.listening;
    const line = listeningLine(main.stdout);
    expect(line).toMatchObject({ state: "redis", redis: `redis://${new URL(redis.url).host}` });
    expect(String(line.msg)).toContain("state shared on Redis");
    main.child.kill("SIGTERM");
    expect(await main.exited, main.stderr.join("")).toBe(0);
  });
});
