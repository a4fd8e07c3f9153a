import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, type GraphQLFieldConfigMap, type GraphQLFieldResolver } from 'graphql';
import { camelName } from './names.js';
import type { OperationPlan } from './operations.js';

type Resolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;

/**
 * The source's schema: one root field per mapped operation, each resolved by `resolverFor`.
 * GraphQL requires a Query type; a document with no GET or HEAD operation gets a single
 * `_<source>` placeholder field that answers true.
 */
export function buildSourceSchema(sourceName: string, plans: readonly OperationPlan[], resolverFor: (plan: OperationPlan) => Resolver): GraphQLSchema {
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
  if (Object.keys(roots.Query).length === 0) {
    roots.Query[`_${camelName(sourceName)}`] = {
      type: GraphQLBoolean,
      description: `Source "${sourceName}" has no query operations; GraphQL needs at least one Query field. Always true.`,
      resolve: () => true,
    };
  }
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: roots.Query }),
    ...(Object.keys(roots.Mutation).length > 0 && { mutation: new GraphQLObjectType({ name: 'Mutation', fields: roots.Mutation }) }),
  });
}
