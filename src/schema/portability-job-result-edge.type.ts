import { Field, ObjectType } from "type-graphql";
import type { CheckResult } from "../domain/check-result.js";
import { PortabilityResult } from "./portability-result.union.js";

@ObjectType({ simpleResolvers: true })
export class PortabilityJobResultEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => PortabilityResult)
  node!: CheckResult;
}
