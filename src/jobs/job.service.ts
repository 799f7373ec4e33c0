import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { Caller } from "../auth/api-key.js";
import { resolveTarget } from "../auth/target-scope.js";
import type { JobsConfig } from "../config/jobs-config.js";
import { DEFAULT_COUNTRY_RULE, isCountryCode } from "../domain/country-code.js";
import { ACCOUNT_SID, ADDRESS_SID } from "../schema/sid-patterns.js";
import { FINAL_STATUSES, type Job, type JobResult } from "./job.js";
import type { JobQueue } from "./job.queue.js";
import { JobRequestError } from "./job-request.error.js";
import type { JobStore } from "./job.store.js";
import { isAllowedWebhookUrl } from "./webhook-url.js";

/** What a caller asks for, from GraphQL's input or POST /jobs alike. */
export interface StartJobRequest {
  readonly phoneNumbers: readonly string[];
  readonly targetAccountSid?: string | null;
  readonly addressSid?: string | null;
  readonly defaultCountry?: string | null;
  readonly idempotencyKey?: string | null;
  readonly webhookUrl?: string | null;
}

/** An idempotency key is the caller's own text: bounded, and printable so it is safe to hash and log the length of. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The jobs API both GraphQL and HTTP call: checks a request once (nothing is stored or queued when it
 * is refused), and scopes every read to the key that started the job. A job of another key is
 * reported as absent, never as forbidden, so ids cannot be probed.
 */
export class JobService {
  constructor(
    private readonly store: JobStore,
    private readonly queue: JobQueue,
    private readonly config: Pick<JobsConfig, "maxJobSize" | "webhookAllowedHosts">,
    /** The account this service authenticates to Twilio as (target scope's default). */
    private readonly accountSid: string,
  ) {}

  get durable(): boolean {
    return this.queue.durable;
  }

  async start(caller: Caller, request: StartJobRequest): Promise<Job> {
    const { phoneNumbers } = request;
    if (phoneNumbers.length === 0) throw new JobRequestError("BAD_USER_INPUT", "phoneNumbers must hold at least one number");
    if (phoneNumbers.length > this.config.maxJobSize) {
      throw new JobRequestError("BAD_USER_INPUT", `phoneNumbers holds ${phoneNumbers.length} numbers; a job takes at most MAX_JOB_SIZE (${this.config.maxJobSize}), repeats included`);
    }
    if (request.targetAccountSid != null && !ACCOUNT_SID.test(request.targetAccountSid)) {
      throw new JobRequestError("BAD_USER_INPUT", "targetAccountSid must be an account SID: AC followed by 32 hex digits");
    }
    if (request.addressSid != null && !ADDRESS_SID.test(request.addressSid)) {
      throw new JobRequestError("BAD_USER_INPUT", "addressSid must be an address SID: AD followed by 32 hex digits");
    }
    if (request.defaultCountry != null && !isCountryCode(request.defaultCountry)) throw new JobRequestError("BAD_USER_INPUT", DEFAULT_COUNTRY_RULE);
    if (request.idempotencyKey != null && !IDEMPOTENCY_KEY.test(request.idempotencyKey)) {
      throw new JobRequestError("BAD_USER_INPUT", "idempotencyKey must be 1 to 255 printable ASCII characters without spaces");
    }
    const webhookUrl = request.webhookUrl ?? null;
    if (webhookUrl !== null) this.assertWebhookAllowed(webhookUrl);
    const targetAccountSid = scoped(() => resolveTarget(caller, request.targetAccountSid ?? null, this.accountSid));

    const { job, created } = await this.store.create(
      {
        id: randomUUID(),
        callerId: caller.id,
        numbersPerMinute: caller.limits?.numbersPerMinute ?? null,
        total: phoneNumbers.length,
        targetAccountSid,
        addressSid: request.addressSid ?? null,
        defaultCountry: request.defaultCountry ?? null,
        idempotencyKey: request.idempotencyKey ?? null,
        webhookUrl,
        createdAt: Date.now(),
      },
      phoneNumbers,
    );
    if (created) await this.queue.enqueue(job.id);
    return job;
  }

  /** The caller's job, or null when there is none with this id for this caller. */
  async get(caller: Caller, id: string): Promise<Job | null> {
    const job = await this.store.get(id);
    return job !== null && job.callerId === caller.id ? job : null;
  }

  /** Cancels the caller's job (a final one is returned as it is); null when there is no such job for this caller. */
  async cancel(caller: Caller, id: string): Promise<Job | null> {
    const job = await this.get(caller, id);
    if (job === null || FINAL_STATUSES.has(job.status)) return job;
    // The running worker sees the status within its poll interval and aborts the job's checks.
    return this.store.finish(id, "CANCELLED", Date.now());
  }

  /** Results [offset, offset + count) of a job already checked to be the caller's. */
  results(job: Job, offset: number, count: number): Promise<JobResult[]> {
    return this.store.results(job.id, offset, Math.min(count, job.completed - offset));
  }

  private assertWebhookAllowed(webhookUrl: string): void {
    if (!isAllowedWebhookUrl(webhookUrl, this.config.webhookAllowedHosts)) {
      throw new JobRequestError("BAD_USER_INPUT", "webhookUrl must be an https URL without credentials whose host is in this server's WEBHOOK_ALLOWED_HOSTS");
    }
  }
}

/** Target scope refuses with a GraphQLError; the job layer speaks JobRequestError. */
function scoped(resolve: () => string | null): string | null {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === "FORBIDDEN") throw new JobRequestError("FORBIDDEN", error.message);
    throw error;
  }
}
