import { GraphQLError, isScalarType, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { Problem } from '../config/problems.js';
import { sharedScalarFor } from '../scalars/index.js';
import type { SourceEntry } from '../sources/registry.js';
import { graphqlProblem } from '../sources/sdl-files.js';

/**
 * Puts the shared scalars' own definitions into the gateway schema. Stitching leaves every custom
 * scalar of a subschema without parsing (its wrapping schema passes values on for the source to
 * check) and merges same-named scalars by taking the last source's; the gateway must check a
 * value before any source is called, and describe a scalar the same way whichever sources it has.
 */
export function withSharedScalars(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.SCALAR_TYPE]: (type) => sharedScalarFor(type) ?? type,
  });
}

/**
 * A source scalar named like a shared one (a GraphQL service's `scalar DateTime`) is the shared
 * scalar in the gateway: the gateway refuses what it does not accept and passes values on in its
 * written form. Unless the source cites the same specification (`@specifiedBy`), say so.
 */
export function sharedScalarNotes(sources: readonly SourceEntry[]): Problem[] {
  const notes: Problem[] = [];
  for (const entry of sources) {
    for (const type of Object.values(entry.loaded.schema.getTypeMap())) {
      const shared = sharedScalarFor(type);
      if (!shared || !isScalarType(type) || type.specifiedByURL === shared.specifiedByURL) continue;
      const meaning = (shared.description ?? '').replace(/\.$/, '');
      const message =
        `scalar ${type.name} is the gateway's shared ${shared.name} (${meaning}): values it refuses never reach source "${entry.name}". ` +
        `If the service means the same, add @specifiedBy(url: "${shared.specifiedByURL}") to its definition`;
      notes.push(graphqlProblem(new GraphQLError(message, { ...(type.astNode && { nodes: type.astNode }) }), entry.file));
    }
  }
  return notes;
}
