import { GraphQLError, TypeInfo, getNamedType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { plexusError } from '../errors.js';

/**
 * The refusal of an operation the query planner does not cover that reads a federation entity:
 * the standard executor cannot fetch an entity's fields through `_entities`, and would answer
 * them wrongly. Undefined when the operation reads none (introspection, say).
 */
export function federatedFallbackError(schema: GraphQLSchema, document: DocumentNode, federatedTypes: ReadonlySet<string>): GraphQLError | undefined {
  if (federatedTypes.size === 0) return undefined;
  const typeInfo = new TypeInfo(schema);
  let reads: string | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        const named = type ? getNamedType(type).name : undefined;
        const found = [parent?.name, named].find((name) => name !== undefined && federatedTypes.has(name));
        if (found && reads === undefined) reads = found;
      },
    }),
  );
  if (reads === undefined) return undefined;
  return plexusError(
    'BAD_USER_INPUT',
    `this operation reads ${reads}, a federation entity, in a way the query planner does not cover (introspection next to data, say), and only the planner fetches federation entities; send such parts as separate operations`,
  );
}
