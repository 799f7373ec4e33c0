import { setTimeout as sleep } from "node:timers/promises";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { FINAL_STATUSES, type Job } from "../jobs/job.js";
import { JobRequestError } from "../jobs/job-request.error.js";
import type { JobService } from "../jobs/job.service.js";
import { cursorFor, offsetAfter } from "../jobs/result-cursor.js";
import { resultsCsvPath } from "../jobs/job-paths.js";
import { PortabilityJobResultConnection } from "../schema/portability-job-result-connection.type.js";
import { DEFAULT_RESULTS_PAGE, PortabilityJobResultsArgs } from "../schema/portability-job-results.args.js";
import { PortabilityJob } from "../schema/portability-job.type.js";
import { StartPortabilityJobInput } from "../schema/start-portability-job.input.js";
import type { RequestContext } from "../server/request-context.js";
import { toReturnedResult } from "./returned-result.js";

/** How often a subscription looks at its job: progress is checkpointed per chunk, so faster shows nothing new. */
const UPDATE_POLL_MS = 500;

/**
 * The service each built schema serves: the subscription's subscribe function is declared on the
 * decorator, outside any resolver instance, and finds the service through the schema it runs in.
 */
const services = new WeakMap<GraphQLSchema, JobService>();

export function bindJobService(schema: GraphQLSchema, service: JobService): void {
  services.set(schema, service);
}

@Resolver(() => PortabilityJob)
export class PortabilityJobResolver {
  /** Null only when the schema is built to be printed (npm run schema). */
  constructor(private readonly service: JobService | null) {}

  @Mutation(() => PortabilityJob, { description: "Queue a bulk check of up to MAX_JOB_SIZE numbers; answers at once with the queued job." })
  async startPortabilityJob(@Arg("input", () => StartPortabilityJobInput) input: StartPortabilityJobInput, @Ctx() context: RequestContext): Promise<Job> {
    return translated(() => this.jobs().start(context.caller, input));
  }

  @Mutation(() => PortabilityJob, {
    nullable: true,
    description: "Stop a queued or running job; numbers already checked keep their results. Null when there is no such job for this caller.",
  })
  cancelPortabilityJob(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<Job | null> {
    return this.jobs().cancel(context.caller, id);
  }

  @Query(() => PortabilityJob, { nullable: true, description: "A bulk job this caller started; null when there is none with this id for this caller." })
  portabilityJob(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<Job | null> {
    return this.jobs().get(context.caller, id);
  }

  @Subscription(() => PortabilityJob, {
    description: "The job each time its progress or status changes, ending after its final status (served over SSE).",
    subscribe: ({ args, context, info }: SubscribeResolverData<unknown, { id: string }, RequestContext>) => updates(services.get(info.schema)!, context, String(args.id)),
  })
  portabilityJobUpdates(@Arg("id", () => ID) _id: string, @Root() job: Job): Job {
    return job;
  }

  @FieldResolver(() => PortabilityJobResultConnection, { description: "Results in input order, a page at a time (first at most 1000)." })
  async results(@Root() job: Job, @Args(() => PortabilityJobResultsArgs) args: PortabilityJobResultsArgs): Promise<PortabilityJobResultConnection> {
    const offset = args.after == null ? 0 : offsetAfter(args.after);
    if (offset === null) throw new GraphQLError("after must be an endCursor from this job's results", { extensions: { code: "BAD_USER_INPUT" } });
    const page = await this.jobs().results(job, offset, args.first ?? DEFAULT_RESULTS_PAGE);
    // The same flat result a query returns (id, input, target, guidance), checked for the job's target and address.
    const edges = page.map(({ input, result }, index) => ({ cursor: cursorFor(offset + index), node: toReturnedResult(result, input, job.targetAccountSid, job.addressSid) }));
    return {
      edges,
      // A running job will have more results than it has now; a final one has all it will ever have.
      pageInfo: { hasNextPage: offset + page.length < (FINAL_STATUSES.has(job.status) ? job.completed : job.total), endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: job.completed,
    };
  }

  @FieldResolver(() => String, { description: "All results as CSV, in input order: GET it with the same credentials." })
  resultsCsvUrl(@Root() job: Job): string {
    return resultsCsvPath(job.id);
  }

  private jobs(): JobService {
    if (this.service === null) throw new Error("PortabilityJobResolver has no JobService: this schema was built only to be printed");
    return this.service;
  }
}

async function translated(start: () => Promise<Job>): Promise<Job> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof JobRequestError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: error.status } } });
  }
}

/** The job now, then each time its progress or status changes; ends after its final status, or at once when there is no such job for this caller. */
async function* updates(service: JobService, context: RequestContext, id: string): AsyncGenerator<Job> {
  let last: Job | null = null;
  for (;;) {
    const job = await service.get(context.caller, id);
    if (job === null) return;
    if (last === null || job.completed !== last.completed || job.status !== last.status) yield job;
    if (FINAL_STATUSES.has(job.status)) return;
    last = job;
    await sleep(UPDATE_POLL_MS);
  }
}
