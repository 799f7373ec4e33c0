import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "./page-info.type.js";
import { PortabilityJobResultEdge } from "./portability-job-result-edge.type.js";

@ObjectType({ simpleResolvers: true })
export class PortabilityJobResultConnection {
  @Field(() => [PortabilityJobResultEdge])
  edges!: PortabilityJobResultEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Results stored so far (the job's completed)." })
  totalCount!: number;
}
