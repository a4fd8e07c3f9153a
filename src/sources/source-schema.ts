import { GraphQLSchema, validateSchema, type GraphQLError, type GraphQLSchemaConfig } from 'graphql';

// graphql-js's message for a schema without a Query type.
const NO_QUERY_ROOT = 'Query root type must be provided';

/**
 * A source's schema from its root types, and what is wrong with it. A service of only mutations
 * or streams has no Query type, which a schema of its own must have; that is not a fault of the
 * source: in the gateway the other sources' queries fill that place, or the gateway gives Query a
 * placeholder of its own (compose/query-root.ts). No source invents a Query field of its own.
 */
export function sourceSchema(config: GraphQLSchemaConfig): { schema: GraphQLSchema; errors: readonly GraphQLError[] } {
  const schema = new GraphQLSchema(config);
  const errors = validateSchema(schema).filter((error) => !error.message.startsWith(NO_QUERY_ROOT));
  return { schema: config.query ? schema : new GraphQLSchema({ ...config, assumeValid: true }), errors };
}
