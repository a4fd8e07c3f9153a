import { typeFromAST, type GraphQLInputType } from 'graphql';
import { serializeInputValue } from '@graphql-tools/utils';
import type { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLResolveInfo, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { LinkRuntime } from '../../links/runtime.js';
import type { QueryPlan } from '../plan/query-plan.js';

/** One execution of a plan: its inputs and what its fetches answered, indexed by fetch id. */
export interface RequestRun {
  plan: QueryPlan;
  schema: GraphQLSchema;
  runtime: LinkRuntime;
  context: unknown;
  /** Variables coerced by the gateway's types: arguments of REST and gRPC calls. */
  variableValues: Record<string, unknown>;
  /**
   * The named variables as a GraphQL source receives them: serialized by the gateway's types, so
   * a shared scalar reaches the service in its one written form, whatever form the client used.
   */
  sourceVariables(names: readonly string[]): Record<string, unknown>;
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
  variableValues: Record<string, unknown>;
}

export function createRequestRun(input: RequestRunInput): RequestRun {
  const { schema, operation, fragments, rootValue, variableValues } = input;
  return {
    plan: input.plan,
    schema,
    runtime: input.runtime,
    context: input.context,
    variableValues,
    outputs: new Array(input.plan.fetches.length),
    sourceVariables(names) {
      const values: Record<string, unknown> = {};
      for (const name of names) {
        if (!(name in variableValues)) continue;
        const definition = operation.variableDefinitions?.find((candidate) => candidate.variable.name.value === name);
        const type = definition && (typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined);
        values[name] = type ? serializeInputValue(type, variableValues[name]) : variableValues[name];
      }
      return values;
    },
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

/** What a keyed fetch answered: by key (links) and by response key (root fields batched by key). */
export interface KeyedOutput {
  byKey: Map<string, unknown>;
  byResponseKey: Map<string, unknown>;
}
