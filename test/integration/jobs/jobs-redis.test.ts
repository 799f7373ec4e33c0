import { describeWithRedis } from "../../helpers/redis.js";
import { jobsApiSuite } from "./jobs-api.suite.js";

// REDIS_URL: jobs and results on Redis, work queued with BullMQ, workers in the server process.
describeWithRedis("bulk jobs on Redis", (redis) => {
  jobsApiSuite("the same API", () => ({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix(), JOB_LOCK_MS: "5000" }));
});
