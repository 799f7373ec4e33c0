import { describe, expect, it } from "vitest";
import { startMain } from "../helpers/main-process.js";

describe("npm start (the built dist/main.js)", () => {
  it("with no Twilio credentials serves GraphQL from the embedded sandbox, says so, and exits 0 on SIGTERM", async () => {
    const main = startMain({});
    const url = await main.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(main.stdout.some((line) => line.includes("embedded Twilio sandbox"))).toBe(true);

    const health = await fetch(url.replace("/graphql", "/healthz"));
    expect(health.status).toBe(200);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ portability(phoneNumber: "+14155550100") { ... on Portability { portable numberType country } } }' }),
    });
    expect(await response.json()).toEqual({ data: { portability: { portable: true, numberType: "LOCAL", country: "US" } } });

    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
  });

  it.each([
    [{ UPSTREAM_CONCURRENCY: "0" }, "UPSTREAM_CONCURRENCY: must be between 1 and 1000, got 0"],
    [{ PORT: "http" }, 'PORT: must be a whole number, got "http"'],
    [{ TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef" }, "TWILIO_AUTH_TOKEN: is required with TWILIO_ACCOUNT_SID"],
    [{ TWILIO_AUTH_TOKEN: "t0ken" }, "TWILIO_ACCOUNT_SID: is required"],
    [{ SANDBOX_ERROR_RATE: "2" }, "SANDBOX_ERROR_RATE: must be a number from 0 to 1"],
  ])("refuses to start with %j, naming the variable and the rule", async (env, message) => {
    const main = startMain(env);
    expect(await main.exited).toBe(1);
    expect(main.stderr.join("")).toContain(message);
    expect(main.stderr.join("")).not.toContain("t0ken");
  });
});
