import type { ApolloServerPlugin } from "@apollo/server";
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getVariableValues,
  isAbstractType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { PortabilitiesArgs } from "../schema/portabilities.args.js";
import { PortabilityArgs } from "../schema/portability.args.js";
import type { TargetArgs } from "../schema/target.args.js";
import { targetArgsValid } from "../schema/validate-args.js";
import type { RequestedCheck } from "./admission.js";
import type { RequestContext } from "./request-context.js";

/**
 * The root fields that check numbers, and how many each checks: the one table of what a request
 * costs. `portability` is one number, `portabilities` its list, repeats included (each is an answer).
 * A root field added to the schema that checks numbers must be added here, or it runs unadmitted
 * (test/unit/server/admission.plugin.test.ts fails until it is).
 */
export const CHECKING_FIELDS: Readonly<Record<string, { readonly args: new () => TargetArgs; readonly numbers: (args: Record<string, unknown>) => number }>> = {
  portability: { args: PortabilityArgs, numbers: () => 1 },
  portabilities: { args: PortabilitiesArgs, numbers: (args) => (args.phoneNumbers as readonly unknown[]).length },
};

/**
 * Root fields that check no numbers now, and why, so the table above stays complete: a bulk job's
 * numbers are not an interactive batch (no MAX_BATCH_SIZE, no allowance at submission); they spend
 * the key's allowance as the job runs (jobs/job-allowance.ts).
 */
export const NON_CHECKING_FIELDS: Readonly<Record<string, string>> = {
  portabilityJob: "reads a stored job",
  startPortabilityJob: "queues a job; its numbers are charged as it runs",
  cancelPortabilityJob: "stops a job",
  portabilityJobUpdates: "reads a stored job",
};

/**
 * Admits the whole operation once, after it is validated and before execution starts
 * (didResolveOperation): a refusal here is the request's answer, and no resolver runs. The rules and
 * their order are in admission.ts.
 */
export function admissionPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          // No operation (an unknown operationName): execution answers with an error, no resolver runs.
          if (operation === undefined) return;
          const checks = requestedChecks(schema, document, operation, request.variables ?? {});
          // Variables that do not coerce: graphql-js refuses the operation before any resolver runs.
          if (checks === null) return;
          await contextValue.admit(checks);
        },
      };
    },
  };
}

/**
 * The checks an operation will make, read the way graphql-js will execute it: root fields through
 * fragment spreads and inline fragments, @skip/@include applied, one per response key (graphql-js
 * merges repeats of a key into one resolver call), arguments coerced with the variables. A field whose
 * arguments fail coercion or validation never reaches its resolver's checks, so it costs nothing.
 */
export function requestedChecks(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): RequestedCheck[] | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors !== undefined) return null;
  const root = schema.getRootType(operation.operation);
  if (root == null) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields = new Map<string, FieldNode>();
  collectRootFields(operation.selectionSet, { schema, root, fragments, variables: coerced.coerced, fields, visited: new Set() });

  const checks: RequestedCheck[] = [];
  for (const node of fields.values()) {
    const rule = CHECKING_FIELDS[node.name.value];
    const definition = root.getFields()[node.name.value];
    if (rule === undefined || definition === undefined) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, node, coerced.coerced);
    } catch {
      continue;
    }
    // type-graphql runs the same class-validator rules (schema/index.ts) and refuses with BAD_USER_INPUT.
    if (!targetArgsValid(rule.args, args)) continue;
    checks.push({ numbers: rule.numbers(args), targetAccountSid: (args.targetAccountSid as string | null | undefined) ?? null });
  }
  return checks;
}

interface Collection {
  readonly schema: GraphQLSchema;
  readonly root: GraphQLObjectType;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly fields: Map<string, FieldNode>;
  readonly visited: Set<string>;
}

/** graphql-js's collectFields for the root selection set (not exported by graphql 16's entry point). */
function collectRootFields(selectionSet: SelectionSetNode, into: Collection): void {
  for (const selection of selectionSet.selections) {
    if (!included(selection, into.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (!into.fields.has(key)) into.fields.set(key, selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (appliesToRoot(selection.typeCondition, into)) collectRootFields(selection.selectionSet, into);
    } else {
      const name = selection.name.value;
      const fragment = into.fragments.get(name);
      if (into.visited.has(name) || fragment === undefined) continue;
      into.visited.add(name);
      if (appliesToRoot(fragment.typeCondition, into)) collectRootFields(fragment.selectionSet, into);
    }
  }
}

function included(node: SelectionNode, variables: Readonly<Record<string, unknown>>): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}

function appliesToRoot(condition: InlineFragmentNode["typeCondition"], into: Collection): boolean {
  if (condition === undefined) return true;
  const type = typeFromAST(into.schema, condition);
  if (type === into.root) return true;
  return type !== undefined && isAbstractType(type) && into.schema.isSubType(type, into.root);
}
