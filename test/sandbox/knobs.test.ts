import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_ACCOUNT_SID, SANDBOX_DEFAULT_AUTH_TOKEN } from "../../src/sandbox/accounts.js";
import { readSandboxConfig, type SandboxConfig } from "../../src/sandbox/config.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server.js";

const ROUTE = "/v1/Porting/Portability/PhoneNumber/";
const AUTH = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_DEFAULT_AUTH_TOKEN}`).toString("base64")}`;

const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

async function start(overrides: Partial<SandboxConfig>): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ ...readSandboxConfig({}), port: 0, ...overrides });
  running.push(sandbox);
  return sandbox;
}

/** One request; the outcome as a short label so sequences compare easily. */
async function outcome(sandbox: RunningSandbox, phoneNumber = "+14155550100"): Promise<string> {
  const response = await fetch(sandbox.url + ROUTE + encodeURIComponent(phoneNumber), { headers: { authorization: AUTH } });
  const body = (await response.json()) as { code?: number; not_portable_reason_code?: number | null };
  return `${response.status}/${body.code ?? body.not_portable_reason_code ?? "portable"}`;
}

async function sequence(sandbox: RunningSandbox, length: number): Promise<string[]> {
  const labels: string[] = [];
  for (let i = 0; i < length; i++) labels.push(await outcome(sandbox));
  return labels;
}

describe("SANDBOX_LATENCY_MS and SANDBOX_JITTER_MS", () => {
  it("hold every answer back by the latency", async () => {
    const sandbox = await start({ latencyMs: 150 });
    const started = performance.now();
    expect(await outcome(sandbox)).toBe("200/portable");
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("delay errors too, not just verdicts", async () => {
    const sandbox = await start({ latencyMs: 100 });
    const started = performance.now();
    expect(await outcome(sandbox, "12345")).toBe("400/22102");
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it("keep jittered answers within [latency, latency + jitter]", async () => {
    const sandbox = await start({ latencyMs: 20, jitterMs: 60 });
    const elapsed = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const started = performance.now();
        await outcome(sandbox);
        return performance.now() - started;
      }),
    );
    expect(Math.min(...elapsed)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...elapsed)).toBeLessThan(20 + 60 + 250);
  });
});

describe("SANDBOX_MAX_IN_FLIGHT", () => {
  it("answers requests beyond the limit at once with 429/20429 and no Retry-After, as Twilio does over its concurrency limit", async () => {
    const sandbox = await start({ maxInFlight: 3, latencyMs: 300 });
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${sandbox.url}${ROUTE}%2B14155550100`, { headers: { authorization: AUTH } }).then(async (response) => ({
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          elapsed: performance.now() - started,
          body: (await response.json()) as Record<string, unknown>,
        })),
      ),
    );
    const admitted = responses.filter((r) => r.status === 200);
    const rejected = responses.filter((r) => r.status === 429);
    expect(admitted).toHaveLength(3);
    expect(rejected).toHaveLength(5);
    for (const r of rejected) {
      expect(r.retryAfter).toBeNull();
      expect(r.body).toEqual({
        code: 20429,
        message: "Too Many Requests",
        more_info: "https://www.twilio.com/docs/errors/20429",
        status: 429,
      });
      expect(r.elapsed).toBeLessThan(250);
    }
    // Once the admitted requests finish their slots are free again.
    expect(await outcome(sandbox)).toBe("200/portable");
  });
});

describe("SANDBOX_ERROR_RATE with SANDBOX_SEED", () => {
  it("replaces about that fraction of verdicts with 503/20503 or 22135, repeatably per seed", async () => {
    const first = await sequence(await start({ errorRate: 0.5, seed: 7 }), 60);
    const again = await sequence(await start({ errorRate: 0.5, seed: 7 }), 60);
    const otherSeed = await sequence(await start({ errorRate: 0.5, seed: 8 }), 60);

    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(["200/portable", "503/20503", "200/22135"]));
    const faults = first.filter((label) => label !== "200/portable").length;
    expect(faults).toBeGreaterThan(15);
    expect(faults).toBeLessThan(45);
  });

  it("leaves authentication and validation errors alone", async () => {
    const sandbox = await start({ errorRate: 1 });
    expect(await outcome(sandbox, "12345")).toBe("400/22102");
    const unauthenticated = await fetch(`${sandbox.url}${ROUTE}%2B14155550100`);
    expect(unauthenticated.status).toBe(401);
    await unauthenticated.body?.cancel();
  });

  it("at rate 1 every verdict becomes a fault; 22135 bodies keep the number's country and type", async () => {
    const sandbox = await start({ errorRate: 1, seed: 3 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`${sandbox.url}${ROUTE}%2B442079460000`, { headers: { authorization: AUTH } });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }),
    );
    const internal = answers.filter((a) => a.status === 200);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(internal.length).toBeGreaterThan(0);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(internal.length + unavailable.length).toBe(20);
    for (const { body } of internal) {
      expect(body).toEqual({
        phone_number: "+442079460000",
        account_sid: null,
        portable: false,
        pin_and_account_number_required: false,
        not_portable_reason: "ERROR_INTERNAL_SERVER_ERROR",
        not_portable_reason_code: 22135,
        number_type: "LOCAL",
        country: "GB",
        url: "https://numbers.twilio.com/v1/Porting/Portability/PhoneNumber/+442079460000",
      });
    }
    for (const { body } of unavailable) expect(body).toMatchObject({ code: 20503, status: 503 });
  });
});

describe("+14155550504 and close()", () => {
  it("holds the answer for 60 s, and close() still returns at once", async () => {
    const sandbox = await startSandbox({ ...readSandboxConfig({}), port: 0 });
    const pending = fetch(`${sandbox.url}${ROUTE}%2B14155550504`, { headers: { authorization: AUTH } }).then(
      (response) => `answered ${response.status}`,
      () => "connection closed",
    );
    // Give the request time to reach the server, and check it is indeed being held.
    const raced = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve("held"), 300))]);
    expect(raced).toBe("held");

    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await pending).toBe("connection closed");
  });

  it("close() is idempotent and ends keep-alive sockets", async () => {
    const sandbox = await startSandbox({ ...readSandboxConfig({}), port: 0 });
    expect(await outcome(sandbox)).toBe("200/portable"); // leaves an idle keep-alive socket behind
    const started = performance.now();
    await Promise.all([sandbox.close(), sandbox.close()]);
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(500);
    await expect(fetch(`${sandbox.url}${ROUTE}%2B14155550100`, { headers: { authorization: AUTH } })).rejects.toThrow();
  });
});
