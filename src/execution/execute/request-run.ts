import type { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLResolveInfo, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { LinkRuntime } from '../../links/runtime.js';
import type { QueryPlan } from '../plan/query-plan.js';

/** One execution of a plan: its inputs and what its fetches answered, indexed by fetch id. */
export interface RequestRun {
  plan: QueryPlan;
  schema: GraphQLSchema;
  runtime: LinkRuntime;
  context: unknown;
  /** Variables as the client sent them: forwarded to GraphQL sources. */
  rawVariables: Readonly<Record<string, unknown>>;
  /** Variables coerced by the gateway's types: arguments of REST and gRPC calls. */
  variableValues: Record<string, unknown>;
  outputs: unknown[];
  /** What a REST or gRPC root operation reads about the field it answers. */
  info(field: GraphQLField<unknown, unknown> | undefined, nodes: readonly FieldNode[], rootType: string, key: string): GraphQLResolveInfo;
}

export interface RequestRunInput {
  plan: QueryPlan;
  schema: GraphQLSchema;
  runtime: LinkRuntime;
  context: unknown;
  rootValue: unknown;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  rawVariables: Readonly<Record<string, unknown>>;
  variableValues: Record<string, unknown>;
}

export function createRequestRun(input: RequestRunInput): RequestRun {
  const { schema, operation, fragments, rootValue, variableValues } = input;
  return {
    plan: input.plan,
    schema,
    runtime: input.runtime,
    context: input.context,
    rawVariables: input.rawVariables,
    variableValues,
    outputs: new Array(input.plan.fetches.length),
    info(field, nodes, rootType, key) {
      const parentType = schema.getType(rootType) as GraphQLResolveInfo['parentType'];
      return {
        fieldName: field?.name ?? key,
        fieldNodes: nodes,
        returnType: field?.type as GraphQLResolveInfo['returnType'],
        parentType,
        path: { prev: undefined, key, typename: rootType },
        schema,
        fragments,
        rootValue,
        operation,
        variableValues,
      };
    },
  };
}
