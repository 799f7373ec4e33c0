import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckPortabilitiesDocument, CheckPortabilityDocument } from "../generated/operations.js";
import { portableResult, twilioError } from "../helpers/fault-stub.js";
import { execute } from "../helpers/graphql-client.js";
import { portabilityBody, startStubTwilio, type StubReply, type StubTwilio } from "../helpers/stub-twilio.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const number = (i: number) => `+1312555${String(i).padStart(4, "0")}`;

describe("Retry-After from Twilio is honoured", () => {
  let stub: StubTwilio;
  let app: TestApp;
  /** Arrival times (performance.now()) of each number's attempts, recorded by the responder. */
  const arrivals = new Map<string, number[]>();
  /** Replies for a number's first attempts; later attempts are answered portable. */
  const scripts = new Map<string, StubReply[]>();

  beforeAll(async () => {
    stub = await startStubTwilio();
    stub.respond((request, attempt) => {
      arrivals.set(request.phoneNumber, [...(arrivals.get(request.phoneNumber) ?? []), performance.now()]);
      return scripts.get(request.phoneNumber)?.[attempt - 1] ?? { status: 200, body: portabilityBody(request.phoneNumber) };
    });
    app = await startTestApp(stub.url, { UPSTREAM_MAX_RETRIES: "2", UPSTREAM_TIMEOUT_MS: "5000", UPSTREAM_RETRY_BASE_MS: "5", LOG_LEVEL: "warn" });
  });
  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  const gaps = (phoneNumber: string) => {
    const times = arrivals.get(phoneNumber) ?? [];
    return times.slice(1).map((time, i) => time - times[i]!);
  };

  it("waits Retry-After: 1 after a 429 before the second attempt, then answers portable", async () => {
    scripts.set(number(1), [{ status: 429, body: twilioError(20429, 429, "Too many requests"), headers: { "retry-after": "1" } }]);
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: number(1) });
    expect(response.body.data!.portability).toEqual(portableResult(number(1)));
    expect(stub.attemptsFor(number(1))).toBe(2);
    const [gap] = gaps(number(1));
    expect(gap).toBeGreaterThanOrEqual(950);
    // The floor is Retry-After, not Retry-After plus a long backoff (base 5 ms).
    expect(gap).toBeLessThan(1_400);
  });

  it("honours Retry-After on a 503 too", async () => {
    scripts.set(number(2), [{ status: 503, body: twilioError(20503, 503), headers: { "retry-after": "1" } }]);
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: number(2) });
    expect(response.body.data!.portability).toEqual(portableResult(number(2)));
    const [gap] = gaps(number(2));
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(1_400);
  });

  it("reads Retry-After given as an HTTP date", async () => {
    // Whole seconds only: a date 2.5 s ahead is between 1.5 and 2.5 s away once truncated.
    const retryAt = new Date(Date.now() + 2_500).toUTCString();
    scripts.set(number(3), [{ status: 429, body: twilioError(20429, 429), headers: { "retry-after": retryAt } }]);
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: number(3) });
    expect(response.body.data!.portability).toEqual(portableResult(number(3)));
    const [gap] = gaps(number(3));
    expect(gap).toBeGreaterThanOrEqual(1_400);
    expect(gap).toBeLessThan(2_900);
  });

  it("rides out a burst of 429s with Retry-After: 0 on the last attempt allowed", async () => {
    const limited: StubReply = { status: 429, body: twilioError(20429, 429), headers: { "retry-after": "0" } };
    scripts.set(number(4), [limited, limited]);
    const response = await execute(app.url, CheckPortabilityDocument, { phoneNumber: number(4) });
    expect(response.body.data!.portability).toEqual(portableResult(number(4)));
    expect(stub.attemptsFor(number(4))).toBe(3);
    for (const gap of gaps(number(4))) expect(gap).toBeLessThan(500);
  });

  it("pauses the whole account, not only the one check: no number goes upstream until Retry-After has passed", async () => {
    const single = await startTestApp(stub.url, { UPSTREAM_CONCURRENCY: "1", UPSTREAM_MAX_RETRIES: "2", UPSTREAM_TIMEOUT_MS: "5000", LOG_LEVEL: "warn" });
    try {
      scripts.set(number(5), [{ status: 429, body: twilioError(20429, 429), headers: { "retry-after": "1" } }]);
      const phoneNumbers = [number(5), number(6), number(7), number(8)];
      const response = await execute(single.url, CheckPortabilitiesDocument, { phoneNumbers });
      expect(response.body.data!.portabilities).toEqual(phoneNumbers.map(portableResult));
      const [rateLimited, secondTry] = arrivals.get(number(5))!;
      expect(secondTry! - rateLimited!).toBeGreaterThanOrEqual(950);
      // Twilio's limit is the account's: every other number waited out the same pause.
      for (const other of phoneNumbers.slice(1)) expect(arrivals.get(other)![0]! - rateLimited!).toBeGreaterThanOrEqual(950);
    } finally {
      await single.close();
    }
  });
});
