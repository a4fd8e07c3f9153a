import { GraphQLObjectType, type GraphQLError, type GraphQLFieldConfigMap, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { sourceSchema } from '../source-schema.js';
import type { OperationPlan } from './operations.js';

type Resolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;

/**
 * The source's schema: one root field per mapped operation, each resolved by `resolverFor`. A
 * document without GET or HEAD operations has no Query type (see source-schema.ts).
 */
export function buildSourceSchema(
  plans: readonly OperationPlan[],
  resolverFor: (plan: OperationPlan) => Resolver,
): { schema: GraphQLSchema; errors: readonly GraphQLError[] } {
  const roots = { Query: {} as GraphQLFieldConfigMap<unknown, unknown>, Mutation: {} as GraphQLFieldConfigMap<unknown, unknown> };
  for (const plan of plans) {
    roots[plan.rootType][plan.field] = {
      type: plan.type,
      args: plan.args,
      ...(plan.description !== undefined && { description: plan.description }),
      ...(plan.deprecationReason !== undefined && { deprecationReason: plan.deprecationReason }),
      resolve: resolverFor(plan),
    };
  }
  const root = (name: keyof typeof roots) => (Object.keys(roots[name]).length > 0 ? new GraphQLObjectType({ name, fields: roots[name] }) : undefined);
  return sourceSchema({ query: root('Query'), mutation: root('Mutation') });
}
