import { describe, expect, it } from "vitest";
import { readJobsConfig } from "../../../src/config/jobs-config.js";

describe("readJobsConfig", () => {
  it("defaults: 100,000 numbers, a week of retention, chunks of 500, workers in process, no webhooks", () => {
    expect(readJobsConfig({})).toEqual({
      maxJobSize: 100_000,
      retentionSeconds: 604_800,
      chunkSize: 500,
      checksInFlight: 50,
      workerConcurrency: 2,
      workers: "inline",
      lockMs: 30_000,
      maxBodyBytes: 100_000 * 32 + 64 * 1024,
      webhookAllowedHosts: [],
      webhookSigningSecret: null,
      webhookMaxAttempts: 5,
      webhookRetryBaseMs: 1_000,
    });
  });

  it.each([
    [{ MAX_JOB_SIZE: "0" }, "MAX_JOB_SIZE: must be between 1 and 1000000, got 0"],
    [{ JOB_WORKERS: "some" }, 'JOB_WORKERS: must be "inline" or "none", got "some"'],
    [{ JOB_CHUNK_SIZE: "ten" }, 'JOB_CHUNK_SIZE: must be a whole number, got "ten"'],
    [{ WEBHOOK_ALLOWED_HOSTS: "hooks.example.com" }, "WEBHOOK_SIGNING_SECRET: must be at least 16 characters when WEBHOOK_ALLOWED_HOSTS is set (value not shown)"],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => readJobsConfig(env)).toThrow(message);
  });
});
