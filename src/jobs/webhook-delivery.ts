import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { request } from "undici";
import type { JobsConfig } from "../config/jobs-config.js";
import type { Job } from "./job.js";
import { jobJson } from "./job.json.js";
import { isAllowedWebhookUrl } from "./webhook-url.js";
import { SIGNATURE_HEADER, signWebhook } from "./webhook-signature.js";

/** A receiver that takes longer than this to answer counts as a failed attempt. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * One signed POST of the job's JSON to its webhookUrl when the job ends, retried after a connection
 * error, a timeout, a 429 or a 5xx (WEBHOOK_MAX_ATTEMPTS in all, waiting WEBHOOK_RETRY_BASE_MS × 2^(n−1)).
 * Any other answer ends it: a 2xx is delivered, a 4xx is the receiver refusing. Redirects are never
 * followed (undici's request does not follow them): a 3xx could point a signed body at a host
 * nobody allowed. The host is checked again at delivery, so removing it from WEBHOOK_ALLOWED_HOSTS
 * stops deliveries of jobs already queued. Each attempt is signed afresh (its own timestamp).
 */
export function createWebhookNotifier(config: Pick<JobsConfig, "webhookAllowedHosts" | "webhookSigningSecret" | "webhookMaxAttempts" | "webhookRetryBaseMs">, logger: Logger) {
  return (job: Job): void => {
    if (job.webhookUrl === null || config.webhookSigningSecret === null) return;
    void deliver(job, job.webhookUrl, config.webhookSigningSecret);
  };

  async function deliver(job: Job, url: string, secret: string): Promise<void> {
    const body = JSON.stringify(jobJson(job));
    for (let attempt = 1; attempt <= config.webhookMaxAttempts; attempt += 1) {
      if (!isAllowedWebhookUrl(url, config.webhookAllowedHosts)) {
        logger.warn({ jobId: job.id }, "webhook not sent: its host is no longer in WEBHOOK_ALLOWED_HOSTS");
        return;
      }
      let status: number | null = null;
      try {
        const response = await request(url, {
          method: "POST",
          headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(Date.now() / 1000)) },
          body,
          headersTimeout: ATTEMPT_TIMEOUT_MS,
          bodyTimeout: ATTEMPT_TIMEOUT_MS,
        });
        status = response.statusCode;
        await response.body.dump();
      } catch {
        // Refused, reset, timed out: retried below.
      }
      if (status !== null && status >= 200 && status < 300) return;
      const retryable = status === null || status === 429 || status >= 500;
      if (!retryable || attempt === config.webhookMaxAttempts) {
        logger.warn({ jobId: job.id, status, attempt }, "webhook not delivered");
        return;
      }
      await sleep(config.webhookRetryBaseMs * 2 ** (attempt - 1));
    }
  }
}
