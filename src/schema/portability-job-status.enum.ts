import { registerEnumType } from "type-graphql";
import type { JobStatus } from "../jobs/job.js";

/** The domain's statuses, as the enum's values: the compiler keeps the two the same set. */
export const PortabilityJobStatus: { readonly [S in JobStatus]: S } = {
  QUEUED: "QUEUED",
  RUNNING: "RUNNING",
  COMPLETED: "COMPLETED",
  CANCELLED: "CANCELLED",
  FAILED: "FAILED",
};

registerEnumType(PortabilityJobStatus, { name: "PortabilityJobStatus" });
