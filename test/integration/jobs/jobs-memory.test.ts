import { jobsApiSuite } from "./jobs-api.suite.js";

// No REDIS_URL: jobs, numbers and results in the server's memory, run by in-process workers.
jobsApiSuite("bulk jobs in memory", () => ({}));
